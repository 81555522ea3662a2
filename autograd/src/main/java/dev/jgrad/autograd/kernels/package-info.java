/**
 * Storage and loops. {@link dev.jgrad.autograd.kernels.Storage} holds a tensor's elements as
 * {@code double[]} or {@code float[]}; the kernels (elementwise maps with broadcasting,
 * reductions, data movement, matrix products, sliding windows (im2col/col2im, window maxima),
 * in-place updates) are the only code that looks at
 * which one it is, with the float loop beside the double loop. Kernels know nothing of graphs or
 * gradients; this is the one place to make fast (blocking, SIMD through the Vector API with a
 * scalar fallback, threads) without touching graph code.
 */
package dev.jgrad.autograd.kernels;
