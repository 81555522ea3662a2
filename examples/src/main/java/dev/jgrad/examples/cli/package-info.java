/**
 * The command-line plumbing shared by the examples: the common options ({@code --epochs},
 * {@code --seed}, {@code --out}, {@code --quiet}), their checks, the {@link
 * dev.jgrad.examples.cli.Run} an example prints through, and a text progress bar. Built on
 * picocli.
 */
package dev.jgrad.examples.cli;
