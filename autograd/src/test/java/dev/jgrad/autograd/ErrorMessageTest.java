package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input gives an {@link IllegalArgumentException} or {@link IllegalStateException} whose
 * message names the op and the shapes or values involved, for each op family ({@link
 * BadArgumentProperties} throws random bad arguments at the shape-taking methods).
 */
class ErrorMessageTest {

  private static final Tensor A23 = Tensor.zeros(2, 3);

  /** Asserts that {@code code} throws exactly {@code type} with every fragment in its message. */
  private static <T extends Throwable> T assertError(
      Class<T> type, Executable code, String... fragments) {
    Throwable e;
    try {
      code.execute();
      return fail("expected " + type.getSimpleName() + " but nothing was thrown");
    } catch (Throwable t) {
      e = t;
    }
    assertEquals(type, e.getClass(), () -> "wrong exception type: " + e);
    String message = e.getMessage();
    assertNotNull(message, "exception without message");
    for (String f : fragments) {
      assertTrue(message.contains(f), () -> "message lacks \"" + f + "\": " + message);
    }
    return type.cast(e);
  }

  private static final Class<IllegalArgumentException> ARG = IllegalArgumentException.class;
  private static final Class<IllegalStateException> STATE = IllegalStateException.class;

  // ---------------------------------------------------------------- elementwise broadcasting

  @Test
  void elementwiseShapesThatDoNotBroadcast() {
    Tensor b = Tensor.zeros(4);
    assertError(ARG, () -> A23.add(b), "add: shapes [2, 3] and [4] cannot broadcast", "3 vs 4");
    assertError(ARG, () -> A23.sub(b), "sub:", "[2, 3]", "[4]");
    assertError(ARG, () -> A23.mul(b), "mul:", "[2, 3]", "[4]");
    assertError(ARG, () -> A23.div(b), "div:", "[2, 3]", "[4]");
    assertError(ARG, () -> A23.pow(b), "pow:", "[2, 3]", "[4]");
    assertError(ARG, () -> A23.maximum(b), "maximum:", "[2, 3]", "[4]");
    assertError(ARG, () -> A23.minimum(b), "minimum:", "[2, 3]", "[4]");
    assertError(ARG, () -> A23.gt(b), "gt:", "[2, 3]", "[4]");
    assertError(ARG, () -> A23.lt(b), "lt:", "[2, 3]", "[4]");
    assertError(ARG, () -> A23.eq(b), "eq:", "[2, 3]", "[4]");
    assertError(ARG, () -> Tensor.where(Tensor.zeros(2), A23, A23), "where:", "[2]", "[2, 3]");
    assertError(ARG, () -> Tensor.where(A23, A23, b), "where:", "[2, 3]", "[4]");
    assertError(ARG, () -> Tensor.zeros(2, 3, 4).add(Tensor.zeros(3, 1, 5)),
        "add:", "[2, 3, 4]", "[3, 1, 5]", "4 vs 5");
  }

  @Test
  void nullOperands() {
    assertError(ARG, () -> A23.add((Tensor) null), "add", "null");
    assertError(ARG, () -> A23.mul((Tensor) null), "mul", "null");
    assertError(ARG, () -> A23.matmul(null), "matmul", "null");
    assertError(ARG, () -> Tensor.where(null, A23, A23), "where", "null");
    assertError(ARG, () -> Value.of(1).add((Value) null), "add", "null");
  }

  @Test
  void clampBounds() {
    assertError(ARG, () -> A23.clamp(2, 1), "clamp", "2.0", "1.0");
    assertError(ARG, () -> A23.clamp(Double.NaN, 1), "clamp", "NaN");
  }

  // ---------------------------------------------------------------- reductions and dims

  @Test
  void reductionDimsOutOfRange() {
    assertError(ARG, () -> A23.sum(2), "sum: dim 2 is out of range for a tensor of rank 2");
    assertError(ARG, () -> A23.sum(-3, true), "sum: dim -3", "rank 2");
    assertError(ARG, () -> A23.mean(5, false), "mean: dim 5", "rank 2");
    assertError(ARG, () -> A23.max(3, true), "max: dim 3", "rank 2");
    assertError(ARG, () -> A23.min(-4, false), "min: dim -4", "rank 2");
    assertError(ARG, () -> A23.logSumExp(2, false), "logSumExp: dim 2", "rank 2");
    assertError(ARG, () -> A23.var(2, false), "var: dim 2", "rank 2");
    assertError(ARG, () -> A23.softmax(2), "softmax: dim 2", "rank 2");
    assertError(ARG, () -> A23.logSoftmax(-3), "logSoftmax: dim -3", "rank 2");
    assertError(ARG, () -> A23.argmax(2), "argmax: dim 2", "rank 2");
    assertError(ARG, () -> A23.size(2), "size: dim 2", "rank 2");
    assertError(ARG, () -> Tensor.scalar(1).sum(0), "sum: dim 0", "rank 0");
  }

  @Test
  void reductionsOfEmptyTensors() {
    assertError(ARG, () -> Tensor.zeros(0).max(), "max", "empty", "[0]");
    assertError(ARG, () -> Tensor.zeros(0, 3).min(), "min", "empty", "[0, 3]");
    assertError(ARG, () -> Tensor.zeros(2, 0).max(1, false), "max", "dim 1", "[2, 0]");
    assertError(ARG, () -> Tensor.zeros(2, 0).argmax(1), "argmax", "[2, 0]");
    assertError(ARG, () -> Tensor.zeros(0, 2).logSumExp(0, true), "logSumExp", "[0, 2]");
  }

  @Test
  void sumToATargetThatDoesNotBroadcast() {
    assertError(ARG, () -> A23.sumTo(3, 1), "sumTo", "[3, 1]", "[2, 3]");
  }

  // ---------------------------------------------------------------- matmul

  @Test
  void linearShapes() {
    assertError(ARG, () -> Tensor.linear(A23, Tensor.zeros(4, 2), null),
        "linear: input shape [2, 3] and weight shape [4, 2] do not align (3 != 2)");
    assertError(ARG, () -> Tensor.linear(Tensor.scalar(1), Tensor.zeros(4, 1), null),
        "linear", "at least 1 dim", "[]");
    assertError(ARG, () -> Tensor.linear(A23, Tensor.zeros(3), null), "linear", "2-d", "[3]");
    assertError(ARG, () -> Tensor.linear(A23, Tensor.zeros(4, 3), Tensor.zeros(3)),
        "linear: bias must have shape [4]", "[4, 3]", "[3]");
    assertError(ARG, () -> Tensor.linear(null, Tensor.zeros(4, 3), null), "linear", "input");
  }

  @Test
  void layerNormArguments() {
    Tensor w3 = Tensor.ones(3);
    assertError(ARG, () -> Tensor.layerNorm(null, null, null, 1e-5), "layerNorm", "input", "null");
    assertError(ARG, () -> Tensor.layerNorm(Tensor.scalar(1), null, null, 1e-5), "layerNorm",
        "at least 1 dim", "[]");
    assertError(ARG, () -> Tensor.layerNorm(A23, Tensor.ones(2), null, 1e-5),
        "layerNorm: the weight must have shape [3]", "[2, 3]", "[2]");
    assertError(ARG, () -> Tensor.layerNorm(A23, w3, Tensor.ones(3, 1), 1e-5),
        "layerNorm: the bias must have shape [3]", "[3, 1]");
    assertError(ARG, () -> Tensor.layerNorm(A23, w3.to(DType.F32), null, 1e-5), "layerNorm",
        "weight", "F64 and F32", "to(F64)");
    assertError(ARG, () -> Tensor.layerNorm(A23, w3, null, -1), "layerNorm: eps", "-1.0");
    assertError(ARG, () -> Tensor.layerNorm(A23, w3, null, Double.NaN), "layerNorm: eps", "NaN");
  }

  @Test
  void lstmCellShapesAndDtypes() {
    Tensor gates = Tensor.zeros(2, 8);
    Tensor c = Tensor.zeros(2, 2);
    assertError(ARG, () -> Tensor.lstmCell(gates, Tensor.zeros(2, 6), c),
        "lstmCell: the input gates [2, 8] and hidden gates [2, 6] must both be [batch, 4 * hidden]"
            + " for the cell state [batch, hidden], which is [2, 2]");
    assertError(ARG, () -> Tensor.lstmCell(gates, gates, Tensor.zeros(2, 3)), "lstmCell", "[2, 3]");
    assertError(ARG, () -> Tensor.lstmCell(gates, gates, Tensor.zeros(4)), "lstmCell", "[4]");
    assertError(ARG, () -> Tensor.lstmCell(gates, gates.to(DType.F32), c),
        "lstmCell", "F64, F32 and F64", "to(F64)");
    assertError(ARG, () -> Tensor.lstmCell(gates, null, c), "lstmCell", "hidden gates", "null");
  }

  @Test
  void matmulShapes() {
    assertError(ARG, () -> A23.matmul(Tensor.zeros(4, 5)),
        "matmul: shapes [2, 3] and [4, 5] do not align (3 != 4)");
    assertError(ARG, () -> Tensor.zeros(3).matmul(Tensor.zeros(4)),
        "matmul: shapes [3] and [4] do not align (3 != 4)");
    assertError(ARG, () -> Tensor.zeros(4).matmul(Tensor.zeros(2, 3, 5)),
        "matmul: shapes [4] and [2, 3, 5] do not align (4 != 3)");
    assertError(ARG, () -> Tensor.scalar(2).matmul(A23), "matmul", "at least 1 dim", "[]",
        "[2, 3]");
    assertError(ARG, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 4)),
        "matmul", "[2, 2, 3]", "[3, 3, 4]", "batch", "[2]", "[3]");
  }

  @Test
  void transposeDims() {
    assertError(ARG, () -> A23.transpose(0, 2), "transpose: dim 2", "rank 2");
    assertError(ARG, () -> Tensor.zeros(2, 3, 4).t(), "t:", "[2, 3, 4]");
  }

  // ---------------------------------------------------------------- shape ops

  @Test
  void reshapeErrors() {
    assertError(ARG, () -> A23.reshape(4), "reshape", "[2, 3]", "6 elements", "[4]");
    assertError(ARG, () -> A23.reshape(-1, -1), "reshape", "only one", "-1");
    assertError(ARG, () -> A23.reshape(-1, 4), "reshape", "[2, 3]", "[-1, 4]");
    assertError(ARG, () -> A23.reshape(-2, -3), "reshape", "negative", "[-2, -3]");
  }

  @Test
  void expandErrors() {
    assertError(ARG, () -> A23.expand(4, 3), "expand", "[2, 3]", "[4, 3]");
    assertError(ARG, () -> A23.expand(3), "expand", "[2, 3]", "[3]");
    assertError(ARG, () -> A23.expand(-1, 2, 3), "expand", "-1", "leading");
    assertError(ARG, () -> Tensor.zeros(1, 3).expand(-2, 3), "expand", "negative", "-2");
  }

  @Test
  void permuteErrors() {
    assertError(ARG, () -> A23.permute(0), "permute", "[0]", "[2, 3]");
    assertError(ARG, () -> A23.permute(1, 1), "permute", "[1, 1]", "repeats dim 1");
    assertError(ARG, () -> A23.permute(0, 2), "permute: dim 2", "rank 2");
  }

  @Test
  void narrowErrors() {
    assertError(ARG, () -> A23.narrow(1, 2, 2), "narrow", "start 2", "length 2", "size 3",
        "[2, 3]");
    assertError(ARG, () -> A23.narrow(0, -1, 1), "narrow", "start -1");
    assertError(ARG, () -> A23.narrow(0, 0, -1), "narrow", "length -1");
    assertError(ARG, () -> A23.narrow(2, 0, 1), "narrow: dim 2", "rank 2");
  }

  @Test
  void indexSelectErrors() {
    assertError(ARG, () -> A23.indexSelect(1, new int[] {0, 3}),
        "indexSelect: index[1] = 3 is out of range for dim 1 of size 3 (shape [2, 3])");
    assertError(ARG, () -> A23.indexSelect(0, new int[] {-1}), "indexSelect", "-1", "size 2");
    assertError(ARG, () -> A23.indexSelect(0, null), "indexSelect", "null");
    assertError(ARG, () -> A23.indexSelect(2, new int[] {0}), "indexSelect: dim 2", "rank 2");
  }

  @Test
  void catErrors() {
    assertError(ARG, () -> Tensor.cat(List.of(), 0), "cat", "at least one");
    assertError(ARG, () -> Tensor.cat(List.of(A23, Tensor.zeros(2, 4)), 0),
        "cat: tensor 1 has shape [2, 4]", "[2, 3]", "outside dim 0");
    assertError(ARG, () -> Tensor.cat(List.of(A23, Tensor.zeros(3)), 0), "cat", "[3]", "[2, 3]");
    assertError(ARG, () -> Tensor.cat(List.of(Tensor.scalar(1), Tensor.scalar(2)), 0),
        "cat", "0-d");
    assertError(ARG, () -> Tensor.cat(List.of(A23, A23), 2), "cat: dim 2", "rank 2");
  }

  @Test
  void stackErrors() {
    assertError(ARG, () -> Tensor.stack(List.of(), 0), "stack", "at least one");
    assertError(ARG, () -> Tensor.stack(List.of(A23, Tensor.zeros(3, 2)), 0),
        "stack: tensor 1 has shape [3, 2], but tensor 0 has [2, 3]");
    assertError(ARG, () -> Tensor.stack(List.of(A23, A23), 3), "stack: dim 3", "rank 3");
  }

  @Test
  void squeezeAndUnsqueezeDims() {
    assertError(ARG, () -> A23.squeeze(2), "squeeze: dim 2", "rank 2");
    assertError(ARG, () -> A23.unsqueeze(3), "unsqueeze: dim 3", "rank 3");
    assertError(ARG, () -> A23.unsqueeze(-4), "unsqueeze: dim -4", "rank 3");
  }

  // ---------------------------------------------------------------- factories and accessors

  @Test
  void factoryErrors() {
    assertError(ARG, () -> Tensor.of(new double[][] {{1, 2}, {3}}),
        "of: ragged rows: row 0 has 2 elements but row 1 has 1");
    assertError(ARG, () -> Tensor.of(new double[][] {{1, 2}, null}), "of", "row 1", "null");
    assertError(ARG, () -> Tensor.of(new double[] {1, 2, 3}, 2, 2),
        "of: shape [2, 2] needs 4 elements, but data has 3");
    assertError(ARG, () -> Tensor.of((double[]) null), "of", "null");
    assertError(ARG, () -> Tensor.of(new double[0], -1, 0), "of", "negative size -1", "[-1, 0]");
    assertError(ARG, () -> Tensor.zeros(2, -3), "zeros: negative size -3 in shape [2, -3]");
    assertError(ARG, () -> Tensor.ones(-1), "ones", "negative size -1");
    assertError(ARG, () -> Tensor.full(7, 3, -2), "full", "negative size -2");
    assertError(ARG, () -> Tensor.randn(new Random(1), -4), "randn", "negative size -4");
    assertError(ARG, () -> Tensor.rand(new Random(1), 2, -1), "rand", "negative size -1");
    assertError(ARG, () -> Tensor.eye(-2), "eye", "-2");
    assertError(ARG, () -> Tensor.arange(0, 5, 0), "arange", "step=0.0");
    assertError(ARG, () -> Tensor.zeros(100_000, 100_000),
        "zeros: shape [100000, 100000] has more than");
    assertError(ARG, () -> Tensor.arange(0, 1e12, 1), "arange", "1000000000000 elements");
  }

  @Test
  void accessorErrors() {
    assertError(ARG, A23::item, "item: needs exactly one element, but shape [2, 3] has 6");
    assertError(ARG, () -> Tensor.zeros(0).item(), "item", "[0]", "has 0");
    assertError(ARG, () -> A23.get(2, 0), "get: index [2, 0] is out of range for shape [2, 3]");
    assertError(ARG, () -> A23.get(0, -4), "get", "[0, -4]", "[2, 3]");
    assertError(ARG, () -> A23.get(0), "get: index [0] has 1 components, but shape [2, 3] has 2");
    assertError(ARG, () -> Value.of(A23), "Value.of", "[2, 3]");
  }

  // ---------------------------------------------------------------- autograd lifecycle

  @Test
  void backwardOnNonScalarWithoutUpstream() {
    Tensor x = Tensor.zeros(3, 2).requiresGrad();
    assertError(ARG, () -> x.mul(2).backward(),
        "backward() needs a scalar output, but the output has shape [3, 2]");
    assertError(ARG, () -> x.mul(2).backward(Tensor.zeros(2, 3)),
        "backward", "[2, 3]", "[3, 2]");
    assertError(ARG, () -> Autograd.grad(x.mul(2), x, false), "scalar", "[3, 2]");
  }

  @Test
  void backwardWithoutGraph() {
    assertError(STATE, () -> Tensor.scalar(1).exp().backward(), "backward", "does not require grad");
    Tensor x = Tensor.scalar(1).requiresGrad();
    Tensor y = x.exp().mul(2);
    y.backward();
    assertError(STATE, y::backward, "backward", "mul", "freed", "retainGraph");
  }

  @Test
  void requiresGradOnANonLeaf() {
    Tensor y = Tensor.scalar(1).requiresGrad().exp();
    assertError(STATE, y::requiresGrad, "requiresGrad", "only leaves", "exp", "detach()");
    assertError(STATE, () -> y.assign(Tensor.scalar(2)), "assign", "leaves", "exp");
    assertError(ARG, () -> Tensor.zeros(2).assign(A23), "assign", "[2, 3]", "[2]");
  }

  @Test
  void gradOfAnInputWithoutGrad() {
    Tensor x = Tensor.zeros(2).requiresGrad();
    Tensor c = Tensor.zeros(2);
    Tensor y = x.mul(c).sum();
    assertError(ARG, () -> Autograd.grad(y, c, false),
        "grad: input 0 (shape [2]) does not require grad");
    assertError(ARG, () -> Autograd.grad(List.of(y), List.of(x, c), false), "input 1", "[2]");
    assertError(ARG, () -> Autograd.grad(List.of(y), List.of(), List.of(x), false, false),
        "grad", "1 outputs", "0 upstream");
    assertError(ARG, () -> Autograd.grad(List.of(), List.of(x), false), "grad", "output");
    assertError(ARG, () -> Autograd.grad(null, List.of(x), false), "grad", "output");
  }

  @Test
  void hooksAndRetainGradNeedGrad() {
    Tensor c = Tensor.zeros(2);
    assertError(STATE, () -> c.registerHook(g -> g), "registerHook", "does not require grad");
    assertError(STATE, c::retainGrad, "retainGrad", "does not require grad");
    Tensor x = Tensor.zeros(2).requiresGrad();
    x.registerHook(g -> Tensor.zeros(3));
    assertError(STATE, () -> x.mul(2).sum().backward(), "hook", "[3]", "[2]");
  }

  @Test
  void functionReturningWrongNumberOrShapeOfGradients() {
    Function tooFew =
        Function.of("tooFew", in -> in[0].mul(in[1]), (g, out, in) -> new Tensor[] {g});
    Tensor a = Tensor.zeros(2).requiresGrad();
    Tensor b = Tensor.zeros(2).requiresGrad();
    assertError(STATE, () -> tooFew.apply(a, b).sum().backward(),
        "tooFew: backward returned 1 gradients for 2 inputs");

    Function wrongShape =
        Function.of("wrongShape", in -> in[0].mul(2), (g, out, in) -> new Tensor[] {Tensor.zeros(3)});
    assertError(STATE, () -> wrongShape.apply(a).sum().backward(),
        "wrongShape: backward returned a gradient of shape [3] for input 0 of shape [2]");

    Function returnsNull = Function.of("returnsNull", in -> in[0], (g, out, in) -> null);
    assertError(STATE, () -> returnsNull.apply(a).sum().backward(), "returnsNull", "null");

    Function forwardNull = Function.of("forwardNull", in -> null, (g, out, in) -> new Tensor[] {g});
    assertError(ARG, () -> forwardNull.apply(a), "forwardNull", "forward returned null");
    assertError(ARG, () -> tooFew.apply(a, null), "tooFew", "input 1 is null");
    assertError(ARG, () -> Function.of(" ", in -> in[0], (g, out, in) -> new Tensor[] {g}),
        "Function", "name");
  }

  @Test
  void gradCheckArguments() {
    assertError(ARG, () -> GradCheck.Options.defaults().withEps(0), "GradCheck", "eps=0.0");
    assertError(ARG, () -> GradCheck.Options.defaults().withTolerance(-1, 0), "atol=-1.0");
    assertError(ARG, () -> GradCheck.check(in -> in.get(0)), "GradCheck", "at least one input");
    Tensor x = Tensor.zeros(2);
    GradCheck.Options defaults = GradCheck.Options.defaults();
    assertError(ARG, () -> GradCheck.check(null, List.of(x), defaults),
        "GradCheck.check: the function and options must not be null");
    assertError(ARG, () -> GradCheck.gradGradCheck(null, List.of(x), defaults),
        "GradCheck.gradGradCheck: the function and options must not be null");
    assertError(ARG, () -> GradCheck.gradGradCheck(in -> in.get(0), List.of(x), null),
        "GradCheck.gradGradCheck", "options");
    assertError(ARG, () -> GradCheck.gradGradCheck(in -> null, List.of(x), defaults),
        "GradCheck.gradGradCheck: the function returned null");
  }

  // ---------------------------------------------------------------- convolution and pooling

  @Test
  void convolutionErrors() {
    Tensor x = Tensor.zeros(1, 3, 5, 5);
    ConvOptions d = ConvOptions.defaults();
    assertError(ARG, () -> x.conv2d(Tensor.zeros(8, 4, 3, 3), null),
        "conv2d: input has 3 channels but the weight expects 4 (weight [8, 4, 3, 3], groups 1)");
    assertError(ARG, () -> x.conv2d(Tensor.zeros(4, 1, 3, 3), null, d.withGroups(2)),
        "conv2d: input has 3 channels but the weight expects 2 (weight [4, 1, 3, 3], groups 2)");
    assertError(ARG, () -> Tensor.zeros(1, 4, 5, 5).conv2d(Tensor.zeros(3, 2, 3, 3), null, d.withGroups(2)),
        "conv2d: groups 2 does not divide the 3 output channels (weight [3, 2, 3, 3])");
    assertError(ARG, () -> x.conv2d(Tensor.zeros(2, 3, 3, 3), null, d.withGroups(0)),
        "conv2d: groups must be at least 1, but got 0");
    assertError(ARG, () -> x.conv2d(Tensor.zeros(2, 3, 3, 3), null, d.withStride(0)),
        "conv2d: stride must be at least 1, but got [0]");
    assertError(ARG, () -> x.conv2d(Tensor.zeros(2, 3, 3, 3), null, d.withPadding(1, -1)),
        "conv2d: padding must be non-negative, but got [1, -1]");
    assertError(ARG, () -> x.conv2d(Tensor.zeros(2, 3, 7, 3), null, d.withPadding(0, 1)),
        "conv2d: the kernel 7x3 (dilation 1x1) reaches 7x3, more than the padded input 5x7",
        "(input [1, 3, 5, 5], padding 0x1)");
    assertError(ARG, () -> x.conv2d(Tensor.zeros(2, 3, 3, 3), null, d.withDilation(3)),
        "conv2d: the kernel 3x3 (dilation 3x3) reaches 7x7, more than the padded input 5x5");
    assertError(ARG, () -> x.conv2d(Tensor.zeros(2, 3, 3, 3), Tensor.zeros(3)),
        "conv2d: bias must have shape [2] for weight [2, 3, 3, 3], but got shape [3]");
    assertError(ARG, () -> x.conv2d(Tensor.zeros(2, 3, 3), null), "conv2d: the weight must have 4 dims",
        "[2, 3, 3]");
    assertError(ARG, () -> Tensor.zeros(5, 5).conv2d(Tensor.zeros(2, 3, 3, 3), null),
        "conv2d: the input must have 3 or 4 dims, but got shape [5, 5]");
    assertError(ARG, () -> x.conv2d(Tensor.zeros(DType.F32, 2, 3, 3, 3), null),
        "conv2d: the input and the weight have dtypes F64 and F32");
    assertError(ARG, () -> x.conv2d(Tensor.zeros(2, 3, 3, 3), null, d.withPaddingSame().withStride(2)),
        "conv2d: padding \"same\" needs stride 1");
    assertError(ARG, () -> ConvOptions.defaults().withStride(1, 2, 3), "ConvOptions", "[1, 2, 3]");
    assertError(ARG, () -> Tensor.zeros(1, 2, 5).conv1d(Tensor.zeros(1, 2, 3), null, d.withStride(1, 1)),
        "conv1d: stride needs 1 value(s), but got [1, 1]");
    assertError(ARG, () -> Tensor.zeros(1, 2, 5).conv1d(Tensor.zeros(1, 2, 9), null, d),
        "conv1d: the kernel 9 (dilation 1) reaches 9, more than the padded input 5");
    assertError(ARG, () -> x.convTranspose2d(Tensor.zeros(4, 2, 3, 3), null, d),
        "convTranspose2d: input has 3 channels but the weight expects 4");
    assertError(ARG, () -> x.convTranspose2d(Tensor.zeros(3, 2, 3, 3), null, d.withOutputPadding(1)),
        "convTranspose2d: output padding [1] must be smaller than the stride [1] or the dilation [1]");
  }

  @Test
  void poolingAndPaddingErrors() {
    Tensor x = Tensor.zeros(1, 2, 4, 4);
    assertError(ARG, () -> x.maxPool2d(0), "maxPool2d: kernel size must be at least 1, but got [0]");
    assertError(ARG, () -> x.maxPool2d(new int[] {2}, new int[] {0}, new int[] {0}),
        "maxPool2d: stride must be at least 1, but got [0]");
    assertError(ARG, () -> x.maxPool2d(new int[] {2}, null, new int[] {2}),
        "maxPool2d: padding [2] must be at most half the kernel size [2]");
    assertError(ARG, () -> x.maxPool2d(5), "maxPool2d: the kernel 5x5", "padded input 4x4");
    assertError(ARG, () -> x.avgPool2d(new int[] {2}, null, new int[] {-1}, true),
        "avgPool2d: padding must be non-negative, but got [-1]");
    assertError(ARG, () -> Tensor.zeros(3).maxPool1d(2, 2, 0),
        "maxPool1d: the input must have 2 or 3 dims, but got shape [3]");
    assertError(ARG, () -> x.adaptiveAvgPool2d(0, 2), "adaptiveAvgPool2d: the output size must be at least 1x1");
    assertError(ARG, () -> Tensor.zeros(1, 1, 1, 2).expand(64, 64, 1, 2).reshape(64, 64, 1, 2)
            .conv2d(Tensor.zeros(1, 64, 1, 1), null, ConvOptions.defaults().withPadding(1000, 1000)),
        "conv2d: the unfolded windows of input [64, 64, 1, 2]", "more than an array holds");
    assertError(ARG, () -> x.pad(new int[] {1}, 0), "pad: needs (before, after) pairs", "[1]");
    assertError(ARG, () -> x.pad(new int[] {-3, -2}, 0), "pad: padding [-3, -2] would crop dim 3",
        "size -1");
    assertError(ARG, () -> x.norm(0), "norm: the order p must be positive", "0.0");
    assertError(ARG, () -> Tensor.zeros(2, 0).argmin(1), "argmin: dim 1 of shape [2, 0] is empty");
  }
}
