/**
 * Raw loops over {@code double[]} storage: elementwise maps with broadcasting, reductions,
 * matrix products and data movement. Kernels know nothing of graphs or gradients; the ops in
 * {@code dev.jgrad.autograd} call them for their forward passes. This is the one place to make
 * fast (blocking, SIMD, threads) without touching graph code.
 */
package dev.jgrad.autograd.kernels;
