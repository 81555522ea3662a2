package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values of the index ops against PyTorch 1.13 (each expected array printed by the torch call in
 * the comment), their gradients on small cases worked by hand, and their error messages.
 */
class IndexOpsTest {
  private static final Tensor X = Tensor.of(new double[] {1, 5, 3, 4, 2, 6}, 2, 3);

  @Test
  void gatherPicksAlongTheDim() {
    // x.gather(1, tensor([[2, 0], [1, 1]]))
    Tensor index = Tensor.of(new double[] {2, 0, 1, 1}, 2, 2);
    assertArrayEquals(new double[] {3, 1, 2, 2}, X.gather(1, index).toArray());
    assertArrayEquals(new int[] {2, 2}, X.gather(1, index).shape());
    Tensor x = X.detach().requiresGrad();
    x.gather(1, index).sum().backward();
    assertArrayEquals(new double[] {1, 0, 1, 0, 2, 0}, x.grad().toArray());
  }

  @Test
  void scatterAddReadsOnlyTheIndexPartOfSrc() {
    // zeros(2, 3).scatter_add(1, tensor([[2, 2], [0, 1]]), tensor([[1, 2, 9], [3, 4, 9]]))
    Tensor src = Tensor.of(new double[] {1, 2, 9, 3, 4, 9}, 2, 3).requiresGrad();
    Tensor out = Tensor.zeros(2, 3).scatterAdd(1, new int[] {2, 2, 0, 1}, new int[] {2, 2}, src);
    assertArrayEquals(new double[] {0, 0, 3, 3, 4, 0}, out.toArray());
    out.mul(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)).sum().backward();
    assertArrayEquals(new double[] {3, 3, 0, 4, 5, 0}, src.grad().toArray());
  }

  @Test
  void cumsumAndItsGradient() {
    assertArrayEquals(new double[] {1, 6, 9, 4, 6, 12}, X.cumsum(1).toArray());
    assertArrayEquals(new double[] {1, 5, 3, 5, 7, 9}, X.cumsum(0).toArray());
    assertEquals(DType.F32, X.to(DType.F32).cumsum(-1).dtype());
    Tensor x = X.detach().requiresGrad();
    x.cumsum(1).sum().backward(); // element k appears in 3 - k running sums
    assertArrayEquals(new double[] {3, 2, 1, 3, 2, 1}, x.grad().toArray());
  }

  @Test
  void trianglesMasksAndRepeat() {
    assertArrayEquals(new double[] {1, 0, 0, 4, 2, 0}, X.tril().toArray());
    assertArrayEquals(new double[] {0, 5, 3, 0, 0, 6}, X.triu(1).toArray());
    Tensor causal = Tensor.ones(2, 3).triu(1);
    assertArrayEquals(
        new double[] {1, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 4, 2,
            Double.NEGATIVE_INFINITY},
        X.maskedFill(causal, Double.NEGATIVE_INFINITY).toArray());
    assertArrayEquals(new double[] {1, 5, 3, 1, 5, 3, 4, 2, 6, 4, 2, 6}, X.repeat(1, 2).toArray());
    assertArrayEquals(new int[] {2, 2, 6}, X.repeat(2, 1, 2).shape());
  }

  @Test
  void splitAndChunkSizes() {
    Tensor seven = Tensor.arange(7);
    assertEquals(List.of(3, 3, 1), sizes(seven.chunk(3, 0)));
    assertEquals(List.of(2, 2, 1), sizes(Tensor.arange(5).split(2, 0)));
    assertEquals(List.of(1, 0, 6), sizes(seven.split(new int[] {1, 0, 6}, 0)));
    assertArrayEquals(new double[] {6}, seven.chunk(3, 0).get(2).toArray());
  }

  private static List<Integer> sizes(List<Tensor> parts) {
    return parts.stream().map(Tensor::numel).toList();
  }

  @Test
  void sortAndTopkPutNanAboveEverything() {
    // tensor([3, nan, 1, 2]).sort() and .topk(2)
    Tensor v = Tensor.of(new double[] {3, Double.NaN, 1, 2});
    ValuesAndIndices sorted = v.sort(0, false);
    assertArrayEquals(new double[] {1, 2, 3, Double.NaN}, sorted.values().toArray());
    assertArrayEquals(new double[] {2, 3, 0, 1}, sorted.indices().toArray());
    ValuesAndIndices top = v.topk(2);
    assertArrayEquals(new double[] {Double.NaN, 3}, top.values().toArray());
    assertArrayEquals(new double[] {1, 0}, top.indices().toArray());
    Tensor x = X.detach().requiresGrad();
    x.topk(1, 1, false).values().sum().backward(); // the smallest of each row
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, x.grad().toArray());
  }

  @Test
  void errorsNameTheOpTheShapesAndTheValues() {
    assertMessage("gather: the index must hold whole numbers, but element 1 is 0.5",
        () -> X.gather(1, Tensor.of(new double[] {0, 0.5}, 1, 2)));
    assertMessage("gather: index value 3 (at flat position 0) is out of range for dim 1 of size 3",
        () -> X.gather(1, new int[] {3}, 1, 1));
    assertMessage("gather: the index [3] must have the rank of the input [2, 3] (2), but has 1",
        () -> X.gather(1, Tensor.of(new double[] {0, 1, 2})));
    assertMessage("gather: the index [3, 1] is larger than input [2, 3] in dim 0",
        () -> X.gather(1, new int[] {0, 0, 0}, 3, 1));
    assertMessage("scatterAdd: self is F64 but src is F32",
        () -> X.scatterAdd(1, new int[] {0}, new int[] {1, 1}, Tensor.zeros(DType.F32, 1, 1)));
    assertMessage("maskedFill: the mask [3, 3] does not broadcast to the input [2, 3]",
        () -> X.maskedFill(Tensor.ones(3, 3), 0));
    assertMessage("tril: needs a tensor of rank 2 or more, got shape [3]",
        () -> Tensor.arange(3).tril());
    assertMessage("split: sizes [1, 1] add up to 2, but dim 0 of [7] has size 7",
        () -> Tensor.arange(7).split(new int[] {1, 1}, 0));
    assertMessage("topk: k = 4 is out of range for dim 1 of size 3", () -> X.topk(4, 1, true));
    assertMessage("repeat: needs at least one count per dim of [2, 3], got [2]", () -> X.repeat(2));
  }

  private static void assertMessage(String start, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().startsWith(start), () -> "message was: " + e.getMessage());
  }
}
