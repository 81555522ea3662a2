package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.kernels.Elementwise;
import dev.jgrad.autograd.kernels.Gemm;
import dev.jgrad.autograd.kernels.Movement;
import dev.jgrad.autograd.kernels.Storage;
import java.util.Arrays;

/**
 * Matrix products: the primitives matmul (batched) and linear (fused {@code x W^T + b}), and the
 * entries that handle 1-d operands and transposes around them. Both operands must have the same
 * dtype, as in PyTorch.
 */
public final class LinalgOps {
  private LinalgOps() {}

  /**
   * Batched matrix product {@code out[..., n, m] = a[..., n, k] b[..., k, m]}, batch dimensions
   * broadcast; {@code dL/da = upstream b^T}, {@code dL/db = a^T upstream}. Both operands have rank
   * 2 or more ({@link #matmul} handles 1-d operands around this primitive).
   */
  public record MatMul() implements Op {
    static final MatMul OP = new MatMul();

    @Override
    public Tensor forward(Tensor[] in) {
      Tensor a = in[0];
      Tensor b = in[1];
      int[] as = a.shapeArray();
      int[] bs = b.shapeArray();
      int n = as[as.length - 2];
      int k = as[as.length - 1];
      int m = bs[bs.length - 1];
      int[] aBatch = Arrays.copyOf(as, as.length - 2);
      int[] bBatch = Arrays.copyOf(bs, bs.length - 2);
      int[] batch = batchShape(as, bs, aBatch, bBatch);
      int[] outShape = Arrays.copyOf(batch, batch.length + 2);
      outShape[batch.length] = n;
      outShape[batch.length + 1] = m;
      Shapes.checkShape("matmul", outShape); // [65536, 0] @ [0, 65536] would not fit an array
      Storage out = Storage.zeros(a.dtype(), Shapes.numel(outShape));
      int batches = out.size() == 0 ? 0 : Shapes.numel(batch);
      int aStride = batchStride(aBatch, batches, n * k);
      int bStride = batchStride(bBatch, batches, k * m);
      if (batches == 0) {
        return Tensor.wrap(out, outShape);
      } else if (batches == 1) {
        Gemm.gemm(false, false, a.storage(), 0, b.storage(), 0, out, 0, n, k, m);
      } else if (aStride >= 0 && bStride >= 0) {
        Gemm.gemmBatch(
            false, false, a.storage(), 0, aStride, b.storage(), 0, bStride, out, 0, n * m,
            batches, n, k, m);
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
          Gemm.gemm(false, false, a.storage(), ia * n * k, b.storage(), ib * k * m, out, t * n * m, n, k, m);
          for (int d = batch.length - 1; d >= 0; d--) {
            if (++index[d] < batch[d]) {
              break;
            }
            index[d] = 0;
          }
        }
      }
      return Tensor.wrap(out, outShape);
    }

    /**
     * Returns how many elements apart an operand's matrices are over the {@code batches} products:
     * {@code matrixSize} when it has all of them, 0 when it has one matrix for all (no batch dims,
     * or only 1s), -1 when it is broadcast along some batch dims only.
     */
    private static int batchStride(int[] operandBatch, int batches, int matrixSize) {
      int own = Shapes.numel(operandBatch);
      return own == batches ? matrixSize : own == 1 ? 0 : -1;
    }

    private static int[] batchShape(int[] as, int[] bs, int[] aBatch, int[] bBatch) {
      try {
        return Shapes.broadcast("matmul", aBatch, bBatch);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            String.format(
                "matmul: shapes %s and %s have batch dimensions %s and %s that do not combine (%s)",
                Shapes.format(as), Shapes.format(bs), Shapes.format(aBatch), Shapes.format(bBatch),
                e.getMessage()),
            e);
      }
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
      return new Tensor[] {
        upstream.matmul(b.transpose(-1, -2)), a.transpose(-1, -2).matmul(upstream)
      };
    }

    /**
     * The products of the backward rule straight from the kernel, reading the transposed operand
     * in place (no transpose copy, no graph) and skipping inputs that take no gradient: for 2-d
     * operands, and for batches where each operand has either every batch matrix or one for all
     * (whose gradient then sums the batch). Other broadcasts take the rule.
     */
    @Override
    public Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor a = inputs[0];
      Tensor b = inputs[1];
      int[] as = a.shapeArray();
      int[] bs = b.shapeArray();
      if (as.length < 2 || bs.length < 2 || upstream.numel() == 0
          || upstream.dtype() != a.dtype() || b.dtype() != a.dtype()) {
        return null;
      }
      int n = as[as.length - 2];
      int k = as[as.length - 1];
      int m = bs[bs.length - 1];
      int batches = upstream.numel() / (n * m);
      int aStride = batchStride(Arrays.copyOf(as, as.length - 2), batches, n * k);
      int bStride = batchStride(Arrays.copyOf(bs, bs.length - 2), batches, k * m);
      if (aStride < 0 || bStride < 0) {
        return null;
      }
      boolean plain = batches == 1;
      Tensor gradA = null;
      Tensor gradB = null;
      if (a.isGradRequired()) {
        Storage g = Storage.zeros(a.dtype(), a.numel());
        if (plain) {
          Gemm.gemm(false, true, upstream.storage(), 0, b.storage(), 0, g, 0, n, m, k);
        } else {
          Gemm.gemmBatch(
              false, true, upstream.storage(), 0, n * m, b.storage(), 0, bStride, g, 0, aStride,
              batches, n, m, k);
        }
        gradA = Tensor.wrap(g, as);
      }
      if (b.isGradRequired()) {
        Storage g = Storage.zeros(b.dtype(), b.numel());
        if (plain) {
          Gemm.gemm(true, false, a.storage(), 0, upstream.storage(), 0, g, 0, k, n, m);
        } else {
          Gemm.gemmBatch(
              true, false, a.storage(), 0, aStride, upstream.storage(), 0, n * m, g, 0, bStride,
              batches, k, n, m);
        }
        gradB = Tensor.wrap(g, bs);
      }
      return new Tensor[] {gradA, gradB};
    }

    @Override
    public String name() {
      return "matmul";
    }

    @Override
    public String formula() {
      return "out = A @ B;  dL/dA = upstream @ B^T,  dL/dB = A^T @ upstream";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.MATMUL;
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
  public record Linear() implements Op {
    static final Linear OP = new Linear();

    @Override
    public Tensor forward(Tensor[] in) {
      Tensor x = in[0];
      Tensor w = in[1];
      int[] xs = x.shapeArray();
      int inSize = xs[xs.length - 1];
      int out = w.shapeArray()[0];
      int[] outShape = xs.clone();
      outShape[xs.length - 1] = out;
      Shapes.checkShape("linear", outShape);
      int rows = rows(xs);
      Storage y = Storage.zeros(x.dtype(), rows * out);
      if (in.length > 2) {
        Gemm.repeatRows(in[2].storage(), rows, out, y);
      }
      Gemm.gemm(false, true, x.storage(), 0, w.storage(), 0, y, 0, rows, inSize, out);
      return Tensor.wrap(y, outShape);
    }

    /** Returns the number of rows {@code x} of shape {@code [..., in]} holds: its leading dims' product. */
    private static int rows(int[] xs) {
      return Shapes.prod(xs, 0, xs.length - 1);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      Tensor w = inputs[1];
      int out = w.shapeArray()[0];
      int in = w.shapeArray()[1];
      int rows = rows(x.shapeArray());
      Tensor[] grads = new Tensor[inputs.length];
      if (upstream.numel() == 0) {
        for (int i = 0; i < inputs.length; i++) {
          grads[i] = inputs[i].zerosLike();
        }
        return grads;
      }
      Tensor g2 = upstream.reshape(rows, out);
      grads[0] = g2.matmul(w).reshape(x.shapeArray());
      grads[1] = g2.t().matmul(x.reshape(rows, in));
      if (inputs.length > 2) {
        grads[2] = g2.sum(0, false);
      }
      return grads;
    }

    /** The kernels read the transposed operands in place, no graph. */
    @Override
    public Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return fastBackwardInto(upstream, output, inputs, new Tensor[inputs.length]);
    }

    /**
     * As {@link #fastBackward}; the weight's and the bias's gradients are added straight into
     * their pending gradients when there are any (a recurrent layer's weights get one per step).
     */
    @Override
    public Tensor[] fastBackwardInto(
        Tensor upstream, Tensor output, Tensor[] inputs, Tensor[] pending) {
      Tensor x = inputs[0];
      Tensor w = inputs[1];
      if (upstream.dtype() != x.dtype()) {
        return null;
      }
      int out = w.shapeArray()[0];
      int in = w.shapeArray()[1];
      int rows = rows(x.shapeArray());
      Storage g = upstream.storage();
      Tensor[] grads = new Tensor[inputs.length];
      if (x.isGradRequired()) {
        Storage dx = Storage.zeros(x.dtype(), rows * in);
        Gemm.gemm(false, false, g, 0, w.storage(), 0, dx, 0, rows, out, in);
        grads[0] = Tensor.wrap(dx, x.shapeArray());
      }
      if (w.isGradRequired()) {
        if (pending[1] != null) {
          Gemm.gemm(true, false, g, 0, x.storage(), 0, pending[1].storage(), 0, out, rows, in);
          grads[1] = pending[1];
        } else if (in > out && rows >= 8 * in) {
          // A long sum over many rows into a wide, short dW (a convolution's weight): dW^T =
          // x^T upstream tiles better (rows of dW^T split evenly between the threads, one strip
          // of columns when out is small), and the transpose of the small result is cheap.
          Storage dwt = Storage.zeros(w.dtype(), in * out);
          Gemm.gemm(true, false, x.storage(), 0, g, 0, dwt, 0, in, rows, out);
          grads[1] = Tensor.wrap(Movement.permute(dwt, new int[] {in, out}, new int[] {1, 0}),
              w.shapeArray());
        } else {
          Storage dw = Storage.zeros(w.dtype(), out * in);
          Gemm.gemm(true, false, g, 0, x.storage(), 0, dw, 0, out, rows, in);
          grads[1] = Tensor.wrap(dw, w.shapeArray());
        }
      }
      if (inputs.length > 2 && inputs[2].isGradRequired()) {
        Tensor bias = inputs[2];
        if (pending[2] != null && pending[2] != pending[1] && bias.numel() == out) {
          Gemm.addColumnSums(g, rows, out, pending[2].storage());
          grads[2] = pending[2];
        } else {
          Storage db = Storage.zeros(bias.dtype(), out);
          Gemm.addColumnSums(g, rows, out, db);
          grads[2] = Tensor.wrap(db, bias.shapeArray());
        }
      }
      return grads;
    }

    @Override
    public String name() {
      return "linear";
    }

    @Override
    public String formula() {
      return "out = x W^T + b;  dL/dx = upstream W,  dL/dW = upstream^T x,  dL/db = sum of upstream";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.AFFINE;
    }
  }

  // ---------------------------------------------------------------- the public face's entries

  private static void checkSameDtype(String op, Tensor a, Tensor b, String what) {
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: %s have dtypes %s and %s, which must be equal (as in PyTorch); convert one with"
                  + " to(%s)",
              op, what, a.dtype(), b.dtype(), DType.wider(a.dtype(), b.dtype())));
    }
  }

  /**
   * Returns the matrix product, as {@code torch.matmul}: 1-d operands become a row or a column
   * vector (removed again afterwards); rank 3 or more are batches whose batch dims broadcast.
   */
  static Tensor matmul(Tensor self, Tensor other) {
    BinaryOps.checkOperand("matmul", other);
    int[] s = self.shapeArray();
    int[] o = other.shapeArray();
    if (s.length == 0 || o.length == 0) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: both operands need at least 1 dim, but got shapes %s and %s",
              Shapes.format(s), Shapes.format(o)));
    }
    Tensor a = s.length == 1 ? self.unsqueeze(0) : self;
    Tensor b = o.length == 1 ? other.unsqueeze(1) : other;
    int k = a.shapeArray()[a.dim() - 1];
    int k2 = b.shapeArray()[b.dim() - 2];
    if (k != k2) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: shapes %s and %s do not align (%d != %d)",
              Shapes.format(s), Shapes.format(o), k, k2));
    }
    checkSameDtype("matmul", self, other, "the operands");
    Tensor out = Graph.record(MatMul.OP, a, b);
    if (o.length == 1) {
      out = out.squeeze(-1);
    }
    if (s.length == 1) {
      out = out.squeeze(o.length == 1 ? -1 : -2);
    }
    return out;
  }

  /** Returns {@code input weight^T + bias} as one node, after checking the shapes and dtypes. */
  static Tensor linear(Tensor x, Tensor w, Tensor b) {
    if (x == null || w == null) {
      throw new IllegalArgumentException(
          "linear: the " + (x == null ? "input" : "weight") + " must not be null");
    }
    int[] xs = x.shapeArray();
    int[] ws = w.shapeArray();
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
    if (b != null && (b.dim() != 1 || b.shapeArray()[0] != out)) {
      throw new IllegalArgumentException(
          String.format(
              "linear: bias must have shape [%d] for weight shape %s, but got shape %s",
              out, Shapes.format(ws), b.shapeString()));
    }
    checkSameDtype("linear", x, w, "the input and the weight");
    if (b != null) {
      checkSameDtype("linear", x, b, "the input and the bias");
    }
    return b == null ? Graph.record(Linear.OP, x, w) : Graph.record(Linear.OP, x, w, b);
  }

  /** Returns {@code x} with dims {@code dim0} and {@code dim1} swapped. */
  static Tensor transpose(Tensor x, int dim0, int dim1) {
    int a = Shapes.normalizeDim("transpose", dim0, x.dim());
    int b = Shapes.normalizeDim("transpose", dim1, x.dim());
    if (a == b) {
      return x;
    }
    int[] perm = new int[x.dim()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    perm[a] = b;
    perm[b] = a;
    return Graph.record(new ShapeOps.Permute(perm), x);
  }

  /** Returns the transpose of a matrix (rank 0 or 1: as is). */
  static Tensor t(Tensor x) {
    if (x.dim() > 2) {
      throw new IllegalArgumentException(
          "t: expects at most 2 dims, but shape is " + x.shapeString() + "; use transpose");
    }
    return x.dim() < 2 ? x : transpose(x, 0, 1);
  }
}
