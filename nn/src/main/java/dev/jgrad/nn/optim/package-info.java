/**
 * Optimizers that turn gradients into parameter updates ({@link dev.jgrad.nn.optim.Sgd}, {@link
 * dev.jgrad.nn.optim.Adam}, {@link dev.jgrad.nn.optim.AdamW}, {@link dev.jgrad.nn.optim.RmsProp}),
 * gradient clipping and learning-rate schedules. Update rules follow PyTorch's documented
 * algorithms, checked against numbers computed by {@code torch.optim}. Every hyperparameter is
 * validated when the optimizer is built.
 */
package dev.jgrad.nn.optim;
