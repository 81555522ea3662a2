package dev.jgrad.nn.init;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Sizes;
import java.util.Arrays;
import java.util.Random;

/**
 * Weight initializers: each fills a leaf tensor in place and returns it, drawing from the given
 * {@link Random} (same seed, same network), as {@code torch.nn.init}.
 *
 * <p>Fans follow PyTorch: for a weight of shape {@code [out, in, k...]}, {@code fanIn = in * k...}
 * and {@code fanOut = out * k...}; a 1-d tensor has {@code fanIn = fanOut = its size}. A null
 * tensor or {@link Random} throws {@link IllegalArgumentException} naming the method.
 *
 * <pre>{@code
 * Init.kaimingUniform(linear.weight(), new Random(42));
 * }</pre>
 */
public final class Init {
  private Init() {}

  /**
   * {@return {@code t} filled with zeros}
   *
   * @param t the tensor to fill in place (a leaf)
   */
  public static Tensor zeros(Tensor t) {
    checkArgument(t != null, "zeros: tensor is null");
    return constant(t, 0);
  }

  /**
   * {@return {@code t} filled with ones}
   *
   * @param t the tensor to fill in place (a leaf)
   */
  public static Tensor ones(Tensor t) {
    checkArgument(t != null, "ones: tensor is null");
    return constant(t, 1);
  }

  /**
   * {@return {@code t} filled with {@code value}}
   *
   * @param t the tensor to fill in place (a leaf)
   * @param value the value every entry gets
   */
  public static Tensor constant(Tensor t, double value) {
    checkArgument(t != null, "constant: tensor is null");
    return fill(t, Tensor.full(value, t.shape()));
  }

  /**
   * {@return {@code t} filled with samples uniform in {@code [low, high)}}
   *
   * @param t the tensor to fill in place (a leaf)
   * @param low the lower end, inclusive
   * @param high the upper end, exclusive, above {@code low}
   * @param random the source of the random values
   * @throws IllegalArgumentException if {@code low > high} or a bound is not finite
   */
  public static Tensor uniform(Tensor t, double low, double high, Random random) {
    checkArgument(t != null && random != null, "uniform: tensor or random is null");
    checkArgument(
        low <= high && Double.isFinite(low) && Double.isFinite(high),
        "uniform: need finite low <= high, got low=%s high=%s",
        low,
        high);
    double[] values = new double[t.numel()];
    for (int i = 0; i < values.length; i++) {
      values[i] = low + (high - low) * random.nextDouble();
    }
    return fill(t, Tensor.of(values).reshape(t.shape()));
  }

  /**
   * {@return {@code t} filled with normal samples of the given mean and standard deviation}
   *
   * @param t the tensor to fill in place (a leaf)
   * @param mean the mean
   * @param std the standard deviation, at least 0
   * @param random the source of the random values
   * @throws IllegalArgumentException if {@code std} is negative or not finite
   */
  public static Tensor normal(Tensor t, double mean, double std, Random random) {
    checkArgument(t != null && random != null, "normal: tensor or random is null");
    checkArgument(
        std >= 0 && Double.isFinite(std) && Double.isFinite(mean),
        "normal: need finite mean and std >= 0, got mean=%s std=%s",
        mean,
        std);
    double[] values = new double[t.numel()];
    for (int i = 0; i < values.length; i++) {
      values[i] = mean + std * random.nextGaussian();
    }
    return fill(t, Tensor.of(values).reshape(t.shape()));
  }

  /**
   * {@return {@code t} filled uniform in {@code [-a, a]} with {@code a = gain * sqrt(6 / (fanIn +
   * fanOut))}: Glorot &amp; Bengio 2010, "Understanding the difficulty of training deep feedforward
   * neural networks"} Use gain 1 for tanh/linear layers.
   *
   * @param t the tensor to fill in place (a leaf)
   * @param gain the scale factor for the activation that follows, such as 1 for a linear layer
   * @param random the source of the random values
   */
  public static Tensor xavierUniform(Tensor t, double gain, Random random) {
    int[] fans = fans("xavierUniform", t);
    checkArgument(random != null, "xavierUniform: random is null");
    double a = gain * Math.sqrt(6.0 / (fans[0] + fans[1]));
    return uniform(t, -a, a, random);
  }

  /**
   * {@return {@code t} filled normal with mean 0 and {@code std = gain * sqrt(2 / (fanIn +
   * fanOut))} (Glorot &amp; Bengio 2010)}
   *
   * @param t the tensor to fill in place (a leaf)
   * @param gain the scale factor for the activation that follows, such as 1 for a linear layer
   * @param random the source of the random values
   */
  public static Tensor xavierNormal(Tensor t, double gain, Random random) {
    int[] fans = fans("xavierNormal", t);
    checkArgument(random != null, "xavierNormal: random is null");
    return normal(t, 0, gain * Math.sqrt(2.0 / (fans[0] + fans[1])), random);
  }

  /**
   * {@return {@code t} filled uniform in {@code [-b, b]} with {@code b = sqrt(2) * sqrt(3 /
   * fanIn)}, the ReLU setting of He et al. 2015, "Delving deep into rectifiers"} It keeps the
   * variance of activations through ReLU layers.
   *
   * @param t the tensor to fill in place (a leaf)
   * @param random the source of the random values
   */
  public static Tensor kaimingUniform(Tensor t, Random random) {
    int[] fans = fans("kaimingUniform", t);
    checkArgument(random != null, "kaimingUniform: random is null");
    double b = Math.sqrt(2.0) * Math.sqrt(3.0 / fans[0]);
    return uniform(t, -b, b, random);
  }

  /**
   * {@return {@code t} filled normal with mean 0 and {@code std = sqrt(2 / fanIn)} (He et al. 2015,
   * ReLU gain, fan-in mode)}
   *
   * @param t the tensor to fill in place (a leaf)
   * @param random the source of the random values
   */
  public static Tensor kaimingNormal(Tensor t, Random random) {
    int[] fans = fans("kaimingNormal", t);
    checkArgument(random != null, "kaimingNormal: random is null");
    return normal(t, 0, Math.sqrt(2.0 / fans[0]), random);
  }

  /**
   * {@return {@code {fanIn, fanOut}} of a weight shaped {@code [out, in, k...]}}
   *
   * @param caller the method named in an error
   * @param t the tensor to fill in place (a leaf)
   * @throws IllegalArgumentException for a 0-d or empty tensor
   */
  public static int[] fans(String caller, Tensor t) {
    checkArgument(t != null, "%s: tensor is null", caller);
    int[] s = t.shape();
    checkArgument(
        s.length != 0 && t.numel() != 0,
        "%s: needs a non-empty tensor with at least 1 dim, got shape %s",
        caller,
        Arrays.toString(s));
    if (s.length == 1) {
      return new int[] {s[0], s[0]};
    }
    int receptive = t.numel() / Sizes.product(caller, "out x in", s[0], s[1]);
    return new int[] {
      Sizes.product(caller, "in x receptive field", s[1], receptive),
      Sizes.product(caller, "out x receptive field", s[0], receptive)
    };
  }

  private static Tensor fill(Tensor t, Tensor values) {
    if (!t.isLeaf()) {
      throw new IllegalArgumentException("init: can only fill a leaf tensor, got " + t);
    }
    try (Autograd.Scope off = Autograd.noGrad()) {
      t.assign(values);
    }
    return t;
  }
}
