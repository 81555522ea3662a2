/**
 * The jgrad engine. {@link dev.jgrad.autograd.Tensor} (n-d) and {@link dev.jgrad.autograd.Value}
 * (scalar) are nodes of one computation graph; every op records its inputs and an {@link
 * dev.jgrad.autograd.Op} that holds its forward pass and its derivative side by side. {@code
 * backward()} orders the graph iteratively and applies the chain rule once per node; {@link
 * dev.jgrad.autograd.Autograd} returns gradients as values (also of gradients), and {@link
 * dev.jgrad.autograd.GradCheck} checks any of them against central differences.
 */
package dev.jgrad.autograd;
