/**
 * The jgrad engine's public face, and its ops. {@link dev.jgrad.autograd.Tensor} (n-d, F64 or
 * F32, see {@link dev.jgrad.autograd.DType}) and {@link dev.jgrad.autograd.Value} (scalar) are
 * nodes of one computation graph; {@link dev.jgrad.autograd.Autograd} returns gradients as values
 * (also of gradients), {@link dev.jgrad.autograd.Function} makes user-defined ops, and {@link
 * dev.jgrad.autograd.GradCheck} checks any of them against central differences. Each primitive
 * is one record of the sealed {@link dev.jgrad.autograd.Op} in its family file ({@code UnaryOps},
 * {@code BinaryOps}, {@code ReduceOps}, {@code LinalgOps}, {@code ShapeOps}): its forward, its
 * vector-Jacobian product, its formula and its scalar form side by side. The ops live in this
 * package, beside {@code Tensor}, because Java has no friend access: they read storage and shape
 * arrays through package-private accessors that no user code can reach.
 */
package dev.jgrad.autograd;
