/**
 * The playground: what TensorFlow Playground shows, computed by jgrad. {@link
 * dev.jgrad.examples.playground.Playground} trains a small {@code Mlp} on a 2-d data set and
 * records frames (decision boundary, each hidden neuron's activation map through forward hooks, the
 * loss, one sample's graph); {@link dev.jgrad.examples.playground.PlaygroundPage} writes them as
 * one offline HTML page that scrubs through the run.
 */
package dev.jgrad.examples.playground;
