package dev.jgrad.autograd.kernels;

/**
 * Loads the kernels compiled against the incubating {@code jdk.incubator.vector} module (they live
 * in {@code src/main/vector}), as Apache Lucene does: reflectively, so that a JVM without
 * {@code --add-modules jdk.incubator.vector} gets null and the caller falls back to plain loops
 * (as it does with {@code -Djgrad.vector=false}).
 */
final class VectorModule {
  private VectorModule() {}

  /** Whether the SIMD kernels may be used at all ({@code -Djgrad.vector}, default true). */
  static boolean enabled() {
    return Boolean.parseBoolean(System.getProperty("jgrad.vector", "true"));
  }

  /**
   * Returns a new instance of {@code className} as a {@code type}, or null when the class cannot be
   * loaded (the module is absent, so linking fails). Callers check {@link #enabled} first.
   */
  static <T> T load(String className, Class<T> type) {
    try {
      Class<?> cls = Class.forName(className);
      return type.cast(cls.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }
}
