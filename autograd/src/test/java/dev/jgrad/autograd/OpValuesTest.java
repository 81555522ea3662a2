package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked values and derivatives of the ops at points where both are known in closed form,
 * plus the conventions at kinks and domain edges (ties, boundaries, 0, NaN).
 */
class OpValuesTest {

  /** Asserts {@code f(x)} and {@code d f(x) / dx} (elementwise ops) at each point. */
  private static void assertValueAndSlope(
      UnaryOperator<Tensor> f, double[] x, double[] value, double[] slope) {
    Tensor t = Tensor.of(x).requiresGrad();
    Tensor y = f.apply(t);
    assertArrayEquals(value, y.toArray(), 1e-15, "value");
    y.sum().backward();
    assertArrayEquals(slope, t.grad().toArray(), 1e-15, "slope");
  }

  @Test
  void unaryValuesAndSlopes() {
    double e = Math.E;
    assertValueAndSlope(Tensor::neg, new double[] {2}, new double[] {-2}, new double[] {-1});
    assertValueAndSlope(Tensor::exp, new double[] {0, 1}, new double[] {1, e}, new double[] {1, e});
    assertValueAndSlope(Tensor::log, new double[] {1, e}, new double[] {0, 1}, new double[] {1, 1 / e});
    assertValueAndSlope(Tensor::sqrt, new double[] {4}, new double[] {2}, new double[] {0.25});
    assertValueAndSlope(Tensor::abs, new double[] {-3, 0, 2}, new double[] {3, 0, 2},
        new double[] {-1, 0, 1});
    assertValueAndSlope(Tensor::sin, new double[] {0}, new double[] {0}, new double[] {1});
    assertValueAndSlope(Tensor::cos, new double[] {0}, new double[] {1}, new double[] {-0.0});
    assertValueAndSlope(Tensor::tanh, new double[] {0}, new double[] {0}, new double[] {1});
    assertValueAndSlope(Tensor::sigmoid, new double[] {0, 800, -800}, new double[] {0.5, 1, 0},
        new double[] {0.25, 0, 0});
    assertValueAndSlope(Tensor::relu, new double[] {-1, 0, 2}, new double[] {0, 0, 2},
        new double[] {0, 0, 1});
    assertValueAndSlope(Tensor::softplus, new double[] {0, 800}, new double[] {Math.log(2), 800},
        new double[] {0.5, 1});
    // erf(1) and the standard normal CDF at 1, from tables (Abramowitz & Stegun 7.1, 26.2).
    assertValueAndSlope(Tensor::erf, new double[] {0, 1}, new double[] {0, 0.8427007929497149},
        new double[] {2 / Math.sqrt(Math.PI), 2 / Math.sqrt(Math.PI) / e});
    Tensor gelu = Tensor.of(new double[] {1, 0, -1}).gelu();
    assertArrayEquals(new double[] {0.8413447460685429, 0, -0.15865525393145707}, gelu.toArray(),
        1e-15);
    // The tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) and its derivative, at 1,
    // 0 and -1 (evaluated in double by hand; PyTorch's gelu(approximate="tanh") gives 0.8411920
    // and -0.1588080 in float).
    assertValueAndSlope(Tensor::geluTanh, new double[] {1, 0, -1},
        new double[] {0.8411919906082768, 0, -0.15880800939172324},
        new double[] {1.0829640838457826, 0.5, -0.08296408384578255});
  }

  /** where takes {@code a} wherever the condition is nonzero, NaN included, and {@code b} at 0 and -0. */
  @Test
  void whereConditions() {
    Tensor cond = Tensor.of(new double[] {Double.NaN, 0, -0.0, 2, -1e-300});
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5});
    for (DType d : DType.values()) {
      Tensor picked = Tensor.where(cond.to(d), a.to(d), Tensor.scalar(-1).to(d));
      assertArrayEquals(new double[] {1, -1, -1, 4, d == DType.F64 ? 5 : -1}, picked.toArray(), 0,
          d.toString()); // -1e-300 is -0 in float
    }
    Tensor inf = Tensor.where(Tensor.of(new double[] {1, 0}), Tensor.scalar(Double.NEGATIVE_INFINITY),
        Tensor.of(new double[] {Double.NaN, 7}));
    assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 7}, inf.toArray(), 0);
  }

  /**
   * Layer norm of {@code [1, 2, 3]}: mean 2, biased variance 2/3, so {@code x_hat = (x - 2) /
   * sqrt(2/3) = [-sqrt(3/2), 0, sqrt(3/2)]}; with weight {@code [1, 2, 3]} and bias {@code [0.5,
   * 0.5, 0.5]}; the gradient of {@code sum(out)} without weight is 0 (the sum of x_hat is
   * constant), and the weight's gradient is {@code x_hat}, the bias's 1.
   */
  @Test
  void layerNormValues() {
    double h = Math.sqrt(1.5);
    Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
    Tensor plain = Tensor.layerNorm(x, null, null, 0);
    assertArrayEquals(new double[] {-h, 0, h}, plain.toArray(), 1e-15);
    plain.sum().backward();
    assertArrayEquals(new double[] {0, 0, 0}, x.grad().toArray(), 1e-15);
    Tensor w = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
    Tensor b = Tensor.of(new double[] {0.5, 0.5, 0.5}).requiresGrad();
    Tensor out = Tensor.layerNorm(x.detach(), w, b, 0);
    assertArrayEquals(new double[] {0.5 - h, 0.5, 0.5 + 3 * h}, out.toArray(), 1e-15);
    out.sum().backward();
    assertArrayEquals(new double[] {-h, 0, h}, w.grad().toArray(), 1e-15);
    assertArrayEquals(new double[] {1, 1, 1}, b.grad().toArray(), 1e-15);
    // Rows are normalized independently; eps is added to the variance: var 0 gives 0, not NaN.
    Tensor rows = Tensor.layerNorm(Tensor.of(new double[][] {{4, 4}, {0, 2}}), null, null, 1e-5);
    assertArrayEquals(new double[] {0, 0, -1 / Math.sqrt(1 + 1e-5), 1 / Math.sqrt(1 + 1e-5)},
        rows.toArray(), 1e-15);
  }

  @Test
  void powConventions() {
    assertValueAndSlope(x -> x.pow(3), new double[] {-2}, new double[] {-8}, new double[] {12});
    assertValueAndSlope(x -> x.pow(0), new double[] {0, 5}, new double[] {1, 1}, new double[] {0, 0});
    assertValueAndSlope(x -> x.pow(0.5), new double[] {9}, new double[] {3}, new double[] {1.0 / 6});
    // pow(Tensor) at base 0: d/db = out ln a is taken as 0, not 0 * -Inf = NaN.
    Tensor a = Tensor.of(new double[] {0, 2}).requiresGrad();
    Tensor b = Tensor.of(new double[] {2, 3}).requiresGrad();
    a.pow(b).sum().backward();
    assertArrayEquals(new double[] {0, 12}, a.grad().toArray());
    assertArrayEquals(new double[] {0, 8 * Math.log(2)}, b.grad().toArray(), 1e-15);
  }

  @Test
  void divAndBroadcastScalarOverloads() {
    Tensor a = Tensor.of(new double[] {1, 4}).requiresGrad();
    Tensor b = Tensor.of(new double[] {2, -2}).requiresGrad();
    Tensor q = a.div(b);
    assertArrayEquals(new double[] {0.5, -2}, q.toArray());
    q.sum().backward();
    assertArrayEquals(new double[] {0.5, -0.5}, a.grad().toArray());
    assertArrayEquals(new double[] {-0.25, -1}, b.grad().toArray()); // -a / b^2
    assertArrayEquals(new double[] {3, 7.5}, a.add(2).sub(1).mul(3).div(2).toArray());
  }

  @Test
  void piecewiseOpsAtKinksAndBoundaries() {
    // clamp: slope 1 inside with the boundaries included, 0 outside.
    assertValueAndSlope(x -> x.clamp(-1, 1), new double[] {-2, -1, 0, 1, 2},
        new double[] {-1, -1, 0, 1, 1}, new double[] {0, 1, 1, 1, 0});
    assertValueAndSlope(x -> x.leakyRelu(0.1), new double[] {-2, 3}, new double[] {-0.2, 3},
        new double[] {0.1, 1});
    // maximum / minimum: ties share the gradient equally.
    Tensor a = Tensor.of(new double[] {1, 2, 5}).requiresGrad();
    Tensor b = Tensor.of(new double[] {1, 3, 4}).requiresGrad();
    Tensor m = a.maximum(b);
    assertArrayEquals(new double[] {1, 3, 5}, m.toArray());
    m.sum().backward();
    assertArrayEquals(new double[] {0.5, 0, 1}, a.grad().toArray());
    assertArrayEquals(new double[] {0.5, 1, 0}, b.grad().toArray());
    Tensor c = Tensor.of(new double[] {1, 2, 5}).requiresGrad();
    Tensor n = c.minimum(Tensor.scalar(2));
    assertArrayEquals(new double[] {1, 2, 2}, n.toArray());
    n.sum().backward();
    assertArrayEquals(new double[] {1, 0.5, 0}, c.grad().toArray());
  }

  @Test
  void ieeeSemanticsOutsideTheDomain() {
    assertTrue(Double.isNaN(Tensor.scalar(-1).log().item()));
    assertEquals(Double.NEGATIVE_INFINITY, Tensor.scalar(0).log().item());
    assertTrue(Double.isNaN(Tensor.scalar(-4).sqrt().item()));
    assertTrue(Double.isNaN(Tensor.scalar(Double.NaN).relu().item()), "relu keeps NaN visible");
    assertEquals(Double.POSITIVE_INFINITY, Tensor.scalar(1).div(0).item());
  }

  @Test
  void reductionValues() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(21, x.sum().item());
    assertArrayEquals(new double[] {5, 7, 9}, x.sum(0).toArray());
    assertArrayEquals(new int[] {2, 1}, x.sum(-1, true).shape());
    assertArrayEquals(new double[] {2, 5}, x.mean(1).toArray());
    // Each column is {a, a + 3}: squared deviations 2 * 1.5^2 = 4.5, over n - 1 = 1 or n = 2.
    assertArrayEquals(new double[] {4.5, 4.5, 4.5}, x.var(0, false).toArray());
    assertArrayEquals(new double[] {2.25, 2.25, 2.25}, x.var(0, false, 0).toArray());
    assertEquals(6, x.max().item());
    assertEquals(1, x.min().item());
    assertArrayEquals(new double[] {2, 2}, x.argmax(1).toArray());
    assertEquals(0, Tensor.of(new double[] {7, 7}).argmax(0).item(), "the first index at ties");
    Tensor lse = Tensor.of(new double[] {1000, 1000}).logSumExp(0, false);
    assertEquals(1000 + Math.log(2), lse.item(), 1e-12);
    Tensor neg = Tensor.of(new double[] {Double.NEGATIVE_INFINITY, 0}).logSumExp(0, false);
    assertEquals(0, neg.item(), 0);
  }

  /** Hand-computed: x = [[1, 2], [3, -1]], w = [[1, 0], [2, 1], [0, -1]], b = [1, 2, 3]. */
  @Test
  void linearValuesAndGradients() {
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, -1}}).requiresGrad();
    Tensor w = Tensor.of(new double[][] {{1, 0}, {2, 1}, {0, -1}}).requiresGrad();
    Tensor b = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
    Tensor y = Tensor.linear(x, w, b);
    assertArrayEquals(new double[] {2, 6, 1, 4, 7, 4}, y.toArray(), 0);
    // L = sum(y * c) with c = [[1, 0, 2], [0, 1, -1]]: dL/dx = c w, dL/dw = c^T x, dL/db = col sums.
    y.mul(Tensor.of(new double[][] {{1, 0, 2}, {0, 1, -1}})).sum().backward();
    assertArrayEquals(new double[] {1, -2, 2, 2}, x.grad().toArray(), 0);
    assertArrayEquals(new double[] {1, 2, 3, -1, -1, 5}, w.grad().toArray(), 0);
    assertArrayEquals(new double[] {1, 1, 1}, b.grad().toArray(), 0);
  }

  /**
   * Hand-computed LSTM cell: z = [0, ln 3, 0, 0] gives i = 1/2, f = 3/4, g = 0, o = 1/2; with
   * c = 2: c' = 3/2, h' = tanh(3/2) / 2. For L = h' + c': dc'_total = 1 + (1 - t^2) / 2 with
   * t = tanh(3/2), dc = 3/4 dc'_total, dz = (0, 3/8 dc'_total, 1/2 dc'_total, t / 4).
   */
  @Test
  void lstmCellValuesAndGradients() {
    Tensor xg = Tensor.of(new double[][] {{0, Math.log(3), 0, 0}}).requiresGrad();
    Tensor hg = Tensor.zeros(1, 4).requiresGrad();
    Tensor c = Tensor.of(new double[][] {{2}}).requiresGrad();
    Tensor out = Tensor.lstmCell(xg, hg, c);
    double t = Math.tanh(1.5);
    assertArrayEquals(new int[] {1, 2}, out.shape());
    assertArrayEquals(new double[] {t / 2, 1.5}, out.toArray(), 1e-15);
    out.sum().backward();
    double total = 1 + (1 - t * t) / 2;
    double[] dz = {0, 0.375 * total, 0.5 * total, t / 4};
    assertArrayEquals(dz, xg.grad().toArray(), 1e-15);
    assertArrayEquals(dz, hg.grad().toArray(), 1e-15);
    assertArrayEquals(new double[] {0.75 * total}, c.grad().toArray(), 1e-15);
  }

  @Test
  void movementValues() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, x.t().toArray());
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, x.permute(1, 0).toArray());
    assertArrayEquals(new double[] {2, 3, 5, 6}, x.narrow(1, 1, 2).toArray());
    assertArrayEquals(new double[] {3, 1, 3, 6, 4, 6}, x.indexSelect(1, new int[] {2, 0, 2}).toArray());
    assertArrayEquals(new int[] {3, 2}, x.reshape(-1, 2).shape());
    assertArrayEquals(new int[] {2, 1, 3}, x.unsqueeze(1).shape());
    assertArrayEquals(new int[] {2, 3}, x.unsqueeze(1).squeeze(1).shape());
    assertArrayEquals(new int[] {2, 3}, x.squeeze(0).shape(), "squeeze of a size-2 dim is a no-op");
    assertArrayEquals(new double[] {1, 2, 1, 2}, Tensor.of(new double[] {1, 2}).expand(2, 2).toArray());
    Tensor cat = Tensor.cat(List.of(x, Tensor.of(new double[] {7, 8}, 2, 1)), 1);
    assertArrayEquals(new double[] {1, 2, 3, 7, 4, 5, 6, 8}, cat.toArray());
    Tensor stack = Tensor.stack(List.of(Tensor.of(new double[] {1, 2}), Tensor.of(new double[] {3, 4})), 1);
    assertArrayEquals(new int[] {2, 2}, stack.shape());
    assertArrayEquals(new double[] {1, 3, 2, 4}, stack.toArray());

    // indexSelect with a repeated index: the gradients of the copies add up.
    Tensor v = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
    v.indexSelect(0, new int[] {2, 2, 0}).sum().backward();
    assertArrayEquals(new double[] {1, 0, 2}, v.grad().toArray());
  }

  @Test
  void factoriesAndComparisons() {
    assertArrayEquals(new double[] {0, 1, 2}, Tensor.arange(3).toArray());
    assertArrayEquals(new double[] {1, 0.5, 0}, Tensor.arange(1, -0.5, -0.5).toArray());
    assertArrayEquals(new double[] {1, 0, 0, 1}, Tensor.eye(2).toArray());
    assertArrayEquals(new double[] {7, 7}, Tensor.full(7, 2).toArray());
    assertEquals(0, Tensor.scalar(3).dim());
    assertEquals(3, Tensor.scalar(3).item());
    Tensor x = Tensor.of(new double[] {1, 2, 3});
    assertArrayEquals(new double[] {0, 0, 1}, x.gt(2).toArray());
    assertArrayEquals(new double[] {1, 0, 0}, x.lt(2).toArray());
    assertArrayEquals(new double[] {0, 1, 0}, x.eq(2).toArray());
    assertArrayEquals(new double[] {-1, 0, 1}, Tensor.of(new double[] {-3, 0, 2}).sign().toArray());
    Tensor g = x.requiresGrad().gt(1);
    assertFalse(g.isGradRequired(), "comparisons are not differentiable");
    assertArrayEquals(new int[] {3, 1}, Tensor.of(new double[] {1, 2, 3}, 3, 1).shape());
    assertEquals(6, Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).get(-1, -1));
    assertEquals(2, Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).size(-2));
  }

  // ---------------------------------------------------------------- convolution and pooling

  /**
   * The image 1..9 (3x3) with a 2x2 kernel of ones sums each 2x2 block: 12, 16, 24, 28; every
   * pixel's gradient counts the windows that contain it (1 in the corners, 4 in the middle).
   */
  @Test
  void convolutionSumsWindowsAndCountsThemInTheGradient() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3).requiresGrad();
    Tensor y = x.conv2d(Tensor.ones(1, 1, 2, 2), Tensor.of(new double[] {0.5}));
    assertArrayEquals(new double[] {12.5, 16.5, 24.5, 28.5}, y.toArray(), 0);
    y.sum().backward();
    assertArrayEquals(new double[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, x.grad().toArray(), 0);
  }

  /** A transposed convolution with stride 2 and a 2x2 kernel of ones copies each pixel to a 2x2 block. */
  @Test
  void transposedConvolutionSpreadsEachPixel() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
    Tensor y = x.convTranspose2d(Tensor.ones(1, 1, 2, 2), null, ConvOptions.defaults().withStride(2));
    assertArrayEquals(new double[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, y.toArray(), 0);
  }

  /** Padding counts in the average with countIncludePad (PyTorch's default), not without. */
  @Test
  void averagePoolingWithAndWithoutThePadding() {
    Tensor x = Tensor.of(new double[] {4, 8}, 1, 1, 1, 2);
    int[] k = {1, 2};
    int[] p = {0, 1};
    assertArrayEquals(new double[] {2, 4}, x.avgPool2d(k, k, p, true).toArray(), 0);
    assertArrayEquals(new double[] {4, 8}, x.avgPool2d(k, k, p, false).toArray(), 0);
  }

  /** Adaptive pooling of 5 columns into 2 uses PyTorch's overlapping bins [0, 3) and [2, 5). */
  @Test
  void adaptivePoolingBinsOverlapAsInPyTorch() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5}, 1, 1, 1, 5);
    assertArrayEquals(new double[] {2, 4}, x.adaptiveAvgPool2d(1, 2).toArray(), 1e-15);
  }

  @Test
  void normsStdAndIndexedExtremes() {
    Tensor x = Tensor.of(new double[] {3, -4, 0, 1}, 2, 2);
    assertEquals(8, x.norm(1).item(), 0);
    assertEquals(Math.sqrt(26), x.norm(2).item(), 1e-15);
    assertEquals(4, x.norm(Double.POSITIVE_INFINITY).item(), 0);
    assertArrayEquals(new double[] {5, 1}, x.norm(2, 1, false).toArray(), 1e-15);
    assertArrayEquals(new double[] {Math.sqrt(24.5), Math.sqrt(0.5)}, x.std(1, false, 1).toArray(), 1e-15);
    ValuesAndIndices min = x.minWithIndices(1, true);
    assertArrayEquals(new double[] {-4, 0}, min.values().toArray(), 0);
    assertArrayEquals(new double[] {1, 0}, min.indices().toArray(), 0);
    assertArrayEquals(new int[] {2, 1}, min.indices().shape());
    assertArrayEquals(new double[] {1, 0}, x.argmin(1).toArray(), 0);
  }

  /** pad crops with negative amounts and fills with the value. */
  @Test
  void padFillsAndCrops() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 3);
    assertArrayEquals(new double[] {9, 1, 2}, x.pad(new int[] {1, -1}, 9).toArray(), 0);
  }

  /** An empty batch gives an empty output of the right shape, and zero gradients. */
  @Test
  void emptyBatchesFlowThroughConvolutionAndPooling() {
    Tensor x = Tensor.zeros(0, 1, 4, 4).requiresGrad();
    Tensor w = Tensor.ones(2, 1, 3, 3).requiresGrad();
    Tensor y = x.conv2d(w, Tensor.zeros(2), ConvOptions.defaults().withPadding(1)).maxPool2d(2);
    assertArrayEquals(new int[] {0, 2, 2, 2}, y.shape());
    y.sum().backward();
    assertArrayEquals(new double[18], w.grad().toArray(), 0);
    assertArrayEquals(new int[] {0, 1, 4, 4}, x.grad().shape());
  }
}
