package dev.jgrad.examples;

import java.util.List;

/** The names of the examples the command line must offer. */
final class Examples {
  private Examples() {}

  static final List<String> NAMES =
      List.of(
          "digits", "moons", "curve", "xor", "custom", "gradcheck", "iris", "graph", "explain",
          "playground", "makemore");
}
