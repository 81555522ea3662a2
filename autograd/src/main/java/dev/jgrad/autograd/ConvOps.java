package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.kernels.Conv;
import dev.jgrad.autograd.kernels.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sliding windows: the two primitives unfold (im2col: every window of an image becomes a column)
 * and fold (col2im: columns are added back into an image, unfold's adjoint), the primitive max
 * pooling (promoted for speed), and the composites built on them with matmul, where and sums:
 * convolution (1-d, 2-d, transposed), average pooling, adaptive average pooling and constant
 * padding.
 *
 * <p>Why only two primitives: a convolution is a matrix product of the weight with the unfolded
 * input, so its gradient with respect to the weight is a matrix product and its gradient with
 * respect to the input is a fold; a transposed convolution is the same product followed by a fold.
 * Since the backward of unfold is fold and the backward of fold is unfold, both are linear maps
 * written with differentiable ops, every composite here is differentiable to any order and works in
 * F32 and F64 without code of its own.
 */
public final class ConvOps {
  private ConvOps() {}

  /**
   * im2col: {@code out[n, (c * kh + i) * kw + j, oy * outW + ox] = x[n, c, oy * sh - pt + i * dh,
   * ox * sw - pl + j * dw]} for an input {@code [N, C, H, W]}, {@code padValue} where the window
   * lies on padding; output {@code [N, C * kh * kw, outH * outW]} (PyTorch's {@code F.unfold}
   * layout) or, with {@code positionsFirst}, {@code [N, outH * outW, C * kh * kw]} (one window per
   * row, so that a convolution is one fused {@code linear} over the batch). Each output element is
   * a copy of an input element or the constant, so the gradient is the fold of the upstream
   * gradient (entries on padding dropped).
   *
   * @param window the window geometry
   * @param padValue the value read on padding: 0 for convolution, -Inf for max pooling
   * @param positionsFirst whether the window positions come before the window entries
   */
  public record Unfold(Conv.Window window, double padValue, boolean positionsFirst) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      int[] s = in[0].shapeArray();
      Storage out =
          Conv.im2col(in[0].storage(), s[0], s[1], s[2], s[3], window, padValue, positionsFirst);
      int rows = s[1] * window.kernelSize();
      return Tensor.wrap(
          out,
          positionsFirst
              ? new int[] {s[0], window.positions(), rows}
              : new int[] {s[0], rows, window.positions()});
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      int[] s = inputs[0].shapeArray();
      return new Tensor[] {Graph.record(new Fold(window, s[2], s[3], positionsFirst), upstream)};
    }

    @Override
    public String name() {
      return "unfold";
    }

    @Override
    public String formula() {
      return "out = unfold(x) ("
          + window
          + "): every window becomes a column;"
          + "  the gradient is fold(upstream): each column is added back where it was read";
    }

    /**
     * A sum of (zero or one) input elements when the padding is 0; -Inf padding has no scalar form.
     */
    @Override
    public ScalarForm scalarForm() {
      return padValue == 0 ? ScalarForm.SUM : ScalarForm.NONE;
    }
  }

  /**
   * col2im, the adjoint of {@link Unfold}: for an input {@code [N, C * kh * kw, outH * outW]} (or
   * {@code [N, outH * outW, C * kh * kw]} with {@code positionsFirst}), every entry is added to the
   * pixel of {@code [N, C, height, width]} that its window position covers (entries on padding are
   * dropped). The gradient is the unfold of the upstream gradient with zero padding.
   *
   * @param window the window geometry
   * @param height image rows
   * @param width image columns
   * @param positionsFirst the layout of the input, as {@link Unfold}'s
   */
  public record Fold(Conv.Window window, int height, int width, boolean positionsFirst)
      implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      int[] s = in[0].shapeArray();
      int channels = s[positionsFirst ? 2 : 1] / window.kernelSize();
      Storage out =
          Conv.col2im(in[0].storage(), s[0], channels, height, width, window, positionsFirst);
      return Tensor.wrap(out, new int[] {s[0], channels, height, width});
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {Graph.record(new Unfold(window, 0, positionsFirst), upstream)};
    }

    @Override
    public String name() {
      return "fold";
    }

    @Override
    public String formula() {
      return "out = fold(x) ("
          + window
          + "): columns are added into the image;"
          + "  the gradient is unfold(upstream)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.SUM;
    }
  }

  /**
   * Max pooling of {@code [N, C, H, W]}: each output is the largest element of its window (padding
   * is -Inf), the first one in the window at ties, and the gradient goes to that element alone, as
   * PyTorch. A primitive for speed: one pass finds each window's maximum (a composite of unfold, a
   * one-hot argmax mask, where and sum made four passes over k times the data). The differentiable
   * rule spreads the upstream gradient with that mask and folds it back (linear in the upstream, so
   * second order works); {@link #fastBackward} adds each upstream element straight to its window's
   * maximum.
   *
   * @param window the window geometry
   */
  public record MaxPool(Conv.Window window) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      int[] s = in[0].shapeArray();
      if (Conv.isPlain2x2(window)) {
        return Tensor.wrap(
            Conv.maxPool2x2(in[0].storage(), s[0] * s[1], s[2], s[3]),
            new int[] {s[0], s[1], window.outH(), window.outW()});
      }
      int[] best = Conv.windowArgmax(in[0].storage(), s[0] * s[1], s[2], s[3], window);
      return Tensor.wrap(
          Conv.gather(in[0].storage(), best), new int[] {s[0], s[1], window.outH(), window.outW()});
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      int[] s = inputs[0].shapeArray();
      int planes = s[0] * s[1];
      Tensor columns =
          unfold(
              inputs[0].detach().reshape(planes, 1, s[2], s[3]),
              window,
              Double.NEGATIVE_INFINITY); // [N * C, k, L], a constant
      Tensor mask = oneHot(columns.argmax(1), 1, window.kernelSize());
      Tensor spread =
          Tensor.where(
              mask, upstream.reshape(planes, 1, window.positions()), upstream.scalarLike(0));
      return new Tensor[] {fold(spread, window, s[2], s[3]).reshape(s)};
    }

    /**
     * Adds each upstream element to its window's maximum, found again in one pass (2x2 windows of
     * stride 2: a kernel that writes the gradient densely, SIMD for floats).
     */
    @Override
    public Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      if (upstream.dtype() != x.dtype()) {
        return null;
      }
      int[] s = x.shapeArray();
      if (Conv.isPlain2x2(window)) {
        return new Tensor[] {
          Tensor.wrap(
              Conv.maxPool2x2Backward(x.storage(), upstream.storage(), s[0] * s[1], s[2], s[3]),
              s)
        };
      }
      int[] best = Conv.windowArgmax(x.storage(), s[0] * s[1], s[2], s[3], window);
      return new Tensor[] {Tensor.wrap(Conv.scatterAdd(upstream.storage(), best, x.numel()), s)};
    }

    @Override
    public String name() {
      return "maxPool";
    }

    @Override
    public String formula() {
      return "out = max of each window ("
          + window
          + ");  dout/dx = 1 at the window's (first)"
          + " maximum, else 0";
    }

    /** The element each output copies depends on the values, which a scalar graph cannot show. */
    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.NONE;
    }
  }

  // ---------------------------------------------------------------- the primitives' entries

  /**
   * Returns the fold of {@code columns} ({@code [N, C * kh * kw, L]}) into {@code [N, C, height,
   * width]} images.
   */
  static Tensor fold(Tensor columns, Conv.Window window, int height, int width) {
    return Graph.record(new Fold(window, height, width, false), columns);
  }

  /** Returns the unfold of {@code x}, windows as columns, padding read as {@code padValue}. */
  private static Tensor unfold(Tensor x, Conv.Window window, double padValue) {
    return Graph.record(new Unfold(window, padValue, false), x);
  }

  // ---------------------------------------------------------------- geometry and checks

  /** Per-axis window settings (height first), after checking them. */
  private record Axes(int[] kernel, int[] stride, int[] padBefore, int[] padAfter, int[] dilation) {
    /** Returns the window over an image of {@code size} (height, width), checked to fit. */
    Conv.Window window(String op, Tensor input, int[] size, int spatialRank) {
      int[] out = new int[2];
      for (int a = 0; a < 2; a++) {
        int reach = dilation[a] * (kernel[a] - 1) + 1;
        long padded = (long) size[a] + padBefore[a] + padAfter[a];
        if (reach > padded) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: the kernel %s (dilation %s) reaches %s, more than the padded input %s"
                      + " (input %s, padding %s)",
                  op,
                  axes(kernel, spatialRank),
                  axes(dilation, spatialRank),
                  axes(reachOf(), spatialRank),
                  axes(paddedOf(size), spatialRank),
                  input.shapeString(),
                  axes(padBefore, spatialRank)));
        }
        out[a] = (int) ((padded - reach) / stride[a] + 1);
      }
      return new Conv.Window(
          kernel[0],
          kernel[1],
          stride[0],
          stride[1],
          padBefore[0],
          padBefore[1],
          dilation[0],
          dilation[1],
          out[0],
          out[1]);
    }

    private int[] reachOf() {
      return new int[] {dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1};
    }

    private int[] paddedOf(int[] size) {
      return new int[] {size[0] + padBefore[0] + padAfter[0], size[1] + padBefore[1] + padAfter[1]};
    }
  }

  /** Returns {@code 3x3} for 2 axes, {@code 3} for 1 (the width; the height is a dummy 1). */
  private static String axes(int[] v, int spatialRank) {
    return spatialRank == 1 ? String.valueOf(v[1]) : v[0] + "x" + v[1];
  }

  /**
   * Returns the per-axis values (height, width) of a setting given with one value or one per
   * spatial axis; for 1-d ops the height gets {@code dummy}. Each value must be at least {@code
   * min}.
   */
  private static int[] perAxis(
      String op, String what, int[] given, int spatialRank, int min, int dummy) {
    if (given == null || given.length == 0 || given.length > spatialRank) {
      throw new IllegalArgumentException(
          String.format(
              "%s: %s needs 1%s value(s), but got %s",
              op, what, spatialRank == 2 ? " or 2" : "", Arrays.toString(given)));
    }
    for (int v : given) {
      if (v < min) {
        throw new IllegalArgumentException(
            String.format(
                "%s: %s must be %s, but got %s",
                op, what, min == 0 ? "non-negative" : "at least " + min, Arrays.toString(given)));
      }
    }
    if (spatialRank == 1) {
      return new int[] {dummy, given[0]};
    }
    return given.length == 1 ? new int[] {given[0], given[0]} : given.clone();
  }

  private static void checkRank(String op, String what, Tensor t, int... ranks) {
    if (t == null) {
      throw new IllegalArgumentException(op + ": the " + what + " must not be null");
    }
    for (int r : ranks) {
      if (t.dim() == r) {
        return;
      }
    }
    throw new IllegalArgumentException(
        String.format(
            "%s: the %s must have %s dims, but got shape %s",
            op,
            what,
            ranks.length == 1 ? String.valueOf(ranks[0]) : ranks[0] + " or " + ranks[1],
            t.shapeString()));
  }

  private static void checkSameDtype(String op, Tensor a, Tensor b, String what) {
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: the input and the %s have dtypes %s and %s, which must be equal; convert one"
                  + " with to(%s)",
              op, what, a.dtype(), b.dtype(), a.dtype()));
    }
  }

  /**
   * Checks that unfolding {@code planes} images of {@code channels} channels with {@code window}
   * fits one array (the window entries times the positions, which can far exceed the input).
   */
  private static void checkUnfoldSize(
      String op, Tensor x, int planes, int channels, Conv.Window window) {
    long elements = (long) planes * channels * window.kernelSize() * window.positions();
    if (elements > Shapes.MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          String.format(
              "%s: the unfolded windows of input %s (%s) would have %d elements, more than an"
                  + " array holds; use a smaller batch or a larger stride",
              op, x.shapeString(), window, elements));
    }
  }

  /**
   * Returns the kernel size (height, width) of {@code w4}, the 4-d weight ({@code weight} as
   * given), after checking that it has at least one element on each axis: a window of size 0
   * would give an output larger than the input (conv) or divide by zero (the transposed conv).
   */
  private static int[] kernelOf(String op, Tensor w4, Tensor weight, int spatialRank) {
    int[] kernel = {w4.shapeArray()[2], w4.shapeArray()[3]};
    if (kernel[0] < 1 || kernel[1] < 1) {
      throw new IllegalArgumentException(
          String.format(
              "%s: the weight %s has a kernel of size %s; each kernel axis needs at least one"
                  + " element",
              op, weight.shapeString(), axes(kernel, spatialRank)));
    }
    return kernel;
  }

  /** Returns {@code x} as a 4-d batch {@code [N, C, H, W]} (1-d ops: H = 1; unbatched: N = 1). */
  private static Tensor asBatch(Tensor x, int spatialRank) {
    Tensor t = x.dim() == spatialRank + 1 ? x.unsqueeze(0) : x;
    return spatialRank == 1 ? t.unsqueeze(2) : t;
  }

  /** Undoes {@link #asBatch} on a result {@code [N, C, H', W']}. */
  private static Tensor fromBatch(Tensor out, Tensor x, int spatialRank) {
    Tensor t = spatialRank == 1 ? out.squeeze(2) : out;
    return x.dim() == spatialRank + 1 ? t.squeeze(0) : t;
  }

  private static int[] spatial(Tensor x4) {
    return new int[] {x4.shapeArray()[2], x4.shapeArray()[3]};
  }

  // ---------------------------------------------------------------- convolution

  /**
   * Returns the convolution (cross-correlation, as PyTorch) of {@code x} with {@code weight}:
   * {@code out[n, o] = bias[o] + sum_{c in group(o), i, j} w[o, c, i, j] x[n, c, i*dh + oy*sh - pt,
   * j*dw + ox*sw - pl]}. A composite: with one group, one fused {@code linear} of the windows
   * (unfold with positions first, {@code [N * L, C * kh * kw]}) and the weight {@code [O, C * kh *
   * kw]}, bias included; with groups, a batched matmul of the weight {@code [g, O/g, C/g * kh *
   * kw]} with the unfolded columns per group, plus the bias.
   */
  static Tensor conv(
      String op, Tensor x, Tensor weight, Tensor bias, ConvOptions options, int spatialRank) {
    checkRank(op, "input", x, spatialRank + 1, spatialRank + 2);
    checkRank(op, "weight", weight, spatialRank + 2);
    if (options == null) {
      throw new IllegalArgumentException(
          op + ": the options must not be null (use ConvOptions.defaults())");
    }
    int[] ws = weight.shapeArray();
    int groups = options.groups();
    int channels = x.shapeArray()[x.dim() - spatialRank - 1];
    int outChannels = ws[0];
    if (groups < 1) {
      throw new IllegalArgumentException(op + ": groups must be at least 1, but got " + groups);
    }
    if (channels != ws[1] * groups) {
      throw new IllegalArgumentException(
          String.format(
              "%s: input has %d channels but the weight expects %d (weight %s, groups %d)",
              op, channels, ws[1] * groups, weight.shapeString(), groups));
    }
    if (outChannels % groups != 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: groups %d does not divide the %d output channels (weight %s)",
              op, groups, outChannels, weight.shapeString()));
    }
    if (bias != null && (bias.dim() != 1 || bias.shapeArray()[0] != outChannels)) {
      throw new IllegalArgumentException(
          String.format(
              "%s: bias must have shape [%d] for weight %s, but got shape %s",
              op, outChannels, weight.shapeString(), bias.shapeString()));
    }
    checkSameDtype(op, x, weight, "weight");
    if (bias != null) {
      checkSameDtype(op, x, bias, "bias");
    }
    Tensor x4 = asBatch(x, spatialRank);
    Tensor w4 = spatialRank == 1 ? weight.unsqueeze(2) : weight;
    int[] kernel = kernelOf(op, w4, weight, spatialRank);
    int[] stride = perAxis(op, "stride", options.stride(), spatialRank, 1, 1);
    int[] dilation = perAxis(op, "dilation", options.dilation(), spatialRank, 1, 1);
    int[] before;
    int[] after;
    if (options.paddingSame()) {
      if (stride[0] != 1 || stride[1] != 1) {
        throw new IllegalArgumentException(
            String.format(
                "%s: padding \"same\" needs stride 1 (as in PyTorch), but got stride %s",
                op, Arrays.toString(options.stride())));
      }
      before = new int[2];
      after = new int[2];
      for (int a = 0; a < 2; a++) {
        int total = dilation[a] * (kernel[a] - 1);
        before[a] = total / 2;
        after[a] = total - before[a];
      }
    } else {
      before = perAxis(op, "padding", options.padding(), spatialRank, 0, 0);
      after = before;
    }
    Conv.Window window =
        new Axes(kernel, stride, before, after, dilation).window(op, x, spatial(x4), spatialRank);
    int n = x4.shapeArray()[0];
    int kk = channels / groups * window.kernelSize();
    checkUnfoldSize(op, x, n, channels, window);
    Tensor out;
    if (groups == 1) {
      Tensor rows = Graph.record(new Unfold(window, 0, true), x4); // [N, L, C * kh * kw]
      out = Tensor.linear(rows, weight.reshape(outChannels, kk), bias).transpose(1, 2);
    } else {
      Tensor columns = unfold(x4, window, 0); // [N, C * kh * kw, L]
      out =
          weight
              .reshape(groups, outChannels / groups, kk)
              .matmul(columns.reshape(n, groups, kk, window.positions()));
      if (bias != null) {
        out = out.reshape(n, outChannels, window.positions()).add(bias.reshape(1, outChannels, 1));
      }
    }
    return fromBatch(out.reshape(n, outChannels, window.outH(), window.outW()), x, spatialRank);
  }

  /**
   * Returns the transposed convolution of {@code x} ({@code [N, Cin, H, W]}) with {@code weight}
   * ({@code [Cin, Cout / g, kh, kw]}, PyTorch's layout): the adjoint of conv2d with the same
   * settings, computed as {@code fold(weight^T @ x)} per group, of size
   * {@code (H - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1}. A composite
   * of fold and a fused linear (one group) or a batched matmul (groups).
   */
  static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, ConvOptions options) {
    String op = "convTranspose2d";
    checkRank(op, "input", x, 3, 4);
    checkRank(op, "weight", weight, 4);
    if (options == null) {
      throw new IllegalArgumentException(
          op + ": the options must not be null (use ConvOptions.defaults())");
    }
    if (options.paddingSame()) {
      throw new IllegalArgumentException(
          op + ": padding \"same\" is not defined for a transposed convolution");
    }
    int[] ws = weight.shapeArray();
    int groups = options.groups();
    int channels = x.shapeArray()[x.dim() - 3];
    if (groups < 1) {
      throw new IllegalArgumentException(op + ": groups must be at least 1, but got " + groups);
    }
    if (channels != ws[0] || channels % groups != 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: input has %d channels but the weight expects %d in %d groups (weight %s, groups"
                  + " %d)",
              op, channels, ws[0], groups, weight.shapeString(), groups));
    }
    int outChannels = ws[1] * groups;
    if (bias != null && (bias.dim() != 1 || bias.shapeArray()[0] != outChannels)) {
      throw new IllegalArgumentException(
          String.format(
              "%s: bias must have shape [%d] for weight %s and groups %d, but got shape %s",
              op, outChannels, weight.shapeString(), groups, bias.shapeString()));
    }
    checkSameDtype(op, x, weight, "weight");
    if (bias != null) {
      checkSameDtype(op, x, bias, "bias");
    }
    kernelOf(op, weight, weight, 2);
    int[] stride = perAxis(op, "stride", options.stride(), 2, 1, 1);
    int[] padding = perAxis(op, "padding", options.padding(), 2, 0, 0);
    int[] dilation = perAxis(op, "dilation", options.dilation(), 2, 1, 1);
    int[] extra = perAxis(op, "output padding", options.outputPadding(), 2, 0, 0);
    Tensor x4 = asBatch(x, 2);
    int[] in = spatial(x4);
    int[] size = new int[2];
    for (int a = 0; a < 2; a++) {
      if (extra[a] >= stride[a] && extra[a] >= dilation[a]) {
        throw new IllegalArgumentException(
            String.format(
                "%s: output padding %s must be smaller than the stride %s or the dilation %s",
                op,
                Arrays.toString(options.outputPadding()),
                Arrays.toString(options.stride()),
                Arrays.toString(options.dilation())));
      }
      size[a] =
          (in[a] - 1) * stride[a] - 2 * padding[a] + dilation[a] * (ws[2 + a] - 1) + extra[a] + 1;
      if (size[a] < 1) {
        throw new IllegalArgumentException(
            String.format(
                "%s: the output would have size %d x %d (input %s, weight %s, %s); reduce the"
                    + " padding",
                op, size[0], size[1], x.shapeString(), weight.shapeString(), options));
      }
    }
    Conv.Window window =
        new Conv.Window(
            ws[2],
            ws[3],
            stride[0],
            stride[1],
            padding[0],
            padding[1],
            dilation[0],
            dilation[1],
            in[0],
            in[1]);
    int n = x4.shapeArray()[0];
    int positions = in[0] * in[1];
    int cg = channels / groups;
    int rows = ws[1] * window.kernelSize(); // per group: Cout / g * kh * kw
    Tensor out;
    if (groups == 1) {
      // One fused linear over the batch: each input pixel's channels times the weight give the
      // window entries it contributes, [N, H * W, Cout * kh * kw], folded with positions first.
      Tensor pixels = x4.reshape(n, channels, positions).transpose(1, 2);
      Tensor rowsOut = Tensor.linear(pixels, weight.reshape(channels, rows).t(), null);
      out = Graph.record(new Fold(window, size[0], size[1], true), rowsOut);
    } else {
      Tensor columns =
          weight
              .reshape(groups, cg, rows)
              .transpose(1, 2)
              .matmul(x4.reshape(n, groups, cg, positions))
              .reshape(n, groups * rows, positions);
      out = fold(columns, window, size[0], size[1]);
    }
    if (bias != null) {
      out = out.add(bias.reshape(1, outChannels, 1, 1));
    }
    return fromBatch(out, x, 2);
  }

  // ---------------------------------------------------------------- pooling

  /**
   * Returns the pooling window for {@code x4}, after PyTorch's checks (padding at most half the
   * kernel).
   */
  private static Conv.Window poolWindow(
      String op,
      Tensor x,
      Tensor x4,
      int[] kernelGiven,
      int[] strideGiven,
      int[] paddingGiven,
      int spatialRank) {
    int[] kernel = perAxis(op, "kernel size", kernelGiven, spatialRank, 1, 1);
    int[] stride =
        strideGiven == null ? kernel : perAxis(op, "stride", strideGiven, spatialRank, 1, 1);
    int[] padding = perAxis(op, "padding", paddingGiven, spatialRank, 0, 0);
    int[] size = spatial(x4);
    if (size[0] == 0 || size[1] == 0) {
      // Every window would lie on padding alone: no element to take the maximum or mean of.
      throw new IllegalArgumentException(
          String.format(
              "%s: the input %s has no %s to pool; it needs at least one element per %s",
              op, x.shapeString(), spatialRank == 1 ? "positions" : "pixels",
              spatialRank == 1 ? "channel" : "row and column"));
    }
    for (int a = 0; a < 2; a++) {
      if (padding[a] > kernel[a] / 2) {
        throw new IllegalArgumentException(
            String.format(
                "%s: padding %s must be at most half the kernel size %s (as in PyTorch)",
                op, Arrays.toString(paddingGiven), Arrays.toString(kernelGiven)));
      }
    }
    return new Axes(kernel, stride, padding, padding, new int[] {1, 1})
        .window(op, x, size, spatialRank);
  }

  /**
   * Returns the max pooling of {@code x} ({@code [N, C, H, W]} or {@code [C, H, W]}; 1-d: {@code
   * [N, C, L]} or {@code [C, L]}): each output is the largest element of its window (padding is
   * -Inf), and its gradient goes to that element alone, the first one in the window at ties, as
   * PyTorch (the {@link MaxPool} primitive).
   *
   * @param stride null for the kernel size (PyTorch's default)
   */
  static Tensor maxPool(
      String op, Tensor x, int[] kernel, int[] stride, int[] padding, int spatialRank) {
    checkRank(op, "input", x, spatialRank + 1, spatialRank + 2);
    Tensor x4 = asBatch(x, spatialRank);
    Conv.Window window = poolWindow(op, x, x4, kernel, stride, padding, spatialRank);
    return fromBatch(Graph.record(new MaxPool(window), x4), x, spatialRank);
  }

  /**
   * Returns the average pooling of {@code x}: each output is the mean of its window; with {@code
   * countIncludePad} the padding zeros count in the mean (PyTorch's default), without it only the
   * elements inside the input count. A composite of unfold, sum and div.
   *
   * @param stride null for the kernel size (PyTorch's default)
   */
  static Tensor avgPool(
      String op,
      Tensor x,
      int[] kernel,
      int[] stride,
      int[] padding,
      boolean countIncludePad,
      int spatialRank) {
    checkRank(op, "input", x, spatialRank + 1, spatialRank + 2);
    Tensor x4 = asBatch(x, spatialRank);
    Conv.Window window = poolWindow(op, x, x4, kernel, stride, padding, spatialRank);
    int[] s = x4.shapeArray();
    checkUnfoldSize(op, x, s[0], s[1], window);
    Tensor columns = unfold(x4.reshape(s[0] * s[1], 1, s[2], s[3]), window, 0);
    Tensor sums = columns.sum(1, false); // [N * C, L]
    Tensor out;
    if (countIncludePad) {
      out = sums.div(window.kernelSize());
    } else {
      Tensor ones = Tensor.ones(x.dtype(), 1, 1, s[2], s[3]);
      Tensor counts = unfold(ones, window, 0).sum(1, false); // [1, L], a constant
      out = sums.div(counts);
    }
    return fromBatch(out.reshape(s[0], s[1], window.outH(), window.outW()), x, spatialRank);
  }

  /**
   * Returns the adaptive average pooling of {@code x} to {@code outH x outW}: output cell {@code
   * (i, j)} is the mean over rows {@code floor(i H / outH) .. ceil((i + 1) H / outH)} and the
   * matching columns, as PyTorch. Because each cell is a rectangle, this is the bin means along the
   * height, then along the width: a composite of narrow, mean and cat (or of reshape and mean,
   * when the bins split the axis evenly). Each mean reads only its own bin, so an infinity stays in
   * the cells that contain it (a product with a constant averaging matrix would multiply it by the
   * zeros of every other cell, giving NaN across the whole row).
   */
  static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
    String op = "adaptiveAvgPool2d";
    checkRank(op, "input", x, 3, 4);
    if (outH < 1 || outW < 1) {
      throw new IllegalArgumentException(
          String.format("%s: the output size must be at least 1x1, but got %dx%d", op, outH, outW));
    }
    int h = x.shapeArray()[x.dim() - 2];
    int w = x.shapeArray()[x.dim() - 1];
    if (h == 0 || w == 0) {
      throw new IllegalArgumentException(
          String.format("%s: the input %s has no pixels to average", op, x.shapeString()));
    }
    return binMeans(binMeans(x, x.dim() - 2, outH), x.dim() - 1, outW);
  }

  /**
   * Returns the means of PyTorch's adaptive bins along {@code dim}: bin i averages the elements
   * {@code floor(i n / out) .. ceil((i + 1) n / out)} of the {@code n} along that dim.
   */
  private static Tensor binMeans(Tensor x, int dim, int out) {
    int n = x.shapeArray()[dim];
    if (out == n) {
      return x; // one element per bin
    }
    if (n % out == 0) { // equal bins side by side: split the dim and average the inner part
      int[] s = x.shapeArray();
      int[] split = new int[s.length + 1];
      System.arraycopy(s, 0, split, 0, dim);
      split[dim] = out;
      split[dim + 1] = n / out;
      System.arraycopy(s, dim + 1, split, dim + 2, s.length - dim - 1);
      return x.reshape(split).mean(dim + 1, false);
    }
    List<Tensor> bins = new ArrayList<>(out);
    for (int i = 0; i < out; i++) {
      int start = (int) ((long) i * n / out);
      int end = (int) (((long) (i + 1) * n + out - 1) / out);
      bins.add(x.narrow(dim, start, end - start).mean(dim, true));
    }
    return Tensor.cat(bins, dim);
  }

  /**
   * Returns a constant 0/1 mask with {@code size} entries along a new dim {@code dim}: 1 where the
   * entry's position equals {@code index} (an index tensor without that dim).
   */
  static Tensor oneHot(Tensor index, int dim, int size) {
    int[] shape = new int[index.dim() + 1];
    Arrays.fill(shape, 1);
    shape[dim] = size;
    return Tensor.arange(size).reshape(shape).eq(index.unsqueeze(dim));
  }

  // ---------------------------------------------------------------- padding

  /**
   * Returns {@code x} padded with {@code value}, as PyTorch's {@code F.pad(x, pads, value=...)}:
   * {@code pads} holds (before, after) pairs starting from the last dim; a negative amount crops. A
   * composite of cat (with constant blocks) and narrow.
   */
  static Tensor pad(Tensor x, int[] pads, double value) {
    if (pads == null || pads.length % 2 != 0 || pads.length / 2 > x.dim()) {
      throw new IllegalArgumentException(
          String.format(
              "pad: needs (before, after) pairs for at most %d dims (shape %s), but got %s",
              x.dim(), x.shapeString(), Arrays.toString(pads)));
    }
    int[] shape = x.shapeArray();
    int[] result = shape.clone();
    for (int p = 0; p < pads.length / 2; p++) {
      int d = shape.length - 1 - p;
      // Negative amounts crop the input before anything is added, so the crops alone must fit.
      long cropped = (long) shape[d] + Math.min(pads[2 * p], 0) + Math.min(pads[2 * p + 1], 0);
      if (cropped < 0) {
        throw new IllegalArgumentException(
            String.format(
                "pad: padding %s would crop dim %d of shape %s to size %d",
                Arrays.toString(pads), d, x.shapeString(), cropped));
      }
      long size = cropped + Math.max(pads[2 * p], 0) + Math.max(pads[2 * p + 1], 0);
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            String.format(
                "pad: padding %s would give dim %d of shape %s size %d, more than an int holds",
                Arrays.toString(pads), d, x.shapeString(), size));
      }
      result[d] = (int) size;
    }
    Shapes.product("pad", result, -1); // the padded tensor must fit an array (checked, named pad)
    Tensor t = x;
    for (int p = 0; p < pads.length / 2; p++) {
      int d = shape.length - 1 - p;
      int before = pads[2 * p];
      int after = pads[2 * p + 1];
      if (before < 0) {
        t = t.narrow(d, -before, t.shapeArray()[d] + before);
      }
      if (after < 0) {
        t = t.narrow(d, 0, t.shapeArray()[d] + after);
      }
      List<Tensor> parts = new ArrayList<>();
      if (before > 0) {
        parts.add(block(t, d, before, value));
      }
      parts.add(t);
      if (after > 0) {
        parts.add(block(t, d, after, value));
      }
      if (parts.size() > 1) {
        t = Tensor.cat(parts, d);
      }
    }
    return t;
  }

  private static Tensor block(Tensor t, int dim, int size, double value) {
    int[] s = t.shapeArray().clone();
    s[dim] = size;
    return Tensor.full(t.dtype(), value, s);
  }
}
