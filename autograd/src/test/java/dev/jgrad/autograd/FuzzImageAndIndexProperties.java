package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the ops that take images or index tensors ({@code conv2d}, {@code convTranspose2d},
 * {@code maxPool2d}, {@code avgPool2d}, {@code adaptiveAvgPool2d}, and through them the unfold
 * and fold primitives; {@code gather}, {@code scatterAdd}) with hostile settings: kernels larger
 * than the input, kernels of size 0, stride 0, negative padding, dilation 0, groups that do not
 * divide the channels, empty dims, indices out of range, negative, fractional, NaN or infinite,
 * index tensors of the wrong rank or shape, mixed dtypes.
 *
 * <p>Each call is drawn with its validity, decided from PyTorch's documented rules written out
 * here ({@code valid} below), not from the engine. The contract: an invalid call throws an {@link
 * IllegalArgumentException} whose message names the op and a value or shape; a valid call
 * succeeds, and its values equal the plain definition ({@link PlainDefinitions}: loops over
 * arrays) to 1e-10 in F64 and 1e-5 (relative to the largest value) in F32, and its gradient
 * matches central differences along a random direction. No other throwable escapes.
 */
class FuzzImageAndIndexProperties {

  /** One drawn call: what it is, whether PyTorch's rules allow it, and how to run and check it. */
  private record Call(
      String name,
      String description,
      boolean valid,
      List<Tensor> inputs,
      GradCheck.Fn fn,
      Supplier<PlainDefinitions.Result> plain,
      boolean smooth) {
    @Override
    public String toString() {
      List<String> shapes = new ArrayList<>();
      for (Tensor t : inputs) {
        shapes.add(t.shapeString() + " " + t.dtype());
      }
      return description + " on " + shapes + (valid ? " (valid)" : " (invalid)");
    }
  }

  // ------------------------------------------------------------------ properties

  /** Conv and pool calls with random geometry: a clear error exactly when invalid, else right. */
  @Property(tries = 500, seed = "20261202")
  void imageOpsFailClearlyOrMatchTheirDefinition(@ForAll long seed) {
    Random random = new Random(seed);
    boolean hostile = random.nextInt(2) == 0;
    Call call = switch (random.nextInt(5)) {
      case 0 -> conv2d(random, hostile);
      case 1 -> convTranspose2d(random, hostile);
      case 2 -> pool2d(random, hostile, true);
      case 3 -> pool2d(random, hostile, false);
      default -> adaptiveAvgPool2d(random, hostile);
    };
    run(call, seed);
  }

  /** gather and scatterAdd with random indices: a clear error exactly when invalid, else right. */
  @Property(tries = 500, seed = "20261203")
  void indexOpsFailClearlyOrMatchTheirDefinition(@ForAll long seed) {
    Random random = new Random(seed);
    boolean hostile = random.nextInt(2) == 0;
    run(random.nextBoolean() ? gather(random, hostile) : scatterAdd(random, hostile), seed);
  }

  // ------------------------------------------------------------------ the contract

  private static void run(Call call, long seed) {
    List<Tensor> leaves = new ArrayList<>();
    for (Tensor t : call.inputs()) {
      leaves.add(t.detach().requiresGrad());
    }
    Tensor out;
    try {
      out = call.fn().apply(leaves);
    } catch (IllegalArgumentException e) {
      Statistics.label("outcome").collect(call.name(), call.valid() ? "refused a valid call" : "clear error");
      if (call.valid()) {
        throw new AssertionError("seed " + seed + ": " + call + " was refused: " + e.getMessage(), e);
      }
      String m = String.valueOf(e.getMessage());
      if (!m.contains(call.name())) {
        fail("seed " + seed + ": " + call + ": the message does not name " + call.name() + ": " + m);
      }
      if (!m.matches("(?s).*([0-9]|NaN|Infinity|null|F32|F64).*")) {
        fail("seed " + seed + ": " + call + ": the message names no value or shape: " + m);
      }
      return;
    } catch (Throwable t) {
      throw new AssertionError("seed " + seed + ": " + call + " threw " + t, t);
    }
    Statistics.label("outcome").collect(call.name(), call.valid() ? "ok" : "accepted an invalid call");
    if (!call.valid()) {
      fail("seed " + seed + ": " + call + " was accepted, giving " + out.shapeString());
    }
    PlainDefinitions.Result want = call.plain().get();
    String what = "seed " + seed + ": " + call;
    assertArrayEquals(want.shape(), out.shapeArray(), what + ": shape");
    assertEquals(leaves.get(0).dtype(), out.dtype(), what + ": dtype");
    // Finite values near the overflow threshold make the result depend on the order of the sum
    // (MAX + MAX - MAX is Inf or MAX); only max pooling, which adds nothing, is compared then.
    boolean overflowFree = call.inputs().stream()
        .allMatch(t -> Arrays.stream(t.toArray()).allMatch(v -> !(Math.abs(v) > 1e150 && Double.isFinite(v))));
    if (overflowFree || call.name().equals("maxPool2d")) {
      assertClose(what, out.toArray(), want.values(), out.dtype() == DType.F32 ? 1e-5 : 1e-10);
    }
    // Backward always works and gives each input a gradient of its shape and dtype.
    Tensor upstream = Tensor.randn(new Random(seed + 1), out.shapeArray()).to(out.dtype());
    List<Tensor> grads;
    try {
      grads = Autograd.grad(List.of(out), List.of(upstream), leaves, false, false);
    } catch (Throwable t) {
      throw new AssertionError(what + ": backward threw " + t, t);
    }
    for (int i = 0; i < leaves.size(); i++) {
      assertArrayEquals(leaves.get(i).shapeArray(), grads.get(i).shapeArray(), what + ": grad shape");
      assertEquals(leaves.get(i).dtype(), grads.get(i).dtype(), what + ": grad dtype");
    }
    // Central differences need moderate values: at 1e299 a step of 1e-6 changes nothing.
    boolean moderate = call.inputs().stream()
        .allMatch(t -> Arrays.stream(t.toArray()).allMatch(v -> Math.abs(v) <= 10));
    if (call.smooth() && moderate && out.dtype() == DType.F64 && out.numel() > 0) {
      Statistics.label("gradient checked").collect(true);
      GradCheck.Options options =
          GradCheck.Options.defaults().withSeed(seed).withRandomDirection(true);
      GradCheck.Report r = GradCheck.check(call.fn(), call.inputs(), options);
      if (!r.ok()) {
        fail(what + ": gradient mismatch\n" + r);
      }
    } else {
      Statistics.label("gradient checked").collect(false);
    }
  }

  private static void assertClose(String what, double[] got, double[] want, double rtol) {
    assertEquals(want.length, got.length, what + ": element count");
    double scale = 1;
    for (double w : want) {
      if (Double.isFinite(w)) {
        scale = Math.max(scale, Math.abs(w));
      }
    }
    for (int k = 0; k < want.length; k++) {
      boolean same = Math.abs(got[k] - want[k]) <= rtol * scale
          || Double.compare(got[k], want[k]) == 0
          || (Double.isNaN(got[k]) && Double.isNaN(want[k]));
      if (!same) {
        fail(String.format("%s: element %d is %s, the definition gives %s%n  got  %s%n  want %s",
            what, k, got[k], want[k], Arrays.toString(got), Arrays.toString(want)));
      }
    }
  }

  // ------------------------------------------------------------------ convolution

  private static Call conv2d(Random random, boolean hostile) {
    boolean batched = random.nextBoolean();
    int n = batched ? size(random, hostile, 1, 2) : 1;
    int c = size(random, hostile, 1, 3);
    int h = size(random, hostile, 1, 5);
    int w = size(random, hostile, 1, 5);
    int groups = hostile && random.nextInt(3) == 0 ? random.nextInt(5) - 1 : (c % 2 == 0 && random.nextBoolean() ? 2 : 1);
    int[] stride = setting(random, hostile, 1, 2, -1, 3);
    int[] padding = setting(random, hostile, 0, 1, -2, 3);
    int[] dilation = setting(random, hostile, 1, 2, -1, 3);
    boolean same = random.nextInt(8) == 0;
    int cg = hostile && random.nextInt(4) == 0 ? random.nextInt(4) : (groups >= 1 ? c / groups : c);
    int o = hostile && random.nextInt(4) == 0 ? random.nextInt(5) : Math.max(groups, 1) * (1 + random.nextInt(2));
    int kh = kernel(random, hostile, h);
    int kw = kernel(random, hostile, w);
    int[] xs = imageShape(random, hostile, batched, n, c, h, w);
    int[] ws = hostile && random.nextInt(12) == 0 ? new int[] {o, cg, kh} : new int[] {o, cg, kh, kw};
    int[] bs = random.nextBoolean() ? null : (hostile && random.nextInt(4) == 0 ? new int[] {o + 1} : new int[] {o});
    DType dtype = random.nextInt(4) == 0 ? DType.F32 : DType.F64;
    DType wtype = hostile && random.nextInt(6) == 0 ? other(dtype) : dtype;
    Tensor x = values(random, hostile, xs, dtype);
    Tensor weight = values(random, hostile, ws, wtype);
    Tensor bias = bs == null ? null : values(random, hostile, bs, dtype);

    boolean valid = (xs.length == 3 || xs.length == 4) && ws.length == 4 && groups >= 1
        && c == cg * groups && o % groups == 0 && dtype == wtype && all(stride, 1) && all(dilation, 1)
        && (same ? Arrays.stream(stride).allMatch(v -> v == 1) : all(padding, 0));
    int[] k = {kh, kw};
    int[][] pads = new int[2][2]; // per axis: before, after
    if (valid) {
      int[] size = {h, w};
      for (int a = 0; a < 2; a++) {
        int d = axis(dilation, a);
        if (same) {
          int total = d * (k[a] - 1);
          pads[a] = new int[] {total / 2, total - total / 2};
        } else {
          pads[a] = new int[] {axis(padding, a), axis(padding, a)};
        }
        valid &= k[a] >= 1 && d * (k[a] - 1) + 1 <= size[a] + pads[a][0] + pads[a][1];
      }
    }
    ConvOptions options = options(stride, padding, dilation, groups, same);
    String description = "conv2d(weight " + Arrays.toString(ws) + ", bias " + Arrays.toString(bs)
        + ", " + options + ")";
    List<Tensor> inputs = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
    GradCheck.Fn fn = in -> in.get(0).conv2d(in.get(1), in.size() > 2 ? in.get(2) : null, options);
    int[] x4 = xs.length == 4 ? xs : new int[] {1, c, h, w};
    Supplier<PlainDefinitions.Result> plain = () -> {
      // "same" pads asymmetrically: pad the image explicitly, then convolve without padding.
      double[] xv = x.toArray();
      int[] padded = x4;
      if (same) {
        xv = zeroPad(xv, x4, pads);
        padded = new int[] {x4[0], x4[1], h + pads[0][0] + pads[0][1], w + pads[1][0] + pads[1][1]};
      }
      PlainDefinitions.Result r = PlainDefinitions.conv2d(xv, padded, weight.toArray(), ws,
          bias == null ? null : bias.toArray(), pair(stride), same ? new int[2] : pair(padding),
          pair(dilation), groups);
      return unbatched(r, xs.length == 3);
    };
    return new Call("conv2d", description, valid, inputs, fn, plain, true);
  }

  private static Call convTranspose2d(Random random, boolean hostile) {
    boolean batched = random.nextBoolean();
    int n = batched ? size(random, hostile, 1, 2) : 1;
    int c = size(random, hostile, 1, 3);
    int h = size(random, hostile, 1, 4);
    int w = size(random, hostile, 1, 4);
    int groups = hostile && random.nextInt(3) == 0 ? random.nextInt(5) - 1 : (c % 2 == 0 && random.nextBoolean() ? 2 : 1);
    int[] stride = setting(random, hostile, 1, 2, -1, 3);
    int[] padding = setting(random, hostile, 0, 1, -2, 3);
    int[] dilation = setting(random, hostile, 1, 2, -1, 3);
    int[] outputPadding = random.nextInt(3) == 0 ? setting(random, hostile, 0, 1, -1, 3) : new int[] {0};
    boolean same = hostile && random.nextInt(10) == 0;
    int cin = hostile && random.nextInt(4) == 0 ? random.nextInt(4) : c;
    int coutG = hostile && random.nextInt(6) == 0 ? 0 : 1 + random.nextInt(2);
    int kh = hostile && random.nextInt(6) == 0 ? random.nextInt(2) : 1 + random.nextInt(3);
    int kw = hostile && random.nextInt(6) == 0 ? random.nextInt(2) : 1 + random.nextInt(3);
    int[] xs = imageShape(random, hostile, batched, n, c, h, w);
    int[] ws = {cin, coutG, kh, kw};
    int cout = coutG * Math.max(groups, 1);
    int[] bs = random.nextBoolean() ? null : (hostile && random.nextInt(4) == 0 ? new int[] {cout + 1} : new int[] {cout});
    DType dtype = random.nextInt(4) == 0 ? DType.F32 : DType.F64;
    DType wtype = hostile && random.nextInt(6) == 0 ? other(dtype) : dtype;
    Tensor x = values(random, hostile, xs, dtype);
    Tensor weight = values(random, hostile, ws, wtype);
    Tensor bias = bs == null ? null : values(random, hostile, bs, dtype);

    boolean valid = (xs.length == 3 || xs.length == 4) && !same && groups >= 1 && c == cin
        && c % groups == 0 && dtype == wtype && all(stride, 1) && all(padding, 0)
        && all(dilation, 1) && all(outputPadding, 0);
    int[] spatial = {h, w};
    for (int a = 0; valid && a < 2; a++) {
      int op = axis(outputPadding, a);
      int s = axis(stride, a);
      int d = axis(dilation, a);
      int size = (spatial[a] - 1) * s - 2 * axis(padding, a) + d * (ws[2 + a] - 1) + op + 1;
      valid &= ws[2 + a] >= 1 && (op < s || op < d) && size >= 1;
    }
    ConvOptions options =
        options(stride, padding, dilation, groups, same).withOutputPadding(outputPadding);
    String description = "convTranspose2d(weight " + Arrays.toString(ws) + ", bias "
        + Arrays.toString(bs) + ", " + options + ")";
    List<Tensor> inputs = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
    GradCheck.Fn fn = in -> in.get(0).convTranspose2d(in.get(1), in.size() > 2 ? in.get(2) : null, options);
    int[] x4 = xs.length == 4 ? xs : new int[] {1, c, h, w};
    Supplier<PlainDefinitions.Result> plain = () -> unbatched(
        PlainDefinitions.convTranspose2d(x.toArray(), x4, weight.toArray(), ws,
            bias == null ? null : bias.toArray(), pair(stride), pair(padding), pair(dilation),
            pair(outputPadding), groups),
        xs.length == 3);
    return new Call("convTranspose2d", description, valid, inputs, fn, plain, true);
  }

  // ------------------------------------------------------------------ pooling

  private static Call pool2d(Random random, boolean hostile, boolean max) {
    String name = max ? "maxPool2d" : "avgPool2d";
    boolean batched = random.nextBoolean();
    int n = batched ? size(random, hostile, 1, 2) : 1;
    int c = size(random, hostile, 1, 2);
    int h = size(random, hostile, 1, 5);
    int w = size(random, hostile, 1, 5);
    int[] kernel = setting(random, hostile, 1, 3, -1, 7);
    int[] stride = random.nextInt(3) == 0 ? null : setting(random, hostile, 1, 2, -1, 3);
    int[] padding = setting(random, hostile, 0, 1, -1, 3);
    if (hostile && random.nextInt(10) == 0) {
      kernel = random.nextBoolean() ? new int[0] : new int[] {2, 2, 2};
    }
    boolean countIncludePad = random.nextBoolean();
    int[] xs = imageShape(random, hostile, batched, n, c, h, w);
    DType dtype = random.nextInt(4) == 0 ? DType.F32 : DType.F64;
    // max pooling: well-separated values (no ties within a finite-difference step), NaN sometimes
    Tensor x = max && !hostile ? Gen.distinct(random, xs).to(dtype) : values(random, hostile, xs, dtype);

    boolean valid = (xs.length == 3 || xs.length == 4) && (kernel.length == 1 || kernel.length == 2)
        && (stride == null || stride.length == 1 || stride.length == 2) && all(kernel, 1)
        && (stride == null || all(stride, 1)) && all(padding, 0);
    int[] size = {h, w};
    for (int a = 0; valid && a < 2; a++) {
      int k = axis(kernel, a);
      valid &= axis(padding, a) <= k / 2 && k <= size[a] + 2 * axis(padding, a) && size[a] >= 1;
    }
    int[] k0 = kernel;
    String description = String.format("%s(kernel %s, stride %s, padding %s%s)", name,
        Arrays.toString(kernel), Arrays.toString(stride), Arrays.toString(padding),
        max ? "" : ", countIncludePad " + countIncludePad);
    GradCheck.Fn fn = in -> max
        ? in.get(0).maxPool2d(k0, stride, padding)
        : in.get(0).avgPool2d(k0, stride, padding, countIncludePad);
    int[] x4 = xs.length == 4 ? xs : new int[] {1, c, h, w};
    Supplier<PlainDefinitions.Result> plain = () -> unbatched(
        PlainDefinitions.pool2d(max, x.toArray(), x4, pair(k0), pair(stride == null ? k0 : stride),
            pair(padding), countIncludePad),
        xs.length == 3);
    return new Call(name, description, valid, List.of(x), fn, plain, !max || !hostile);
  }

  private static Call adaptiveAvgPool2d(Random random, boolean hostile) {
    boolean batched = random.nextBoolean();
    int n = batched ? size(random, hostile, 1, 2) : 1;
    int c = size(random, hostile, 1, 2);
    int h = size(random, hostile, 1, 5);
    int w = size(random, hostile, 1, 5);
    int oh = hostile && random.nextInt(3) == 0 ? random.nextInt(3) - 1 : 1 + random.nextInt(6);
    int ow = hostile && random.nextInt(3) == 0 ? random.nextInt(3) - 1 : 1 + random.nextInt(6);
    int[] xs = imageShape(random, hostile, batched, n, c, h, w);
    DType dtype = random.nextInt(4) == 0 ? DType.F32 : DType.F64;
    Tensor x = values(random, hostile, xs, dtype);
    boolean valid = (xs.length == 3 || xs.length == 4) && oh >= 1 && ow >= 1 && h >= 1 && w >= 1;
    int[] x4 = xs.length == 4 ? xs : new int[] {1, c, h, w};
    return new Call("adaptiveAvgPool2d", "adaptiveAvgPool2d(" + oh + ", " + ow + ")", valid,
        List.of(x), in -> in.get(0).adaptiveAvgPool2d(oh, ow),
        () -> unbatched(PlainDefinitions.adaptiveAvgPool2d(x.toArray(), x4, oh, ow), xs.length == 3),
        true);
  }

  // ------------------------------------------------------------------ gather and scatterAdd

  /** A drawn index: its values, its shape, how the call passes it, and whether it is valid. */
  private record Index(double[] values, int[] shape, boolean asTensor, DType dtype, boolean valid) {
    int[] ints() {
      int[] out = new int[values.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (int) values[i];
      }
      return out;
    }

    Tensor tensor() {
      return shape.length == 0 ? Tensor.scalar(dtype, values[0]) : Tensor.of(values, shape).to(dtype);
    }

    @Override
    public String toString() {
      return (asTensor ? dtype + " tensor " : "ints ") + Arrays.toString(values) + " of shape "
          + Arrays.toString(shape);
    }
  }

  /**
   * Draws an index for {@code dim} of {@code shape}: PyTorch's rule is the same rank, no larger
   * than {@code limit} outside dim (the input for gather; for scatterAdd also src), whole values in
   * {@code [0, shape[dim])}. Hostile draws break one or more of these.
   */
  private static Index index(Random random, boolean hostile, int[] shape, int dim, int[] limit) {
    int rank = shape.length;
    boolean asTensor = random.nextBoolean();
    int[] is = new int[hostile && random.nextInt(6) == 0 ? Math.max(0, rank + random.nextInt(3) - 1) : rank];
    for (int i = 0; i < is.length; i++) {
      int bound = i < rank ? (i == dim ? shape[i] + 1 : limit[i]) : 2;
      is[i] = bound == 0 || random.nextInt(6) == 0 ? 0 : 1 + random.nextInt(bound); // empty too
      if (hostile && random.nextInt(8) == 0) {
        is[i] = asTensor ? bound + 1 : random.nextInt(4) - 3; // too large, or a negative size for the ints
      }
    }
    long count = 1;
    for (int s : is) {
      count *= Math.max(s, 0);
    }
    double[] values = new double[(int) count];
    int size = rank > 0 ? shape[dim] : 0;
    for (int p = 0; p < values.length; p++) {
      if (hostile && random.nextInt(5) == 0) {
        double[] bad = {-1, size, size + 7, 0.5, -0.5, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 3e9, -3e9, -0.0};
        values[p] = bad[random.nextInt(bad.length)];
        if (!asTensor) {
          values[p] = (int) values[p]; // the int overload holds no fractions or NaN
        }
      } else {
        values[p] = size == 0 ? 0 : random.nextInt(size);
      }
    }
    boolean valid = is.length == rank && rank > 0;
    for (int i = 0; i < is.length; i++) {
      valid &= is[i] >= 0 && (i >= rank || i == dim || is[i] <= limit[i]);
    }
    if (!asTensor && hostile && random.nextInt(10) == 0 && values.length > 0) {
      values = Arrays.copyOf(values, values.length - 1); // fewer values than the shape holds
      valid = false;
    }
    for (double v : values) {
      valid &= v >= 0 && v < size && v == Math.rint(v); // -0.0 is a whole number in range
    }
    DType dtype = random.nextBoolean() ? DType.F32 : DType.F64;
    return new Index(values, is, asTensor, dtype, valid);
  }

  private static Call gather(Random random, boolean hostile) {
    int[] xs = gatherShape(random, hostile);
    int rank = xs.length;
    int dim = rank == 0 ? 0 : random.nextInt(rank);
    int dimArg = hostile && random.nextInt(8) == 0 ? rank + random.nextInt(2) : (random.nextBoolean() ? dim : dim - rank);
    Index index = index(random, hostile, xs, dim, xs);
    DType dtype = random.nextInt(4) == 0 ? DType.F32 : DType.F64;
    Tensor x = values(random, false, xs, dtype);
    boolean valid = index.valid() && dimArg < rank && dimArg >= -rank;
    String description = "gather(dim " + dimArg + ", " + index + ")";
    GradCheck.Fn fn = in -> index.asTensor()
        ? in.get(0).gather(dimArg, index.tensor())
        : in.get(0).gather(dimArg, index.ints(), index.shape());
    Supplier<PlainDefinitions.Result> plain = () -> new PlainDefinitions.Result(
        PlainDefinitions.gather(x.toArray(), xs, dim, index.ints(), index.shape()), index.shape());
    return new Call("gather", description, valid, List.of(x), fn, plain, true);
  }

  private static Call scatterAdd(Random random, boolean hostile) {
    int[] xs = gatherShape(random, hostile);
    int rank = xs.length;
    int dim = rank == 0 ? 0 : random.nextInt(rank);
    int dimArg = hostile && random.nextInt(8) == 0 ? -rank - 1 : (random.nextBoolean() ? dim : dim - rank);
    // src: PyTorch needs index <= src in every dim; draw src first, then an index inside both.
    int[] ss = new int[rank];
    for (int i = 0; i < rank; i++) {
      ss[i] = i == dim ? random.nextInt(4) : random.nextInt(xs[i] + 1) + (random.nextInt(4) == 0 ? 1 : 0);
    }
    int[] limit = new int[rank];
    for (int i = 0; i < rank; i++) {
      limit[i] = Math.min(xs[i], ss[i]);
    }
    Index index = index(random, hostile, xs, dim, limit);
    boolean srcFits = index.shape().length == rank;
    for (int i = 0; srcFits && i < rank; i++) {
      srcFits = index.shape()[i] <= ss[i];
    }
    int[] srcShape = hostile && random.nextInt(8) == 0 ? new int[] {Shapes.numel(ss)} : ss;
    if (srcShape != ss) {
      srcFits = srcShape.length == index.shape().length && srcFits;
    }
    DType dtype = random.nextInt(4) == 0 ? DType.F32 : DType.F64;
    DType srcType = hostile && random.nextInt(6) == 0 ? other(dtype) : dtype;
    Tensor x = values(random, false, xs, dtype);
    Tensor src = values(random, false, srcShape, srcType);
    boolean valid = index.valid() && srcFits && srcType == dtype && dimArg >= -rank && dimArg < rank;
    String description = "scatterAdd(dim " + dimArg + ", " + index + ", src " + Arrays.toString(srcShape) + " " + srcType + ")";
    GradCheck.Fn fn = in -> index.asTensor()
        ? in.get(0).scatterAdd(dimArg, index.tensor(), in.get(1))
        : in.get(0).scatterAdd(dimArg, index.ints(), index.shape(), in.get(1));
    Supplier<PlainDefinitions.Result> plain = () -> new PlainDefinitions.Result(
        PlainDefinitions.scatterAdd(x.toArray(), xs, dim, index.ints(), index.shape(), src.toArray(), srcShape), xs);
    return new Call("scatterAdd", description, valid, List.of(x, src), fn, plain, true);
  }

  /** Shapes of rank 1-3 with sizes 0-4 (0 rarely); hostile: rank 0 too. */
  private static int[] gatherShape(Random random, boolean hostile) {
    int rank = hostile && random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(3);
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(4);
    }
    return s;
  }

  // ------------------------------------------------------------------ generators

  /** A size in {@code [lo, hi]}; hostile draws are 0 a fifth of the time. */
  private static int size(Random random, boolean hostile, int lo, int hi) {
    return hostile && random.nextInt(5) == 0 ? 0 : lo + random.nextInt(hi - lo + 1);
  }

  /** A kernel size: tame ones fit the input; hostile ones may be 0 or exceed it. */
  private static int kernel(Random random, boolean hostile, int input) {
    return hostile && random.nextInt(3) == 0 ? random.nextInt(8) : 1 + random.nextInt(Math.max(1, Math.min(input, 3)));
  }

  /** One or two values in {@code [lo, hi]}, or hostile ones in {@code [badLo, badHi]}. */
  private static int[] setting(Random random, boolean hostile, int lo, int hi, int badLo, int badHi) {
    int[] v = new int[random.nextBoolean() ? 1 : 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = hostile && random.nextInt(3) == 0
          ? badLo + random.nextInt(badHi - badLo + 1)
          : lo + random.nextInt(hi - lo + 1);
    }
    return v;
  }

  /** {@code [n, c, h, w]} or {@code [c, h, w]}; hostile draws are sometimes 2-d or 5-d. */
  private static int[] imageShape(Random random, boolean hostile, boolean batched, int n, int c, int h, int w) {
    if (hostile && random.nextInt(12) == 0) {
      return random.nextBoolean() ? new int[] {h, w} : new int[] {1, n, c, h, w};
    }
    return batched ? new int[] {n, c, h, w} : new int[] {c, h, w};
  }

  private static Tensor values(Random random, boolean hostile, int[] shape, DType dtype) {
    double[] data = new double[Shapes.numel(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = hostile && random.nextInt(12) == 0
          ? FuzzProperties.hostileValue(random)
          : (random.nextDouble() * 2 - 1) * 2;
    }
    return Gen.of(data, shape).to(dtype);
  }

  private static ConvOptions options(int[] stride, int[] padding, int[] dilation, int groups, boolean same) {
    ConvOptions o = ConvOptions.defaults().withStride(stride).withDilation(dilation).withGroups(groups);
    return same ? o.withPaddingSame() : o.withPadding(padding);
  }

  private static DType other(DType d) {
    return d == DType.F32 ? DType.F64 : DType.F32;
  }

  private static boolean all(int[] v, int min) {
    return Arrays.stream(v).allMatch(x -> x >= min);
  }

  /** The value of a one-or-two-value setting on axis {@code a} (0 height, 1 width). */
  private static int axis(int[] v, int a) {
    return v.length == 1 ? v[0] : v[a];
  }

  private static int[] pair(int[] v) {
    return new int[] {axis(v, 0), axis(v, 1)};
  }

  /** Returns {@code x} ({@code [N, C, H, W]}) with zeros added: {@code pads[axis] = {before, after}}. */
  private static double[] zeroPad(double[] x, int[] s, int[][] pads) {
    int h = s[2] + pads[0][0] + pads[0][1];
    int w = s[3] + pads[1][0] + pads[1][1];
    double[] out = new double[s[0] * s[1] * h * w];
    for (int p = 0; p < s[0] * s[1]; p++) {
      for (int y = 0; y < s[2]; y++) {
        for (int xx = 0; xx < s[3]; xx++) {
          out[(p * h + y + pads[0][0]) * w + xx + pads[1][0]] = x[(p * s[2] + y) * s[3] + xx];
        }
      }
    }
    return out;
  }

  /** Drops the leading batch dim of a plain result computed for an unbatched input. */
  private static PlainDefinitions.Result unbatched(PlainDefinitions.Result r, boolean drop) {
    return drop
        ? new PlainDefinitions.Result(r.values(), Arrays.copyOfRange(r.shape(), 1, 4))
        : r;
  }
}
