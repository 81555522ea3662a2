package dev.jgrad.nn.train;

/**
 * The result of evaluating a model on a data set.
 *
 * @param loss the mean loss per example
 * @param accuracy the fraction of correct predictions, or NaN when the trainer has no class rule
 * @param confusion the confusion matrix {@code [actual][predicted]}, or null without a class rule
 */
public record Evaluation(double loss, double accuracy, int[][] confusion) {}
