package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The functional derivatives agree with central differences and with each other on random shapes
 * and points: the Jacobian column by column, {@code jvp = J v}, {@code vjp = u J}, the Hessian
 * against differences of the gradient, {@code hvp = H v}, and H symmetric.
 */
class FunctionalProperties {
  private static final double EPS = 1e-6;

  @Provide
  Arbitrary<Long> seeds() {
    return Gen.seeds();
  }

  @Provide
  Arbitrary<int[]> shapes() {
    return Gen.shapes(0, 2);
  }

  /** A smooth vector function mixing elements: {@code tanh(1.3 x) * sum(x) + exp(x / 3)}. */
  private static Tensor mix(Tensor x) {
    return x.mul(1.3).tanh().mul(x.sum()).add(x.div(3).exp());
  }

  /** A smooth scalar function with off-diagonal second derivatives. */
  private static Tensor scalarMix(Tensor x) {
    return x.sin().mul(x.sum().tanh()).sum().add(x.pow(2).sum().mul(0.25).exp());
  }

  @Property(tries = 60)
  void jacobianMatchesCentralDifferences(@ForAll("shapes") int[] shape, @ForAll("seeds") long s) {
    Random random = new Random(s);
    Tensor x = Gen.tensor(random, Gen.uniform(-1.5, 1.5), shape);
    Tensor j = Autograd.jacobian(FunctionalProperties::mix, x);
    int m = mix(x).numel();
    int n = x.numel();
    double[] jd = j.toArray();
    for (int c = 0; c < n; c++) {
      double[] column = centralDifference(FunctionalProperties::mix, x, oneHot(n, c, shape));
      for (int r = 0; r < m; r++) {
        close(column[r], jd[r * n + c], "J[" + r + "][" + c + "]");
      }
    }
  }

  @Property(tries = 60)
  void jvpAndVjpAreJacobianProducts(@ForAll("shapes") int[] shape, @ForAll("seeds") long s) {
    Random random = new Random(s);
    Tensor x = Gen.tensor(random, Gen.uniform(-1.5, 1.5), shape);
    Tensor v = Tensor.randn(random, shape);
    Tensor y = mix(x);
    Tensor u = Tensor.randn(random, y.shape());
    double[] j = Autograd.jacobian(FunctionalProperties::mix, x).toArray();
    int m = y.numel();
    int n = x.numel();
    double[] jv = Autograd.jvp(FunctionalProperties::mix, x, v).toArray();
    double[] uj = Autograd.vjp(FunctionalProperties::mix, x, u).toArray();
    double[] numericJv = centralDifference(FunctionalProperties::mix, x, v);
    for (int r = 0; r < m; r++) {
      double sum = 0;
      for (int c = 0; c < n; c++) {
        sum += j[r * n + c] * v.toArray()[c];
      }
      close(sum, jv[r], "(J v)[" + r + "]");
      close(numericJv[r], jv[r], "(J v)[" + r + "] vs differences");
    }
    for (int c = 0; c < n; c++) {
      double sum = 0;
      for (int r = 0; r < m; r++) {
        sum += u.toArray()[r] * j[r * n + c];
      }
      close(sum, uj[c], "(u J)[" + c + "]");
    }
  }

  @Property(tries = 60)
  void hessianAndHvpMatchDifferencesOfTheGradient(
      @ForAll("shapes") int[] shape, @ForAll("seeds") long s) {
    Random random = new Random(s);
    Tensor x = Gen.tensor(random, Gen.uniform(-1.5, 1.5), shape);
    Tensor v = Tensor.randn(random, shape);
    UnaryOperator<Tensor> gradient = t -> Autograd.jacobian(FunctionalProperties::scalarMix, t);
    double[] h = Autograd.hessian(FunctionalProperties::scalarMix, x).toArray();
    double[] hv = Autograd.hvp(FunctionalProperties::scalarMix, x, v).toArray();
    double[] numericHv = centralDifference(gradient, x, v);
    int n = x.numel();
    assertArrayEquals(
        concat(shape, shape), Autograd.hessian(FunctionalProperties::scalarMix, x).shape());
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += h[i * n + k] * v.toArray()[k];
        close(h[i * n + k], h[k * n + i], "H symmetric at " + i + "," + k);
      }
      close(sum, hv[i], "(H v)[" + i + "]");
      close(numericHv[i], hv[i], "(H v)[" + i + "] vs differences");
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Tensor oneHot(int n, int k, int[] shape) {
    double[] e = new double[n];
    e[k] = 1;
    return shape.length == 0 ? Tensor.scalar(1) : Tensor.of(e, shape);
  }

  /** Returns {@code (f(x + eps d) - f(x - eps d)) / 2 eps}, flattened. */
  private static double[] centralDifference(UnaryOperator<Tensor> f, Tensor x, Tensor d) {
    double[] plus = f.apply(x.add(d.mul(EPS))).toArray();
    double[] minus = f.apply(x.sub(d.mul(EPS))).toArray();
    double[] out = new double[plus.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = (plus[k] - minus[k]) / (2 * EPS);
    }
    return out;
  }

  private static void close(double expected, double actual, String what) {
    double tolerance = 1e-6 + 1e-5 * Math.abs(expected);
    assertTrue(
        Math.abs(expected - actual) <= tolerance,
        what + ": expected " + expected + " but was " + actual);
  }
}
