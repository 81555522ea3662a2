package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link GradientProperties} passes correct ops and fails wrong ones: a forgotten factor at first
 * order, and a backward built from detached numbers (right values, wrong second derivative).
 */
class GradientPropertiesTest {

  /** {@code out = x * sigmoid(x)}, with the right derivative written with tensor ops. */
  static final Function SWISH =
      Function.of(
          "swish",
          in -> in[0].mul(in[0].sigmoid()),
          (upstream, out, in) -> {
            Tensor s = in[0].sigmoid();
            return new Tensor[] {upstream.mul(s.add(in[0].mul(s).mul(s.neg().add(1))))};
          });

  /** {@code out = x^2} whose backward forgets the factor 2. */
  static final Function BAD_SQUARE =
      Function.of(
          "badSquare",
          in -> in[0].mul(in[0]),
          (upstream, out, in) -> new Tensor[] {upstream.mul(in[0])});

  /** {@code out = x^3} whose backward is right in value but built from a detached copy. */
  static final Function DETACHED_CUBE =
      Function.of(
          "detachedCube",
          in -> in[0].pow(3),
          (upstream, out, in) -> new Tensor[] {upstream.mul(in[0].detach().pow(2).mul(3))});

  /** {@code out = a * b + a}, broadcasting. */
  static final Function MUL_ADD =
      Function.of(
          "mulAdd",
          in -> in[0].mul(in[1]).add(in[0]),
          (upstream, out, in) ->
              new Tensor[] {
                upstream.mul(in[1].add(1)).sumTo(in[0].shape()),
                upstream.mul(in[0]).sumTo(in[1].shape())
              });

  @Property(tries = 100)
  void swishPassesBothOrders(@ForAll Tensor x) {
    GradientProperties.assertGradients(SWISH, x);
  }

  @Property(tries = 100)
  void broadcastingBinaryOpPassesBothOrders(@ForAll("pairs") List<Tensor> ab) {
    GradientProperties.assertGradients(MUL_ADD, ab);
  }

  @Provide
  Arbitrary<List<Tensor>> pairs() {
    return Tensors.broadcasting(2).between(-3, 3);
  }

  @Test
  void forgottenFactorFailsAtFirstOrderNamingTheInputAndValues() {
    Tensor x = Tensor.of(new double[] {0.5, -1.5, 2});
    GradCheck.GradCheckFailure failure =
        assertThrows(
            GradCheck.GradCheckFailure.class,
            () -> GradientProperties.assertGradients(BAD_SQUARE, x));
    String message = failure.getMessage();
    assertTrue(message.startsWith("gradcheck FAILED"), message);
    assertTrue(message.contains("input 0 [3]: MISMATCH"), message);
  }

  @Test
  void detachedBackwardPassesFirstOrderButFailsSecondOrder() {
    Tensor x = Tensor.of(new double[] {0.5, -1.5, 2});
    GradCheck.Fn f = in -> DETACHED_CUBE.apply(in.get(0));
    GradCheck.Options options = GradCheck.Options.defaults();
    GradientProperties.assertFirstOrder(f, List.of(x), options);
    GradCheck.GradCheckFailure failure =
        assertThrows(
            GradCheck.GradCheckFailure.class,
            () -> GradientProperties.assertGradients(DETACHED_CUBE, x));
    assertTrue(failure.getMessage().startsWith("gradGradCheck FAILED"), failure.getMessage());
  }

  @Test
  void nullFunctionIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradientProperties.assertGradients((Function) null, Tensor.scalar(1)));
    assertEquals(
        "GradientProperties.assertGradients: the function must not be null", e.getMessage());
  }
}
