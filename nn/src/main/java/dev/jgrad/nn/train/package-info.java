/**
 * Training: a {@code fit}-style {@link dev.jgrad.nn.train.Trainer} (epochs, mini-batches,
 * validation, early stopping, callbacks, a console progress bar, a NaN-loss guard), the {@link
 * dev.jgrad.nn.train.History} of per-epoch numbers for plotting, and classification {@link
 * dev.jgrad.nn.train.Metrics}. The trainer only packages the usual loop; a hand-written loop over
 * {@code Dataset.batches} is just as supported.
 */
package dev.jgrad.nn.train;
