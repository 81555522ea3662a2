package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs found by {@link FuzzProperties} (and {@link FuzzImageAndIndexProperties}) that once broke
 * the error contract or the gradient, each reduced by hand to its smallest form. The comment on
 * each test names the bug and its fix.
 */
class FuzzRegressionTest {

  private static void assertMessageContains(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage() != null && e.getMessage().contains(part),
          () -> "expected '" + part + "' in: " + e.getMessage());
    }
  }

  /** Found: softmax/logSoftmax with a bad dim blamed logSumExp (fuzz seed 245). */
  @Test
  void softmaxWithBadDimNamesSoftmax() {
    Tensor x = Tensor.scalar(1).requiresGrad();
    var e1 = assertThrows(IllegalArgumentException.class, () -> x.logSoftmax(-1));
    assertMessageContains(e1, "logSoftmax", "-1", "rank 0");
    var e2 = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2, 3).softmax(2));
    assertMessageContains(e2, "softmax: dim 2", "rank 2");
    var e3 = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).softmax(1));
    assertMessageContains(e3, "softmax", "[2, 0]");
  }

  /** Found: Tensor.ones with a negative size blamed "full" (fuzz property 2). */
  @Test
  void onesWithNegativeSizeNamesOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(65536, -1));
    assertMessageContains(e, "ones", "-1", "[65536, -1]");
  }

  /** Found: factories given a shape of more than 2^31 elements did not name themselves. */
  @Test
  void factoryWithOverflowingShapeNamesFactory() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1048576, 65536));
    assertMessageContains(e, "zeros", "[1048576, 65536]", "elements");
    var e2 = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(65536, 65536));
    assertMessageContains(e2, "ones", "[65536, 65536]");
  }

  /**
   * Found: randn(2147483647) passed the element-count check and died with "OutOfMemoryError:
   * Requested array size exceeds VM limit"; the limit is now the JVM's largest array.
   */
  @Test
  void shapeAtIntegerMaxIsRejectedBeforeAllocating() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> Tensor.randn(new java.util.Random(0), Integer.MAX_VALUE));
    assertMessageContains(e, "randn", "[2147483647]", "largest Java array");
  }

  /**
   * Found: the empty shape [1048576, 4096, 0] was rejected as "more than 2^31 elements" because
   * the product overflowed before reaching the 0; the same sizes in another order were accepted.
   */
  @Test
  void emptyShapeIsValidInAnyDimOrder() {
    assertEquals(0, Tensor.zeros(1 << 20, 1 << 12, 0).numel());
    assertEquals(0, Tensor.zeros(0, 1 << 20, 1 << 12).numel());
    assertEquals(0, Shapes.numel(new int[] {1 << 20, 1 << 12, 0}));
  }

  /**
   * Found: summing away the empty dim of [0, 65536, 65536] returned a [65536, 65536] tensor
   * holding no elements, and the next op read past its storage (ArrayIndexOutOfBounds).
   */
  @Test
  void sumThatWouldCreateMoreElementsThanFitIsRejected() {
    Tensor x = Tensor.zeros(0, 1 << 16, 1 << 16);
    var e = assertThrows(IllegalArgumentException.class, () -> x.sum(0));
    assertMessageContains(e, "sum", "[65536, 65536]");
    assertEquals(0, x.sum(1).numel()); // a legal reduction of the same tensor still works
  }

  /**
   * Found (fuzz seed -22472785635073726): x.pow(p) with x of shape [0, 65536, 65536] and p of
   * shape [1] ran forward, but backward summed p's gradient through [65536, 65536] and threw
   * ArrayIndexOutOfBounds. The gradient of a broadcast input over an empty tensor is zero.
   */
  @Test
  void backwardOfBroadcastOverHugeEmptyTensorGivesZeroGradient() {
    Tensor x = Tensor.zeros(0, 1 << 16, 1 << 16).requiresGrad();
    Tensor p = Tensor.of(new double[] {0.08}).requiresGrad();
    Tensor y = x.pow(p).add(Tensor.of(new double[] {-1.78}));
    var grads = Autograd.grad(List.of(y), List.of(y.zerosLike()), List.of(x, p), false, false);
    assertArrayEquals(new int[] {0, 1 << 16, 1 << 16}, grads.get(0).shape());
    assertArrayEquals(new double[] {0}, grads.get(1).toArray());
    assertArrayEquals(new int[] {1}, grads.get(1).shape());
  }

  /** Found (fuzz seed -1128): var/mean over the empty dim of [0, 65536, 65536] blamed "sum". */
  @Test
  void meanAndVarOverHugeEmptyTensorNameThemselves() {
    Tensor x = Tensor.zeros(0, 1 << 16, 1 << 16);
    assertMessageContains(assertThrows(IllegalArgumentException.class, () -> x.var(-3, false)),
        "var", "[1, 65536, 65536]");
    assertMessageContains(assertThrows(IllegalArgumentException.class, () -> x.mean(0, true)),
        "mean", "[1, 65536, 65536]");
  }

  /**
   * Found by FuzzProperties.nullAndMisusedArgumentsFailClearly: twelve public methods threw
   * NullPointerException on a null argument; each now throws IAE naming itself.
   */
  @Test
  void nullArgumentsNameTheMethod() {
    Tensor t = Tensor.ones(2, 3);
    assertMessageContains(assertThrows(IllegalArgumentException.class, () -> t.reshape((int[]) null)), "reshape", "null");
    assertMessageContains(assertThrows(IllegalArgumentException.class, () -> t.assign(null)), "assign", "null");
    assertMessageContains(assertThrows(IllegalArgumentException.class, () -> Tensor.randn(null, 2)), "randn", "null");
    assertMessageContains(assertThrows(IllegalArgumentException.class, () -> Autograd.grad(null, t, false)), "grad", "null");
    assertMessageContains(assertThrows(IllegalArgumentException.class, () -> GradCheck.check(null, t)), "GradCheck", "null");
  }

  /**
   * Found (fuzz seed -245, second run): [65536, 0, 65536] matmul [1, 65536, 1] gives an empty
   * [65536, 0, 1], but its backward formed a^T upstream of shape [65536, 65536, 1] and threw.
   */
  @Test
  void backwardOfEmptyBatchedMatmulGivesZeroGradients() {
    Tensor a = Tensor.zeros(1 << 16, 0, 1 << 16).requiresGrad();
    Tensor b = Tensor.ones(1, 1 << 16, 1).requiresGrad();
    Tensor out = a.matmul(b);
    assertArrayEquals(new int[] {1 << 16, 0, 1}, out.shape());
    var grads = Autograd.grad(List.of(out), List.of(out.zerosLike()), List.of(a, b), false, false);
    assertArrayEquals(a.shape(), grads.get(0).shape());
    assertArrayEquals(new double[1 << 16], grads.get(1).toArray());
  }

  /** Found while reducing the previous bug: an oversized matmul result named no op. */
  @Test
  void matmulWhoseResultCannotExistNamesMatmul() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(1 << 16, 0).matmul(Tensor.zeros(0, 1 << 16)));
    assertMessageContains(e, "matmul", "[65536, 65536]");
    var e2 = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(1 << 16, 1, 2, 0).matmul(Tensor.zeros(1, 1 << 16, 0, 2)));
    assertMessageContains(e2, "matmul", "[65536, 65536]", "elements");
    assertArrayEquals(new int[] {0, 3, 2}, Tensor.zeros(0, 3, 4).matmul(Tensor.ones(4, 2)).shape());
  }

  /**
   * Found by extending the fuzz generator to wide shapes: [65536, 1] + [1, 65536] returned a
   * [65536, 65536] tensor with no storage (the kernel's int element count overflowed to 0).
   */
  @Test
  void broadcastToMoreElementsThanFitIsRejected() {
    Tensor column = Tensor.zeros(1 << 16, 1);
    Tensor row = Tensor.zeros(1, 1 << 16);
    assertMessageContains(assertThrows(IllegalArgumentException.class, () -> column.add(row)),
        "add", "[65536, 65536]");
    assertMessageContains(assertThrows(IllegalArgumentException.class, () -> column.gt(row)),
        "gt", "[65536, 65536]");
    assertMessageContains(
        assertThrows(IllegalArgumentException.class, () -> Tensor.where(column, row, Tensor.scalar(1))),
        "where", "[65536, 65536]");
  }

  /** Found with wide shapes: 65536 picks of a [1, 65536] row threw ArrayIndexOutOfBounds. */
  @Test
  void indexSelectWhoseResultCannotExistIsRejected() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(1, 1 << 16).indexSelect(0, new int[1 << 16]));
    assertMessageContains(e, "indexSelect", "[65536, 65536]");
  }

  /** Found with wide shapes: joining three [2^30, 0] tensors gave the shape [-1073741824, 0]. */
  @Test
  void catWhoseJoinedDimOverflowsIsRejected() {
    Tensor part = Tensor.zeros(1 << 30, 0);
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(part, part, part), 0));
    assertMessageContains(e, "cat", "3221225472");
  }

  /**
   * Found by the factories fuzz (rows may share one array): 65536 rows of 65536 columns
   * overflowed rows * cols to 0 and threw ArrayIndexOutOfBounds while copying.
   */
  @Test
  void ofRowsWithMoreElementsThanFitIsRejected() {
    double[][] rows = new double[1 << 16][];
    java.util.Arrays.fill(rows, new double[1 << 16]);
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(rows));
    assertMessageContains(e, "of", "[65536, 65536]");
  }

  /** Same class of bug as randn: arange(0, 2^31 - 1, 1) passed its check and hit the VM array limit. */
  @Test
  void arangeAtIntegerMaxIsRejectedBeforeAllocating() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, Integer.MAX_VALUE, 1));
    assertMessageContains(e, "arange", "2147483647");
  }

  /**
   * Found by the index-op fuzz: gather and scatterAdd given an index shape with a negative size
   * blamed reshape, indexSelect or narrow (the offsets were computed from the wrapped shape). The
   * index shape is now checked like any shape, naming the op.
   */
  @Test
  void indexShapeWithANegativeSizeNamesTheOp() {
    Tensor x = Tensor.ones(2, 3);
    var e1 = assertThrows(IllegalArgumentException.class, () -> x.gather(1, new int[] {0}, -1, -1));
    assertMessageContains(e1, "gather", "-1", "[-1, -1]");
    var e2 = assertThrows(IllegalArgumentException.class, () -> x.gather(1, new int[] {0, 1}, -1, -2));
    assertMessageContains(e2, "gather", "[-1, -2]");
    var e3 = assertThrows(IllegalArgumentException.class,
        () -> x.scatterAdd(1, new int[] {0}, new int[] {-1, -1}, Tensor.ones(2, 3)));
    assertMessageContains(e3, "scatterAdd", "[-1, -1]");
  }

  /**
   * Found by the image-op fuzz: a weight with a kernel of size 0 gave conv2d an output larger than
   * its input ([1, 1, 3, 3] became [1, 1, 4, 4] of zeros) and made convTranspose2d divide by zero
   * (ArithmeticException). Both now require at least one kernel element per axis.
   */
  @Test
  void convolutionWithAnEmptyKernelIsRejected() {
    Tensor x = Tensor.ones(1, 1, 3, 3);
    var e1 = assertThrows(IllegalArgumentException.class, () -> x.conv2d(Tensor.ones(1, 1, 0, 0), null));
    assertMessageContains(e1, "conv2d", "[1, 1, 0, 0]", "0x0");
    var e2 = assertThrows(IllegalArgumentException.class,
        () -> x.convTranspose2d(Tensor.ones(1, 1, 0, 2), null, ConvOptions.defaults()));
    assertMessageContains(e2, "convTranspose2d", "[1, 1, 0, 2]", "0x2");
    var e3 = assertThrows(IllegalArgumentException.class,
        () -> Tensor.ones(1, 1, 4).conv1d(Tensor.ones(1, 1, 0), null, ConvOptions.defaults()));
    assertMessageContains(e3, "conv1d", "[1, 1, 0]");
  }

  /**
   * Found by the image-op fuzz: pooling an image with no rows or columns, padded so that a window
   * fits, put every window on padding alone: maxPool2d threw ArrayIndexOutOfBoundsException,
   * avgPool2d returned NaN (or 0 when counting the padding). Pooling now needs a pixel, as PyTorch.
   */
  @Test
  void poolingAnImageWithoutPixelsIsRejected() {
    Tensor empty = Tensor.ones(1, 1, 0, 0);
    var e1 = assertThrows(IllegalArgumentException.class,
        () -> empty.maxPool2d(new int[] {2}, null, new int[] {1}));
    assertMessageContains(e1, "maxPool2d", "[1, 1, 0, 0]");
    var e2 = assertThrows(IllegalArgumentException.class,
        () -> empty.avgPool2d(new int[] {2}, null, new int[] {1}, false));
    assertMessageContains(e2, "avgPool2d", "[1, 1, 0, 0]");
    var e3 = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(1, 1, 0).maxPool1d(2, 1, 1));
    assertMessageContains(e3, "maxPool1d", "[1, 1, 0]");
    // An empty batch or no channels is still fine: nothing to pool, an empty result.
    assertArrayEquals(new int[] {0, 1, 1, 1}, Tensor.ones(0, 1, 2, 2).maxPool2d(2).shape());
  }

  /**
   * Found by the image-op fuzz (silent wrong numbers): adaptiveAvgPool2d was a product with 0/1
   * averaging matrices, so an infinite pixel times the zeros of the other cells made NaN of every
   * cell in its row. Each cell now averages only its own bin (narrow and mean).
   */
  @Test
  void adaptiveAvgPoolKeepsAnInfinityInItsOwnCells() {
    Tensor x = Tensor.of(new double[] {Double.NEGATIVE_INFINITY, 1, 2, 4}, 1, 1, 4);
    // bins of 4 columns into 3: [0, 2), [1, 3), [2, 4)
    assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 1.5, 3}, x.adaptiveAvgPool2d(1, 3).toArray());
    Tensor y = Tensor.of(new double[] {1, 2, Double.POSITIVE_INFINITY, 4, 5, 6}, 1, 2, 3);
    assertArrayEquals(new double[] {2.5, 3.5, Double.POSITIVE_INFINITY}, y.adaptiveAvgPool2d(1, 3).toArray());
    assertArrayEquals(new double[] {Double.POSITIVE_INFINITY}, y.adaptiveAvgPool2d(1, 1).toArray());
    // still differentiable, also where the bins overlap
    Tensor t = Tensor.randn(new java.util.Random(1), 2, 5, 3);
    GradCheck.check(in -> in.get(0).adaptiveAvgPool2d(3, 2), t).assertOk();
  }

  /** Found by the chain fuzz: the Infinity norm along an empty dim blamed max, the op inside it. */
  @Test
  void infinityNormOfAnEmptyDimNamesNorm() {
    var e1 = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(0).norm(Double.POSITIVE_INFINITY, 0, false));
    assertMessageContains(e1, "norm", "[0]");
    var e2 = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 0).norm(Double.POSITIVE_INFINITY));
    assertMessageContains(e2, "norm", "[2, 0]");
    assertEquals(0, Tensor.zeros(2, 0).norm(2).item(), "the 2-norm of nothing is 0");
  }

  /**
   * Found by the chain fuzz: pad [-1, 1] of a dim of size 0 passed the size check (0 - 1 + 1 = 0)
   * and then blamed narrow: a crop applies to the input, before anything is added.
   */
  @Test
  void padWhoseCropExceedsTheInputNamesPad() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(3, 3, 0).pad(new int[] {-1, 1}, 0));
    assertMessageContains(e, "pad", "[-1, 1]", "[3, 3, 0]");
    assertArrayEquals(new double[] {2, 7}, Tensor.of(new double[] {1, 2}).pad(new int[] {-1, 1}, 7).toArray());
  }

  /** Found by the chain fuzz: topk(0) of a 0-d tensor blamed reshape (an empty result cannot be 0-d). */
  @Test
  void topkOfAZeroDTensorNeedsKOne() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(2).topk(0, -1, true));
    assertMessageContains(e, "topk", "k = 0", "0-d");
    assertEquals(2, Tensor.scalar(2).topk(1, -1, true).values().item());
  }

  /**
   * Found by the chain fuzz, as a chain that took 5-20 s: max(1) of a [2^20, 2^12, 0] tensor, whose
   * backward sums its mask along dim 1. The sum kernel looped over outer x size = 2^32 positions
   * with nothing inside (9 s with a warm JIT). Sum, cumsum, sort and the gather/scatter kernels now
   * return at once when there is nothing to do; here the loops would have counted 2^40.
   */
  @Test
  void kernelsDoNotLoopOverTheDimsOfAHugeEmptyTensor() {
    // Warm the kernels up on real work first: a cold JIT happened to skip the empty loops, a warm
    // one ran them (as it did inside the fuzz run).
    Tensor small = Tensor.ones(16, 16, 8);
    for (int i = 0; i < 20000; i++) {
      small.sum(1, false);
    }
    Tensor x = Tensor.zeros(1 << 20, 1 << 20, 1 << 20, 0).requiresGrad();
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      assertArrayEquals(new int[] {1 << 20, 1 << 20, 0}, x.sum(1, false).shape());
      assertArrayEquals(x.shape(), x.cumsum(1).shape());
      assertArrayEquals(x.shape(), x.sort(1, false).values().shape());
      int[] picks = new int[1 << 10];
      assertArrayEquals(new int[] {1 << 20, 1 << 10, 1 << 20, 0}, x.indexSelect(1, picks).shape());
      Tensor y = x.max(1, false);
      y.backward(Tensor.zeros(y.shape()));
      assertArrayEquals(x.shape(), x.grad().shape());
      Tensor z = x.indexSelect(1, picks);
      z.backward(Tensor.zeros(z.shape()));
    });
  }
}
