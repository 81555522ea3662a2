package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.init.Init;
import java.util.Arrays;
import java.util.Random;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017), batch-first, with PyTorch's
 * {@code torch.nn.MultiheadAttention} parameters: {@code in_proj_weight [3E, E]} (rows: query,
 * key, value projections), {@code in_proj_bias [3E]}, {@code out_proj.weight [E, E]}, {@code
 * out_proj.bias [E]}. For query {@code [B, L, E]}, key and value {@code [B, S, E]}, with head
 * size {@code D = E / heads}:
 *
 * <pre>
 * q, k, v = query Wq^T + bq, key Wk^T + bk, value Wv^T + bv, split into heads [B, heads, ., D]
 * weights = softmax(q k^T / sqrt(D) with blocked positions at -inf)   [B, heads, L, S]
 * out     = concat_heads(weights v) Wo^T + bo                          [B, L, E]
 * </pre>
 *
 * <p>A position is blocked by the causal mask (key j after query i), by a nonzero entry of the
 * attention mask {@code [L, S]}, or by a nonzero entry of the key padding mask {@code [B, S]}
 * (PyTorch's boolean masks: true = may not attend). A query row whose every key is blocked gets
 * all-zero weights (PyTorch's softmax would give NaN): its output is {@code bo} and no gradient
 * flows through its scores, so one padded sequence cannot poison a batch. The same holds when there
 * are no keys at all ({@code S = 0}): the weights are empty and every output is {@code bo}. No
 * queries ({@code L = 0}) or an empty batch give an empty output.
 *
 * <p>Initialisation as PyTorch: {@code in_proj_weight} Xavier uniform (Glorot &amp; Bengio 2010),
 * biases 0, {@code out_proj.weight} uniform in {@code [-1/sqrt(E), 1/sqrt(E)]}.
 */
public final class MultiHeadAttention extends Module {
  /** The attention output {@code [B, L, E]} and each head's weights {@code [B, heads, L, S]}. */
  public record Output(Tensor output, Tensor weights) {}

  private final int embedDim;
  private final int heads;
  private final Tensor inProjWeight;
  private final Tensor inProjBias;
  private final Linear outProj;

  /**
   * Returns attention over {@code embedDim} features with {@code heads} heads.
   *
   * @param embedDim the number of features
   * @param heads the number of heads, dividing {@code embedDim}
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive, heads does not divide embedDim,
   *     or random is null
   */
  public MultiHeadAttention(int embedDim, int heads, Random random) {
    if (embedDim <= 0 || heads <= 0 || embedDim % heads != 0) {
      throw new IllegalArgumentException(
          String.format(
              "MultiHeadAttention: embedDim %d must be a positive multiple of heads %d",
              embedDim, heads));
    }
    Checks.notNull(random, "MultiHeadAttention", "random");
    this.embedDim = embedDim;
    this.heads = heads;
    this.inProjWeight =
        registerParameter(
            "in_proj_weight", Init.xavierUniform(Tensor.zeros(3 * embedDim, embedDim), 1, random));
    this.inProjBias = registerParameter("in_proj_bias", Tensor.zeros(3 * embedDim));
    this.outProj = registerModule("out_proj", new Linear(embedDim, embedDim, random));
    Init.zeros(outProj.bias());
  }

  /** {@return the number of heads} */
  public int heads() {
    return heads;
  }

  /** Returns self-attention of {@code x} {@code [B, L, E]} without masks. */
  @Override
  public Tensor forward(Tensor x) {
    return attend(x, x, x, null, null, false).output();
  }

  /**
   * {@return self-attention of {@code x}, causal when {@code causal}, with an optional padding
   * mask}
   *
   * @param x {@code [B, L, E]}
   * @param keyPaddingMask {@code [B, L]}, nonzero where a key is padding; or null
   * @param causal whether position i is blocked from keys {@code j > i}
   */
  public Output selfAttend(Tensor x, Tensor keyPaddingMask, boolean causal) {
    return attend(x, x, x, keyPaddingMask, null, causal);
  }

  /**
   * {@return the attention of {@code query} over {@code key}/{@code value} and the weights}
   *
   * @param query {@code [B, L, E]}
   * @param key {@code [B, S, E]}
   * @param value {@code [B, S, E]}
   * @param keyPaddingMask {@code [B, S]}, nonzero where a key is padding; or null
   * @param attnMask {@code [L, S]}, nonzero where query i may not attend to key j; or null
   * @param causal whether query i is blocked from keys {@code j > i}
   * @throws IllegalArgumentException if an input is not 3-d with {@code E} features, the batch
   *     or key lengths differ, or a mask has the wrong shape
   */
  public Output attend(
      Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask,
      boolean causal) {
    checkInput(query);
    check("query", query);
    check("key", Checks.notNull(key, "MultiHeadAttention.attend", "key"));
    check("value", Checks.notNull(value, "MultiHeadAttention.attend", "value"));
    int b = query.size(0);
    int l = query.size(1);
    int s = key.size(1);
    if (key.size(0) != b || value.size(0) != b || value.size(1) != s) {
      throw new IllegalArgumentException(
          String.format(
              "MultiHeadAttention: query %s, key %s and value %s need one batch size, and key and"
                  + " value one length",
              Arrays.toString(query.shape()), Arrays.toString(key.shape()),
              Arrays.toString(value.shape())));
    }
    int d = embedDim / heads;
    Tensor q;
    Tensor k;
    Tensor v;
    if (query == key && key == value) {
      var qkv = Tensor.linear(query, inProjWeight, inProjBias).chunk(3, -1);
      q = qkv.get(0);
      k = qkv.get(1);
      v = qkv.get(2);
    } else {
      q = project(query, 0);
      k = project(key, 1);
      v = project(value, 2);
    }
    q = splitHeads(q, b, l, d);
    k = splitHeads(k, b, s, d);
    v = splitHeads(v, b, s, d);
    Tensor scores = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(d));
    Tensor[] masks = blocked(b, l, s, keyPaddingMask, attnMask, causal);
    Tensor weights;
    if (s == 0) {
      // No key at all: every query is blocked everywhere, so, as a fully masked row, it gets no
      // weight (here an empty [B, heads, L, 0]) and its output is bo; a softmax over no keys
      // would be undefined.
      weights = scores;
    } else if (masks == null) {
      weights = scores.softmax(-1);
    } else {
      weights = scores.maskedFill(masks[0], Double.NEGATIVE_INFINITY).softmax(-1);
      if (masks[1] != null) {
        weights = weights.maskedFill(masks[1], 0);
      }
    }
    Tensor merged = weights.matmul(v).permute(0, 2, 1, 3).reshape(b, l, embedDim);
    return new Output(outProj.forward(merged), weights);
  }

  private Tensor project(Tensor x, int part) {
    return Tensor.linear(
        x, inProjWeight.narrow(0, part * embedDim, embedDim),
        inProjBias.narrow(0, part * embedDim, embedDim));
  }

  private Tensor splitHeads(Tensor x, int b, int n, int d) {
    return x.reshape(b, n, heads, d).permute(0, 2, 1, 3);
  }

  private void check(String what, Tensor x) {
    if (x.dim() != 3 || x.size(2) != embedDim) {
      throw new IllegalArgumentException(
          String.format(
              "MultiHeadAttention: the %s has shape %s, expected [batch, length, %d]",
              what, Arrays.toString(x.shape()), embedDim));
    }
  }

  /**
   * Returns null when nothing is blocked, else {@code {blocked, rowBlocked}}: 0/1 constants
   * {@code [B, 1, L, S]} (blocked, except in rows blocked everywhere) and {@code [B, 1, L, 1]}
   * (rows blocked everywhere), the latter null when no row is (a causal mask alone blocks none).
   */
  private static Tensor[] blocked(
      int b, int l, int s, Tensor keyPaddingMask, Tensor attnMask, boolean causal) {
    if (keyPaddingMask == null && attnMask == null && !causal) {
      return null;
    }
    double[] pad = maskValues(keyPaddingMask, "key padding mask", "batch, key length", b, s);
    double[] attn = maskValues(attnMask, "attention mask", "query length, key length", l, s);
    double[] blocked = new double[b * l * s];
    double[] rows = new double[b * l];
    boolean anyRow = false;
    for (int n = 0; n < b; n++) {
      for (int i = 0; i < l; i++) {
        boolean all = true;
        int row = (n * l + i) * s;
        for (int j = 0; j < s; j++) {
          boolean off =
              (causal && j > i) || (attn != null && attn[i * s + j] != 0)
                  || (pad != null && pad[n * s + j] != 0);
          blocked[row + j] = off ? 1 : 0;
          all &= off;
        }
        if (all) {
          anyRow = true;
          rows[n * l + i] = 1;
          Arrays.fill(blocked, row, row + s, 0);
        }
      }
    }
    return new Tensor[] {
      Tensor.of(blocked, b, 1, l, s), anyRow ? Tensor.of(rows, b, 1, l, 1) : null
    };
  }

  /** Returns the mask's values, or null for no mask; throws unless it is {@code [rows, cols]}. */
  private static double[] maskValues(Tensor mask, String what, String dims, int rows, int cols) {
    if (mask == null) {
      return null;
    }
    if (!Arrays.equals(mask.shape(), new int[] {rows, cols})) {
      throw new IllegalArgumentException(
          String.format(
              "MultiHeadAttention: the %s has shape %s, expected [%d, %d] ([%s])",
              what, Arrays.toString(mask.shape()), rows, cols, dims));
    }
    return mask.toArray();
  }

  @Override
  protected String extraRepr() {
    return "embedDim=" + embedDim + ", heads=" + heads;
  }
}
