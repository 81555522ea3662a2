package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The engine's in-place accumulation shortcuts give the gradients of the plain rules: a narrow's
 * gradient added into its slice of the pending gradient (instead of a zero-padded full-size
 * tensor), and a linear op's weight and bias gradients added straight into their pending
 * gradients ({@link Op#fastBackwardInto}). The reference is the same graph differentiated with
 * {@code createGraph}, where the engine runs each op's differentiable rule and takes neither
 * shortcut. Both dtypes; narrows along either dim, overlapping or not, mixed with a direct use of
 * the sliced tensor before or after them; a weight shared by a chain of steps.
 */
class InPlaceAccumulationProperties {

  private static void assertSameGradient(Tensor want, Tensor got, DType dtype, String what) {
    double tol = dtype == DType.F64 ? 1e-12 : 1e-5;
    double[] w = want.to(DType.F64).toArray();
    double[] g = got.to(DType.F64).toArray();
    assertEquals(w.length, g.length, what);
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i], g[i], tol * (1 + Math.abs(w[i])), what + " element " + i);
    }
  }

  @Property(tries = 150)
  void narrowsAddIntoTheirSlices(
      @ForAll @IntRange(min = 1, max = 9) int rows,
      @ForAll @IntRange(min = 1, max = 7) int cols,
      @ForAll @IntRange(min = 1, max = 12) int narrows,
      @ForAll @IntRange(min = 0, max = 2) int directUse,
      @ForAll boolean f32,
      @ForAll long seed) {
    DType dtype = f32 ? DType.F32 : DType.F64;
    Random r = new Random(seed);
    Tensor leaf = Tensor.randn(r, rows, cols).to(dtype).requiresGrad();
    Tensor x = leaf.mul(1.5); // an op node, so its gradient is pending in the engine
    List<Tensor> terms = new ArrayList<>();
    if (directUse == 1) {
      terms.add(x.mul(Tensor.randn(r, rows, cols).to(dtype)).sum());
    }
    for (int k = 0; k < narrows; k++) {
      int dim = r.nextInt(2);
      int size = dim == 0 ? rows : cols;
      int start = r.nextInt(size);
      int length = 1 + r.nextInt(size - start);
      Tensor slice = x.narrow(dim, start, length);
      terms.add(slice.mul(Tensor.randn(r, slice.shape()).to(dtype)).sum());
    }
    if (directUse == 2) {
      terms.add(x.mul(Tensor.randn(r, rows, cols).to(dtype)).sum());
    }
    Tensor loss = terms.get(0);
    for (int k = 1; k < terms.size(); k++) {
      loss = loss.add(terms.get(k));
    }
    Tensor want = Autograd.grad(loss, leaf, true).detach();
    loss.backward();
    assertSameGradient(want, leaf.grad(), dtype, "d loss / d leaf");
  }

  @Property(tries = 100)
  void aWeightSharedByManyLinearStepsGetsTheSumOfTheirGradients(
      @ForAll @IntRange(min = 1, max = 9) int steps,
      @ForAll @IntRange(min = 1, max = 5) int batch,
      @ForAll @IntRange(min = 1, max = 6) int width,
      @ForAll boolean f32,
      @ForAll long seed) {
    DType dtype = f32 ? DType.F32 : DType.F64;
    Random r = new Random(seed);
    Tensor w = Tensor.randn(r, width, width).mul(0.5).to(dtype).requiresGrad();
    Tensor b = Tensor.randn(r, width).to(dtype).requiresGrad();
    Tensor h = Tensor.randn(r, batch, width).to(dtype).requiresGrad();
    Tensor state = h;
    for (int t = 0; t < steps; t++) {
      state = Tensor.linear(state, w, b).tanh();
    }
    Tensor loss = state.mul(Tensor.randn(r, batch, width).to(dtype)).sum();
    List<Tensor> want = Autograd.grad(List.of(loss), List.of(w, b, h), true);
    loss.backward();
    assertSameGradient(want.get(0).detach(), w.grad(), dtype, "d loss / d w");
    assertSameGradient(want.get(1).detach(), b.grad(), dtype, "d loss / d b");
    assertSameGradient(want.get(2).detach(), h.grad(), dtype, "d loss / d h");
  }
  /**
   * Products of operands of one shape and dtype (a neuron's {@code w_i x_i} of scalars, weights
   * shared by many samples, some inputs used twice, {@code w * w}) add straight into their
   * pending gradients: the same bits as the rule's product followed by the engine's sum.
   */
  @Property(tries = 100)
  void sharedFactorsOfProductsGetTheRulesSumsExactly(
      @ForAll @IntRange(min = 1, max = 6) int samples,
      @ForAll @IntRange(min = 1, max = 5) int width,
      @ForAll @IntRange(min = 0, max = 2) int dims,
      @ForAll boolean f32,
      @ForAll long seed) {
    DType dtype = f32 ? DType.F32 : DType.F64;
    Random r = new Random(seed);
    int[] shape = dims == 0 ? new int[0] : dims == 1 ? new int[] {3} : new int[] {2, 1};
    Tensor[] w = new Tensor[width];
    for (int i = 0; i < width; i++) {
      w[i] = Tensor.randn(dtype, r, shape).requiresGrad();
    }
    Tensor bias = Tensor.randn(dtype, r, shape).requiresGrad();
    Tensor loss = bias.mul(bias);
    for (int s = 0; s < samples; s++) {
      Tensor x = Tensor.randn(dtype, r, shape).requiresGrad(s % 2 == 0);
      Tensor act = bias;
      for (int i = 0; i < width; i++) {
        act = act.add(w[i].mul(x));
      }
      loss = loss.add(act.relu().mul(act).mul(w[s % width]));
    }
    Tensor[] wanted = new Tensor[width + 1];
    System.arraycopy(w, 0, wanted, 0, width);
    wanted[width] = bias;
    Tensor total = loss.sum();
    List<Tensor> want = Autograd.grad(List.of(total), java.util.Arrays.asList(wanted), true);
    total.backward();
    for (int i = 0; i <= width; i++) {
      assertEquals(
          java.util.Arrays.toString(want.get(i).detach().toArray()),
          java.util.Arrays.toString(wanted[i].grad().toArray()),
          "d loss / d input " + i);
    }
  }
}
