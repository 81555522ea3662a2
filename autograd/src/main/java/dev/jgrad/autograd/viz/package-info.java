/**
 * Pictures and explanations of the computation graph, for learners and teachers. {@link
 * dev.jgrad.autograd.viz.Graphs} exports any {@code Value} or {@code Tensor} graph as Graphviz
 * DOT, as JSON (schema in {@code docs/graph-json.md}) or as one self-contained HTML page that
 * steps through the forward and the backward pass. {@link dev.jgrad.autograd.viz.BackwardSteps}
 * gives the same backward pass as data and as text, {@link dev.jgrad.autograd.viz.ChainRule}
 * lists the paths whose products add up to a gradient, and {@link
 * dev.jgrad.autograd.viz.ScalarGraph} expands a small tensor expression into scalar values. The
 * package observes the engine (its topological order and a {@code BackwardObserver} on its one
 * backward loop) and reads what each op says of itself ({@code Op.formula()}, {@code
 * Op.scalarForm()}); it never replays the chain rule.
 */
package dev.jgrad.autograd.viz;
