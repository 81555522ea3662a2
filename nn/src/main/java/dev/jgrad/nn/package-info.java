/**
 * Neural networks built on the autograd engine: {@link dev.jgrad.nn.Module} (named parameters,
 * train/eval mode, state dicts), the neuron picture ({@link dev.jgrad.nn.Neuron}, {@link
 * dev.jgrad.nn.Layer}, {@link dev.jgrad.nn.Mlp}), the fast layers ({@link dev.jgrad.nn.Linear},
 * {@link dev.jgrad.nn.Sequential}, activations, dropout, layer norm, embeddings), the
 * convolutional layers ({@link dev.jgrad.nn.Conv2d} and its kin, pooling, {@link
 * dev.jgrad.nn.Flatten}, batch and group norm, whose running statistics are buffers) and {@link
 * dev.jgrad.nn.Losses}. Every forward pass is made of differentiable tensor ops, so gradients come
 * from the engine; the one exception is {@link dev.jgrad.nn.Losses#binaryCrossEntropy}, whose
 * backward is PyTorch's formula (a large gradient where the clamped logs would pass back 0).
 */
package dev.jgrad.nn;
