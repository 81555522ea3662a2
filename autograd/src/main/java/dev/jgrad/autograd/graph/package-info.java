/**
 * The graph machinery, which knows nothing of particular ops. {@link
 * dev.jgrad.autograd.graph.Node} is the graph half of every tensor (op, inputs, gradient, hooks),
 * {@link dev.jgrad.autograd.graph.Graph#record} the one place where a node gets its op and inputs,
 * {@link dev.jgrad.autograd.graph.TopologicalOrder} the one iterative order that the engine and the
 * pictures share, and {@link dev.jgrad.autograd.graph.Engine} the one backward loop: it applies the
 * chain rule, sums broadcast gradients back to their shapes and dtypes, and lets a {@link
 * dev.jgrad.autograd.graph.BackwardObserver} watch each step.
 */
package dev.jgrad.autograd.graph;
