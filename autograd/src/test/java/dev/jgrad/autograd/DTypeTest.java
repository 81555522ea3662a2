package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Float32 beside float64: factories, promotion, casts and their gradients, and dtype errors. */
class DTypeTest {

  @Test
  void factoriesMakeTheAskedDtype() {
    assertEquals(DType.F64, Tensor.zeros(2).dtype());
    assertEquals(DType.F32, Tensor.zeros(DType.F32, 2, 3).dtype());
    assertEquals(DType.F32, Tensor.ones(DType.F32, 2).dtype());
    assertEquals(DType.F32, Tensor.full(DType.F32, 0.1, 2).dtype());
    assertEquals((float) 0.1, Tensor.full(DType.F32, 0.1, 2).toFloatArray()[1]);
    assertEquals(DType.F32, Tensor.arange(DType.F32, 4).dtype());
    assertEquals(DType.F32, Tensor.arange(DType.F32, 0, 1, 0.25).dtype());
    assertEquals(DType.F32, Tensor.of(new float[] {1, 2, 3}).dtype());
    assertArrayEquals(new int[] {3}, Tensor.of(new float[] {1, 2, 3}).shape());
    assertEquals(DType.F32, Tensor.scalar(DType.F32, 2).dtype());
  }

  @Test
  void randomFactoriesDrawTheSameNumbersInBothDtypes() {
    float[] f = Tensor.randn(DType.F32, new Random(3), 5).toFloatArray();
    double[] d = Tensor.randn(DType.F64, new Random(3), 5).toArray();
    for (int i = 0; i < 5; i++) {
      assertEquals((float) d[i], f[i]);
    }
    for (float u : Tensor.rand(DType.F32, new Random(4), 1000).toFloatArray()) {
      assertTrue(u >= 0 && u < 1, "uniform in [0, 1): " + u);
    }
  }

  @Test
  void promotionFollowsPyTorch() {
    Tensor f = Tensor.of(new float[] {1, 2});
    Tensor d = Tensor.of(new double[] {1, 2});
    assertEquals(DType.F64, f.add(d).dtype(), "F32 with F64 gives F64");
    assertEquals(DType.F32, f.add(2.5).dtype(), "a Java double constant does not promote");
    assertEquals(DType.F32, f.mul(Tensor.scalar(3)).dtype(), "a 0-d F64 tensor does not promote dims");
    assertEquals(DType.F64, Tensor.scalar(DType.F32, 1).add(Tensor.scalar(2)).dtype());
    assertEquals(DType.F32, f.where(f.gt(1), 0.0).dtype());
    assertEquals(DType.F64, Tensor.cat(List.of(f, d), 0).dtype());
  }

  @Test
  void toIsDifferentiableAndGivesTheGradientInTheSourceDtype() {
    Tensor x = Tensor.of(new double[] {0.5, -1.5}).requiresGrad();
    Tensor y = x.to(DType.F32);
    assertEquals(DType.F32, y.dtype());
    assertEquals("toF32", y.op().name());
    y.mul(y).sum().backward();
    assertEquals(DType.F64, x.grad().dtype());
    assertArrayEquals(new double[] {1.0, -3.0}, x.grad().toArray(), 1e-7);
    assertSame(x, x.to(DType.F64), "a cast to the own dtype is the tensor itself");
  }

  @Test
  void float32GradientsAreFloat32AndMatchFloat64() {
    Random r = new Random(1);
    Tensor w64 = Tensor.randn(r, 3, 4).requiresGrad();
    Tensor x64 = Tensor.randn(r, 5, 3);
    Tensor w32 = w64.detach().to(DType.F32).requiresGrad();
    Tensor x32 = x64.to(DType.F32);
    x64.matmul(w64).tanh().sum().backward();
    x32.matmul(w32).tanh().sum().backward();
    assertEquals(DType.F32, w32.grad().dtype());
    double[] a = w64.grad().toArray();
    double[] b = w32.grad().toArray();
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-5 * (1 + Math.abs(a[i])));
    }
  }

  @Test
  void mixedDtypesWherePyTorchRefusesNameBoth() {
    Tensor f = Tensor.ones(DType.F32, 2, 3);
    Tensor d = Tensor.ones(3, 2);
    var e = assertThrows(IllegalArgumentException.class, () -> f.matmul(d));
    assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("F32")
        && e.getMessage().contains("F64"), e.getMessage());
    var l = assertThrows(IllegalArgumentException.class,
        () -> Tensor.linear(Tensor.ones(DType.F32, 2, 2), Tensor.ones(3, 2), null));
    assertTrue(l.getMessage().contains("linear") && l.getMessage().contains("F32")
        && l.getMessage().contains("F64"), l.getMessage());
  }

  @Test
  void toNullIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2).to(null));
    assertTrue(e.getMessage().startsWith("to:"), e.getMessage());
    var z = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros((DType) null, 2));
    assertTrue(z.getMessage().startsWith("zeros:"), z.getMessage());
  }

  @Test
  void gradCheckRefusesFloat32Inputs() {
    Tensor x = Tensor.ones(DType.F32, 2);
    var e = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.check(in -> in.get(0).mul(2).sum(), x));
    assertTrue(e.getMessage().contains("F32") && e.getMessage().contains("F64"), e.getMessage());
  }

  @Test
  void float32PrintsAsFloatsAndSaysItsDtype() {
    assertEquals("tensor([0.1, 2.0], shape=[2], dtype=F32)",
        Tensor.of(new float[] {0.1f, 2f}).toString());
  }

  @Test
  void inPlaceUpdatesKeepTheLeafsDtype() {
    Tensor p = Tensor.of(new float[] {1, 2}).requiresGrad();
    try (var off = Autograd.noGrad()) {
      p.addInPlace(Tensor.of(new double[] {0.5, 0.5}), -2);
      p.mulInPlace(3);
      p.addcmulInPlace(Tensor.ones(2), Tensor.full(2.0, 2), 1);
      p.addcdivInPlace(Tensor.ones(2), Tensor.full(4.0, 2), 4);
    }
    assertEquals(DType.F32, p.dtype());
    assertArrayEquals(new double[] {3, 6}, p.toArray());
    var e = assertThrows(IllegalStateException.class, () -> p.mulInPlace(2));
    assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
  }

  @Test
  void setDataTakesTheNewDtypeAndClearsAGradientOfTheOldOne() {
    Tensor p = Tensor.ones(2).requiresGrad();
    p.mul(p).sum().backward();
    p.setData(Tensor.full(DType.F32, 3, 2));
    assertEquals(DType.F32, p.dtype());
    assertNull(p.grad());
    assertArrayEquals(new double[] {3, 3}, p.toArray());
  }
}
