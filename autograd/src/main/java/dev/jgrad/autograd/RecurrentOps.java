package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.kernels.Recurrent;
import dev.jgrad.autograd.kernels.Storage;
import java.util.List;

/**
 * Recurrent cells: the primitive {@link LstmCell}, the LSTM cell's gate arithmetic as one node.
 * Written with the other primitives the cell is an add, four narrows, three sigmoids, two tanhs,
 * three products and a sum per step, each a node with its own output and, in backward, a
 * zero-padded gradient per narrow; the fused op computes the same numbers in one pass (an
 * LSTM's elementwise work per step was a quarter of its training step).
 */
public final class RecurrentOps {
  private RecurrentOps() {}

  /**
   * The LSTM cell with PyTorch's gate order: inputs {@code xg}, {@code hg} ({@code [batch, 4 H]},
   * the input's and the hidden state's projections) and {@code c} ({@code [batch, H]}); output
   * {@code [batch, 2 H]} holding {@code h'} in its first {@code H} columns and {@code c'} in the
   * last {@code H}. With {@code z = xg + hg} split into quarters {@code i, f, g, o} (after {@code
   * sigmoid, sigmoid, tanh, sigmoid}): {@code c' = f c + i g}, {@code h' = o tanh(c')}. The
   * backward rule recomputes the gates and is written with differentiable ops (so second
   * derivatives work); the first-order shortcut is one fused kernel.
   */
  public record LstmCell() implements Op {
    static final LstmCell OP = new LstmCell();

    @Override
    public Tensor forward(Tensor[] in) {
      int[] cs = in[2].shapeArray();
      Storage out = Recurrent.lstmCell(in[0].storage(), in[1].storage(), in[2].storage(), cs[0], cs[1]);
      return Tensor.wrap(out, new int[] {cs[0], 2 * cs[1]});
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor c = inputs[2];
      int h = c.shapeArray()[1];
      List<Tensor> z = inputs[0].add(inputs[1]).chunk(4, 1);
      Tensor i = z.get(0).sigmoid();
      Tensor f = z.get(1).sigmoid();
      Tensor g = z.get(2).tanh();
      Tensor o = z.get(3).sigmoid();
      Tensor t = f.mul(c).add(i.mul(g)).tanh();
      Tensor dh = upstream.narrow(1, 0, h);
      Tensor dcTotal = upstream.narrow(1, h, h).add(dh.mul(o).mul(t.mul(t).neg().add(1)));
      Tensor dz =
          Tensor.cat(
              List.of(
                  dcTotal.mul(g).mul(i.mul(i.neg().add(1))),
                  dcTotal.mul(c).mul(f.mul(f.neg().add(1))),
                  dcTotal.mul(i).mul(g.mul(g).neg().add(1)),
                  dh.mul(t).mul(o.mul(o.neg().add(1)))),
              1);
      return new Tensor[] {dz, dz, dcTotal.mul(f)};
    }

    /** One pass over the elements (the gates recomputed), no graph. */
    @Override
    public Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
      if (upstream.dtype() != inputs[2].dtype()) {
        return null;
      }
      int[] cs = inputs[2].shapeArray();
      Storage[] grads =
          Recurrent.lstmCellBackward(
              inputs[0].storage(), inputs[1].storage(), inputs[2].storage(), output.storage(),
              upstream.storage(), cs[0], cs[1]);
      Tensor dz = Tensor.wrap(grads[0], inputs[0].shapeArray());
      return new Tensor[] {
        inputs[0].isGradRequired() ? dz : null,
        inputs[1].isGradRequired() ? dz : null,
        inputs[2].isGradRequired() ? Tensor.wrap(grads[1], cs) : null
      };
    }

    @Override
    public String name() {
      return "lstmCell";
    }

    @Override
    public String formula() {
      return "i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of the quarters of xg + hg;"
          + "  out = (h', c') with c' = f c + i g, h' = o tanh(c');"
          + "  dc'_total = dc' + dh' o (1 - tanh^2 c'),  dc = dc'_total f,"
          + "  dz = (dc'_total g i (1 - i), dc'_total c f (1 - f), dc'_total i (1 - g^2),"
          + " dh' tanh(c') o (1 - o)) for both xg and hg";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.NONE;
    }
  }

  // ---------------------------------------------------------------- the public face's entries

  /** Returns the fused LSTM cell's {@code (h', c')}, after checking the shapes and dtypes. */
  static Tensor lstmCell(Tensor xg, Tensor hg, Tensor c) {
    if (xg == null || hg == null || c == null) {
      throw new IllegalArgumentException(
          "lstmCell: the "
              + (xg == null ? "input gates" : hg == null ? "hidden gates" : "cell state")
              + " must not be null");
    }
    int[] cs = c.shapeArray();
    int[] want = cs.length == 2 ? new int[] {cs[0], 4 * cs[1]} : null;
    if (want == null
        || !java.util.Arrays.equals(xg.shapeArray(), want)
        || !java.util.Arrays.equals(hg.shapeArray(), want)) {
      throw new IllegalArgumentException(
          String.format(
              "lstmCell: the input gates %s and hidden gates %s must both be [batch, 4 * hidden]"
                  + " for the cell state [batch, hidden], which is %s",
              xg.shapeString(), hg.shapeString(), c.shapeString()));
    }
    if (xg.dtype() != c.dtype() || hg.dtype() != c.dtype()) {
      throw new IllegalArgumentException(
          String.format(
              "lstmCell: the input gates, hidden gates and cell state have dtypes %s, %s and %s,"
                  + " which must be equal; convert with to(%s)",
              xg.dtype(), hg.dtype(), c.dtype(),
              DType.wider(DType.wider(xg.dtype(), hg.dtype()), c.dtype())));
    }
    return Graph.record(LstmCell.OP, xg, hg, c);
  }
}
