package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.testing.GradientProperties;
import dev.jgrad.testing.Tensors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * How a user tests their own op with jgrad-testing: the custom example's hand-written swish
 * derivative, first and second order, on random shapes, in one line per property.
 */
class CustomExampleProperties {

  @Property(tries = 100)
  void swishGradientsOnDefaultTensors(@ForAll Tensor x) {
    GradientProperties.assertGradients(CustomExample.SWISH, x);
  }

  @Property(tries = 100)
  void swishGradientsOnWideInputs(@ForAll("wide") Tensor x) {
    GradientProperties.assertGradients(CustomExample.SWISH, x);
  }

  @Provide
  Arbitrary<Tensor> wide() {
    return Tensors.tensors().between(-6, 6);
  }
}
