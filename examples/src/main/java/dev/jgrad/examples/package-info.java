/**
 * Runnable examples of jgrad, one short class each, and {@link dev.jgrad.examples.Main}, the
 * {@code jgrad} command line that lists and runs them. Each example prints its progress, then
 * its results as {@code name: value} lines, and writes its pictures to the {@code --out}
 * directory. Start with {@link dev.jgrad.examples.DigitsExample}.
 */
package dev.jgrad.examples;
