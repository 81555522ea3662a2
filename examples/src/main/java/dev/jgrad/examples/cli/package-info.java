/**
 * The command-line plumbing shared by the examples: the common options ({@code --epochs},
 * {@code --seed}, {@code --out}, {@code --quiet}), their checks, and the {@link
 * dev.jgrad.examples.cli.Run} an example prints through (results, pictures and the nn {@code
 * ProgressBar}). Built on picocli.
 */
package dev.jgrad.examples.cli;
