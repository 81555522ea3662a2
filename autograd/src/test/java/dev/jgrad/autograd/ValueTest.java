package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValueTest {
  private static void assertRel(double expected, double actual) {
    assertEquals(expected, actual, Math.abs(expected) * 1e-12, () -> "expected " + expected + " got " + actual);
  }

  /** micrograd's README expression; numbers from micrograd's own test (test_more_ops). */
  @Test
  void microgradReadmeExpression() {
    Value a = Value.of(-4.0, "a");
    Value b = Value.of(2.0, "b");
    Value c = a.add(b);
    Value d = a.mul(b).add(b.pow(3));
    c = c.add(c.add(1));
    c = c.add(c.add(1).add(a.neg()));
    d = d.add(d.mul(2).add(b.add(a).relu()));
    d = d.add(d.mul(3).add(b.sub(a).relu()));
    Value e = c.sub(d);
    Value f = e.pow(2);
    Value g = f.div(2.0);
    g = g.add(Value.of(10.0).div(f));
    g.backward();
    assertRel(24.70408163265306, g.data());
    assertRel(138.83381924198252, a.grad());
    assertRel(645.5772594752186, b.grad());
  }

  @Test
  void microgradSanityCheck() {
    Value x = Value.of(-4.0);
    Value z = x.mul(2).add(2).add(x);
    Value q = z.relu().add(z.mul(x));
    Value h = z.mul(z).relu();
    Value y = h.add(q).add(q.mul(x));
    y.backward();
    assertRel(-20.0, y.data());
    assertRel(46.0, x.grad());
  }

  @Test
  void diamondAccumulates() {
    Value a = Value.of(3.0);
    Value b = a.add(a);
    Value c = b.add(b);
    c.backward();
    assertEquals(4.0, a.grad());
    assertEquals(2.0, b.grad());
  }

  @Test
  void backwardTwiceAccumulatesOnLeaves() {
    Value a = Value.of(3.0);
    Value y = a.mul(a);
    y.backward();
    assertEquals(6.0, a.grad());
    y.backward();
    assertEquals(12.0, a.grad());
  }

  @Test
  void millionOpChainBackpropagates() {
    Tensor x = Tensor.scalar(1.0).requiresGrad();
    Tensor y = x;
    for (int i = 0; i < 1_000_000; i++) {
      y = y.mul(1.0000001);
    }
    y.backward();
    assertEquals(Math.pow(1.0000001, 1_000_000), x.grad().item(), 1e-9);
  }

  @Test
  void secondBackwardThroughFreedGraphFails() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    Tensor y = x.exp().mul(3);
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("freed"), e.getMessage());
  }

  @Test
  void higherOrder() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
    Tensor dy = Autograd.grad(x.pow(3).sum(), x, true);
    assertEquals("[3.0, 12.0, 27.0]", java.util.Arrays.toString(dy.toArray()));
    Tensor d2 = Autograd.grad(dy.sum(), x, false);
    assertEquals("[6.0, 12.0, 18.0]", java.util.Arrays.toString(d2.toArray()));
  }

  @Test
  void gradCheckPassesAndFails() {
    Tensor x = Tensor.randn(new java.util.Random(1), 3, 4);
    Tensor w = Tensor.randn(new java.util.Random(2), 4, 2);
    GradCheck.check(in -> in.get(0).matmul(in.get(1)).tanh().softmax(-1).logSumExp(0, false), x, w).assertOk();
    GradCheck.gradGradCheck(in -> in.get(0).matmul(in.get(1)).tanh().pow(3).sum(), x, w).assertOk();
    Function wrong = Function.of("wrongSquare", in -> in[0].mul(in[0]), (g, out, in) -> new Tensor[] {g.mul(in[0])});
    GradCheck.Report r = GradCheck.check(in -> wrong.apply(in.get(0)), x);
    System.out.println(r);
    assertThrows(GradCheck.GradCheckFailure.class, r::assertOk);
  }
}
