package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.kernels.Normalization;
import dev.jgrad.autograd.kernels.Storage;

/**
 * Normalization layers as fused primitives: layer norm over the last dim. Each is one node whose
 * forward and first-order backward are single kernels; its {@link Op#backward} is written with
 * tensor ops (so second order works) and its {@link Op#composite} is the formula it fuses.
 */
public final class NormOps {
  private NormOps() {}

  /**
   * Layer norm over the last dim (Ba, Kiros &amp; Hinton 2016), as {@code torch.nn.functional
   * .layer_norm} with one normalized dim: with {@code n} the last dim's size,
   *
   * <pre>
   * xhat = (x - mean(x)) / sd,   sd = sqrt(sum((x - mean(x))^2) / n + eps)     (along the last dim)
   * out  = xhat * weight + bias
   * dL/dx      = (gh - mean(gh) - xhat * mean(gh * xhat)) / sd,   gh = g * weight
   * dL/dweight = sum over rows of g * xhat,   dL/dbias = sum over rows of g
   * </pre>
   *
   * The inputs are {@code x}, then {@code weight} when {@code weighted}, then {@code bias} when
   * {@code biased}, both of shape {@code [n]}. A primitive for speed: one node where the
   * composite took eight ops forward and about fifteen backward; the values are the
   * composite's to the last bit.
   *
   * @param eps the constant added to the variance
   * @param weighted whether a weight input follows {@code x}
   * @param biased whether a bias input comes last
   */
  public record LayerNorm(double eps, boolean weighted, boolean biased) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      Tensor x = in[0];
      Tensor w = weighted ? in[1] : null;
      Tensor b = biased ? in[in.length - 1] : null;
      int n = lastDim(x);
      Storage out =
          Normalization.layerNorm(
              x.storage(), w == null ? null : w.storage(), b == null ? null : b.storage(),
              rows(x, n), n, eps);
      return Tensor.wrap(out, x.shapeArray());
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      Tensor centered = x.sub(x.mean(-1, true));
      Tensor sd = centered.mul(centered).mean(-1, true).add(eps).sqrt();
      Tensor xhat = centered.div(sd);
      Tensor[] grads = new Tensor[inputs.length];
      if (x.isGradRequired()) {
        Tensor gh = weighted ? upstream.mul(inputs[1]) : upstream;
        grads[0] =
            gh.sub(gh.mean(-1, true)).sub(xhat.mul(gh.mul(xhat).mean(-1, true))).div(sd);
      }
      if (weighted && inputs[1].isGradRequired()) {
        grads[1] = upstream.mul(xhat);
      }
      if (biased) {
        grads[inputs.length - 1] = upstream;
      }
      return grads;
    }

    /** The fused kernel: one pass per row for all three gradients. */
    @Override
    public Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      if (upstream.dtype() != x.dtype()) {
        return null;
      }
      Tensor w = weighted ? inputs[1] : null;
      int n = lastDim(x);
      boolean wantWeight = weighted && w.isGradRequired();
      boolean wantBias = biased && inputs[inputs.length - 1].isGradRequired();
      Storage[] g =
          Normalization.layerNormBackward(
              x.storage(), w == null ? null : w.storage(), upstream.storage(), rows(x, n), n, eps,
              x.isGradRequired(), wantWeight, wantBias);
      Tensor[] grads = new Tensor[inputs.length];
      int[] param = {n};
      grads[0] = g[0] == null ? null : Tensor.wrap(g[0], x.shapeArray());
      if (wantWeight) {
        grads[1] = Tensor.wrap(g[1], param);
      }
      if (wantBias) {
        grads[inputs.length - 1] = Tensor.wrap(g[2], param);
      }
      return grads;
    }

    /** {@return the formula this op fuses, written with primitives} */
    @Override
    public Tensor composite(Tensor[] inputs) {
      Tensor x = inputs[0];
      Tensor centered = x.sub(x.mean(-1, true));
      Tensor out = centered.div(centered.mul(centered).mean(-1, true).add(eps).sqrt());
      if (weighted) {
        out = out.mul(inputs[1]);
      }
      return biased ? out.add(inputs[inputs.length - 1]) : out;
    }

    @Override
    public String name() {
      return "layerNorm";
    }

    @Override
    public String formula() {
      return "out = (x - mean) / sqrt(var + " + eps + ") * weight + bias (over the last dim);"
          + "  dL/dx = (gh - mean(gh) - xhat * mean(gh * xhat)) / sd, gh = g * weight";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.COMPOSITE;
    }
  }

  private static int lastDim(Tensor x) {
    int[] s = x.shapeArray();
    return s[s.length - 1];
  }

  private static int rows(Tensor x, int n) {
    return n == 0 ? 0 : x.numel() / n;
  }

  // ---------------------------------------------------------------- the public face's entries

  /** Returns layer norm of {@code x} over its last dim as one node, after checking the arguments. */
  static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
    if (x == null) {
      throw new IllegalArgumentException("layerNorm: the input must not be null");
    }
    if (x.dim() == 0) {
      throw new IllegalArgumentException(
          "layerNorm: the input needs at least 1 dim to normalize over, but got shape "
              + x.shapeString());
    }
    if (!(eps >= 0) || eps == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          "layerNorm: eps must be finite and >= 0 (typically 1e-5), but got " + eps);
    }
    int n = lastDim(x);
    checkParameter("weight", weight, x, n);
    checkParameter("bias", bias, x, n);
    Op op = new LayerNorm(eps, weight != null, bias != null);
    if (weight != null && bias != null) {
      return Graph.record(op, x, weight, bias);
    }
    if (weight != null) {
      return Graph.record(op, x, weight);
    }
    return bias != null ? Graph.record(op, x, bias) : Graph.record(op, x);
  }

  private static void checkParameter(String what, Tensor p, Tensor x, int n) {
    if (p == null) {
      return;
    }
    if (p.dim() != 1 || p.shapeArray()[0] != n) {
      throw new IllegalArgumentException(
          String.format(
              "layerNorm: the %s must have shape [%d] (the input's last dim, input shape %s), but"
                  + " got shape %s",
              what, n, x.shapeString(), p.shapeString()));
    }
    if (p.dtype() != x.dtype()) {
      throw new IllegalArgumentException(
          String.format(
              "layerNorm: the input and the %s have dtypes %s and %s, which must be equal (as in"
                  + " PyTorch); convert one with to(%s)",
              what, x.dtype(), p.dtype(), DType.wider(x.dtype(), p.dtype())));
    }
  }
}
