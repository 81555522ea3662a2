/**
 * Raw loops over {@code double[]} storage: elementwise maps with broadcasting, reductions,
 * matrix products, data movement and sliding windows (im2col/col2im, window maxima). Kernels
 * know nothing of graphs or gradients; the ops in {@code dev.jgrad.autograd} call them for their
 * forward passes. This is the one place to make fast (blocking, SIMD, threads) without touching
 * graph code.
 */
package dev.jgrad.autograd.kernels;
