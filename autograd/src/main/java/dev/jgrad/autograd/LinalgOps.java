package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Elementwise;

/** Matrix products. */
final class LinalgOps {
  private LinalgOps() {}

  /**
   * Batched matrix product {@code out[..., n, m] = a[..., n, k] b[..., k, m]}, batch dimensions
   * broadcast; {@code dL/da = upstream b^T}, {@code dL/db = a^T upstream}. Both operands have rank
   * 2 or more ({@link Tensor#matmul} handles 1-d operands around this primitive).
   */
  record MatMul() implements Op {
    static final MatMul OP = new MatMul();

    static Tensor apply(Tensor a, Tensor b) {
      int[] as = a.shape;
      int[] bs = b.shape;
      int n = as[as.length - 2];
      int k = as[as.length - 1];
      int k2 = bs[bs.length - 2];
      int m = bs[bs.length - 1];
      if (k != k2) {
        throw new IllegalArgumentException(
            String.format(
                "matmul: shapes %s and %s do not align (%d != %d)",
                Shapes.format(as), Shapes.format(bs), k, k2));
      }
      int[] aBatch = java.util.Arrays.copyOf(as, as.length - 2);
      int[] bBatch = java.util.Arrays.copyOf(bs, bs.length - 2);
      int[] batch;
      try {
        batch = Shapes.broadcast("matmul", aBatch, bBatch);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            String.format(
                "matmul: shapes %s and %s have batch dimensions %s and %s that do not combine (%s)",
                Shapes.format(as), Shapes.format(bs), Shapes.format(aBatch), Shapes.format(bBatch),
                e.getMessage()),
            e);
      }
      int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
      outShape[batch.length] = n;
      outShape[batch.length + 1] = m;
      Shapes.checkShape("matmul", outShape); // [65536, 0] @ [0, 65536] would not fit an array
      double[] out = new double[Shapes.numel(outShape)];
      int batches = out.length == 0 ? 0 : Shapes.numel(batch);
      if (batches == 1 && aBatch.length <= 1 && bBatch.length <= 1) {
        MatMul.gemm(a.data, 0, b.data, 0, out, 0, n, k, m);
      } else {
        int[] sa = Elementwise.broadcastStrides(aBatch, batch);
        int[] sb = Elementwise.broadcastStrides(bBatch, batch);
        int[] index = new int[batch.length];
        for (int t = 0; t < batches; t++) {
          int ia = 0;
          int ib = 0;
          for (int d = 0; d < batch.length; d++) {
            ia += index[d] * sa[d];
            ib += index[d] * sb[d];
          }
          gemm(a.data, ia * n * k, b.data, ib * k * m, out, t * n * m, n, k, m);
          for (int d = batch.length - 1; d >= 0; d--) {
            if (++index[d] < batch[d]) {
              break;
            }
            index[d] = 0;
          }
        }
      }
      return Tensor.fromOp(OP, out, outShape, a, b);
    }

    private static void gemm(
        double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int n, int k, int m) {
      dev.jgrad.autograd.kernels.MatMul.gemm(a, aOff, b, bOff, c, cOff, n, k, m);
    }

    @Override
    public String name() {
      return "matmul";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor a = inputs[0];
      Tensor b = inputs[1];
      if (upstream.numel() == 0) {
        // Nothing flows back; the products below could be impossibly large (a^T of
        // [65536, 0, 65536] times [65536, 0, 1] is [65536, 65536, 1]).
        return new Tensor[] {a.zerosLike(), b.zerosLike()};
      }
      if (!Autograd.state().gradEnabled && a.shape.length == 2 && b.shape.length == 2) {
        // First-order pass of a plain 2-d product: the kernel reads the transposed operand in
        // place (no transpose copy, no graph), and skips inputs that take no gradient.
        int n = a.shape[0];
        int k = a.shape[1];
        int m = b.shape[1];
        Tensor gradA = null;
        Tensor gradB = null;
        if (a.requiresGrad) {
          double[] g = new double[n * k];
          dev.jgrad.autograd.kernels.MatMul.gemm(false, true, upstream.data, 0, b.data, 0, g, 0, n, m, k);
          gradA = Tensor.wrap(g, a.shape);
        }
        if (b.requiresGrad) {
          double[] g = new double[k * m];
          dev.jgrad.autograd.kernels.MatMul.gemm(true, false, a.data, 0, upstream.data, 0, g, 0, k, n, m);
          gradB = Tensor.wrap(g, b.shape);
        }
        return new Tensor[] {gradA, gradB};
      }
      return new Tensor[] {
        upstream.matmul(b.transpose(-1, -2)), a.transpose(-1, -2).matmul(upstream)
      };
    }
  }

  /**
   * Fused affine map {@code out[..., o] = sum_i x[..., i] w[o, i] + b[o]} (as PyTorch's
   * {@code F.linear}): {@code x} is {@code [..., in]} (rank 1 or more, leading dims flattened to
   * rows), {@code w} is {@code [out, in]}, the optional {@code b} is {@code [out]}. With the
   * upstream {@code G} flattened to {@code [rows, out]}: {@code dL/dx = G w},
   * {@code dL/dw = G^T x}, {@code dL/db = sum over rows of G}. The forward pass reads {@code w}
   * transposed in place and starts each output row from {@code b}, so it needs neither a
   * transpose copy nor a separate add.
   */
  record Linear() implements Op {
    static final Linear OP = new Linear();

    static Tensor apply(Tensor x, Tensor w, Tensor b) {
      int[] xs = x.shape;
      int[] ws = w.shape;
      if (xs.length == 0) {
        throw new IllegalArgumentException(
            "linear: input needs at least 1 dim, but got shape " + Shapes.format(xs));
      }
      if (ws.length != 2) {
        throw new IllegalArgumentException(
            "linear: weight must be 2-d [out, in], but got shape " + Shapes.format(ws));
      }
      int in = xs[xs.length - 1];
      int out = ws[0];
      if (ws[1] != in) {
        throw new IllegalArgumentException(
            String.format(
                "linear: input shape %s and weight shape %s do not align (%d != %d)",
                Shapes.format(xs), Shapes.format(ws), in, ws[1]));
      }
      if (b != null && (b.shape.length != 1 || b.shape[0] != out)) {
        throw new IllegalArgumentException(
            String.format(
                "linear: bias must have shape [%d] for weight shape %s, but got shape %s",
                out, Shapes.format(ws), Shapes.format(b.shape)));
      }
      int[] outShape = xs.clone();
      outShape[xs.length - 1] = out;
      Shapes.checkShape("linear", outShape);
      int rows = rows(xs);
      double[] y = new double[rows * out];
      if (b != null) {
        for (int r = 0; r < rows; r++) {
          System.arraycopy(b.data, 0, y, r * out, out);
        }
      }
      dev.jgrad.autograd.kernels.MatMul.gemm(false, true, x.data, 0, w.data, 0, y, 0, rows, in, out);
      return b == null
          ? Tensor.fromOp(OP, y, outShape, x, w)
          : Tensor.fromOp(OP, y, outShape, x, w, b);
    }

    /** Returns the number of rows {@code x} of shape {@code [..., in]} holds: its leading dims' product. */
    private static int rows(int[] xs) {
      int rows = 1;
      for (int d = 0; d < xs.length - 1; d++) {
        rows *= xs[d];
      }
      return rows;
    }

    @Override
    public String name() {
      return "linear";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      Tensor w = inputs[1];
      Tensor b = inputs.length > 2 ? inputs[2] : null;
      int out = w.shape[0];
      int in = w.shape[1];
      int rows = rows(x.shape);
      Tensor[] grads = new Tensor[inputs.length];
      if (!Autograd.state().gradEnabled) {
        // First-order pass: the kernels read the transposed operands in place, no graph.
        double[] g = upstream.data;
        if (x.requiresGrad) {
          double[] dx = new double[rows * in];
          dev.jgrad.autograd.kernels.MatMul.gemm(false, false, g, 0, w.data, 0, dx, 0, rows, out, in);
          grads[0] = Tensor.wrap(dx, x.shape);
        }
        if (w.requiresGrad) {
          double[] dw = new double[out * in];
          dev.jgrad.autograd.kernels.MatMul.gemm(true, false, g, 0, x.data, 0, dw, 0, out, rows, in);
          grads[1] = Tensor.wrap(dw, w.shape);
        }
        if (b != null && b.requiresGrad) {
          double[] db = new double[out];
          for (int r = 0; r < rows; r++) {
            int off = r * out;
            for (int o = 0; o < out; o++) {
              db[o] += g[off + o];
            }
          }
          grads[2] = Tensor.wrap(db, b.shape);
        }
        return grads;
      }
      if (upstream.numel() == 0) {
        for (int i = 0; i < inputs.length; i++) {
          grads[i] = inputs[i].zerosLike();
        }
        return grads;
      }
      // Graph recorded (createGraph): the same products as differentiable ops.
      Tensor g2 = upstream.reshape(rows, out);
      grads[0] = g2.matmul(w).reshape(x.shape);
      grads[1] = g2.t().matmul(x.reshape(rows, in));
      if (b != null) {
        grads[2] = g2.sum(0, false);
      }
      return grads;
    }
  }
}
