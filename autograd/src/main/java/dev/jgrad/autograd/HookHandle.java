package dev.jgrad.autograd;

/** A registered gradient hook; {@link #remove()} unregisters it. */
@FunctionalInterface
public interface HookHandle {
  /** Unregisters the hook; later backward passes no longer call it. */
  void remove();
}
