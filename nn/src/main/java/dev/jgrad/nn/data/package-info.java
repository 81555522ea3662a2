/**
 * Data handling for training: a {@link dev.jgrad.nn.data.Dataset} of feature and label tensors,
 * seeded shuffled mini-batches, train/test splits, scaling fitted on training data only, one-hot
 * encoding and numeric CSV loading (plain or gzip) with errors that point at the bad cell.
 */
package dev.jgrad.nn.data;
