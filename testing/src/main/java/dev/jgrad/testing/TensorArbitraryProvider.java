package dev.jgrad.testing;

import dev.jgrad.autograd.Tensor;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.providers.ArbitraryProvider;
import net.jqwik.api.providers.TypeUsage;

/**
 * Lets a property take {@code @ForAll Tensor x} without a provider method: jqwik finds this class
 * through {@code META-INF/services} and draws {@link Tensors#tensors()}.
 */
public final class TensorArbitraryProvider implements ArbitraryProvider {
  /** Creates the provider (jqwik calls this through the service loader). */
  public TensorArbitraryProvider() {}

  /** Returns whether the parameter is a {@link Tensor}. */
  @Override
  public boolean canProvideFor(TypeUsage targetType) {
    return targetType.isOfType(Tensor.class);
  }

  /** Returns {@link Tensors#tensors()}. */
  @Override
  public Set<Arbitrary<?>> provideFor(TypeUsage targetType, SubtypeProvider subtypeProvider) {
    return Set.of(Tensors.tensors());
  }
}
