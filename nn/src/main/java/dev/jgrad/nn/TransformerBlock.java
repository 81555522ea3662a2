package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * A pre-norm transformer block, batch-first, with the parameter names of PyTorch's {@code
 * nn.TransformerEncoderLayer(norm_first=True, batch_first=True, dropout=0)}:
 *
 * <pre>
 * x = x + self_attn(norm1(x))                       (MultiHeadAttention, optional masks)
 * x = x + linear2(activation(linear1(norm2(x))))    (GELU, exact or tanh form)
 * </pre>
 *
 * Input and output {@code [B, L, E]}; {@code linear1} is {@code [hidden, E]}, {@code linear2}
 * {@code [E, hidden]}; {@code norm1}, {@code norm2} are {@link LayerNorm}s with eps 1e-5.
 */
public final class TransformerBlock extends Module {
  private final LayerNorm norm1;
  private final MultiHeadAttention selfAttn;
  private final LayerNorm norm2;
  private final Linear linear1;
  private final Linear linear2;
  private final boolean tanhGelu;

  /**
   * Returns a block over {@code embedDim} features with {@code heads} heads and a feed-forward
   * layer of {@code hidden} units; GELU in its tanh form (GPT-2's) when {@code tanhGelu}, else
   * exact (PyTorch's {@code activation="gelu"}).
   *
   * @param embedDim the number of features
   * @param heads the number of attention heads, dividing {@code embedDim}
   * @param hidden the number of units of the feed-forward layer
   * @param tanhGelu whether GELU takes its tanh form
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive, heads does not divide embedDim,
   *     or random is null
   */
  public TransformerBlock(int embedDim, int heads, int hidden, boolean tanhGelu, Random random) {
    Checks.notNull(random, "TransformerBlock", "random");
    this.selfAttn = registerModule("self_attn", new MultiHeadAttention(embedDim, heads, random));
    this.linear1 = registerModule("linear1", new Linear(embedDim, hidden, random));
    this.linear2 = registerModule("linear2", new Linear(hidden, embedDim, random));
    this.norm1 = registerModule("norm1", new LayerNorm(embedDim));
    this.norm2 = registerModule("norm2", new LayerNorm(embedDim));
    this.tanhGelu = tanhGelu;
  }

  /** {@return the attention layer (its weights are in {@link #run}'s output)} */
  public MultiHeadAttention selfAttention() {
    return selfAttn;
  }

  /** Returns the block's output without masks. */
  @Override
  public Tensor forward(Tensor x) {
    return run(x, null, false).output();
  }

  /**
   * {@return the block's output {@code [B, L, E]} and the attention weights {@code [B, heads, L,
   * L]}, causal when {@code causal}, with an optional key padding mask {@code [B, L]}}
   *
   * @param x {@code [B, L, E]}
   * @param keyPaddingMask {@code [B, L]}, nonzero where a key is padding; or null
   * @param causal whether position i is blocked from keys {@code j > i}
   * @throws IllegalArgumentException if the input or mask shape does not fit
   */
  public MultiHeadAttention.Output run(Tensor x, Tensor keyPaddingMask, boolean causal) {
    checkInput(x);
    MultiHeadAttention.Output attention = selfAttn.selfAttend(norm1.forward(x), keyPaddingMask, causal);
    Tensor h = x.add(attention.output());
    Tensor u = linear1.forward(norm2.forward(h));
    Tensor activated = tanhGelu ? geluTanh(u) : u.gelu();
    return new MultiHeadAttention.Output(h.add(linear2.forward(activated)), attention.weights());
  }

  /**
   * {@return GELU in its tanh form, {@code 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))}
   * (Hendrycks &amp; Gimpel 2016; PyTorch's {@code gelu(approximate="tanh")}), as the fused
   * {@link Tensor#geluTanh()}}
   *
   * @param x the input
   */
  public static Tensor geluTanh(Tensor x) {
    return x.geluTanh();
  }

  @Override
  protected String extraRepr() {
    return "tanhGelu=" + tanhGelu;
  }
}
