package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Parameters are labelled with their dotted names, for graph pictures; user labels stay. */
class ParameterLabelTest {

  @Test
  void everyParameterOfANestedModelIsLabelledWithItsDottedName() {
    Sequential model =
        new Sequential(new Mlp(2, List.of(3, 1), new Random(0)), new Linear(1, 2, new Random(1)));
    for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
      assertEquals(p.getKey(), p.getValue().label());
    }
    assertEquals("0.layers.0.neurons.0.weight", model.parameters().get(0).label());
  }

  @Test
  void aUserLabelIsKept() {
    Linear linear = new Linear(2, 2, new Random(0));
    linear.weight().label("encoder weight");
    Sequential model = new Sequential(linear);
    assertEquals("encoder weight", linear.weight().label());
    assertEquals("0.bias", linear.bias().label());
    assertEquals(2, model.namedParameters().size());
  }

  @Test
  void aSharedModuleKeepsItsFirstName() {
    Linear shared = new Linear(2, 2, new Random(0));
    Sequential model = new Sequential(shared, new Tanh(), shared);
    assertEquals("0.weight", shared.weight().label());
    assertEquals(List.of("0.weight", "0.bias"), List.copyOf(model.namedParameters().keySet()));
  }
}
