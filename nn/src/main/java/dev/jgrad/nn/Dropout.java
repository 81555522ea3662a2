package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * Dropout (Srivastava et al. 2014): in training mode each element is zeroed with probability {@code
 * p} and the survivors are scaled by {@code 1 / (1 - p)}, so the expected output equals the input;
 * in evaluation mode it is the identity. The masks come from the module's own seeded {@link
 * Random}, so runs are reproducible.
 */
public final class Dropout extends Module {
  private final double p;
  private final Random random;

  /**
   * Returns dropout with probability {@code p}, masks drawn from {@code new Random(seed)}.
   *
   * @param p the probability of zeroing each element, in [0, 1)
   * @param seed the seed of the random generator
   * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]}
   */
  public Dropout(double p, long seed) {
    this(p, new Random(seed));
  }

  /**
   * Returns dropout with probability {@code p}, masks drawn from {@code random}.
   *
   * @param p the probability of zeroing each element, in [0, 1)
   * @param random the source of the dropout masks
   * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]}
   */
  public Dropout(double p, Random random) {
    checkArgument(
        p >= 0 && p <= 1 && random != null,
        "Dropout: p must be in [0, 1] and random non-null, got p=%s",
        p);
    this.p = p;
    this.random = random;
  }

  /** {@return the drop probability} */
  public double p() {
    return p;
  }

  /** Returns {@code x * mask / (1 - p)} in training mode, {@code x} in evaluation mode. */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    if (!isTraining() || p == 0) {
      return x;
    }
    double[] mask = new double[x.numel()];
    double keep = p == 1 ? 0 : 1 / (1 - p);
    for (int i = 0; i < mask.length; i++) {
      mask[i] = random.nextDouble() >= p ? keep : 0;
    }
    return x.mul(Tensor.of(mask).reshape(x.shape()));
  }

  @Override
  protected String extraRepr() {
    return "p=" + p;
  }
}
