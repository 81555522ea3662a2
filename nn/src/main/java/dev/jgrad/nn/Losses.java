package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.Indices;
import java.util.Arrays;
import java.util.List;

/**
 * Cost functions, built from differentiable tensor ops (the engine supplies the gradients). Each
 * takes a {@link Reduction}; the overloads without one use {@link Reduction#MEAN}. Shapes must
 * match exactly (no silent broadcasting of predictions against targets). A null argument (other
 * than optional class weights) throws {@link IllegalArgumentException} naming the loss.
 *
 * <pre>{@code
 * Tensor loss = Losses.crossEntropy(model.forward(x), labels);   // logits [n, classes], int[n]
 * loss.backward();
 * }</pre>
 */
public final class Losses {
  private Losses() {}

  // Logs are clamped at -100, as PyTorch's binary_cross_entropy does, so p = 0 gives a finite loss.
  private static final double MIN_LOG = -100;

  // PyTorch's binary_cross_entropy_backward divides by max(p (1 - p), EPSILON), where EPSILON is
  // the float 1e-12 (9.99999996e-13), also in double precision: at p = 0 with target 1 its
  // gradient is -1000000003995.8029, not -1e12.
  private static final double MIN_P_TIMES_NOT_P = 1e-12f;

  /**
   * Elementwise binary cross-entropy of probabilities {@code p} (input 0) against targets {@code
   * y} (input 1), with the forward and backward of PyTorch's {@code binary_cross_entropy}:
   *
   * <pre>
   * loss  = (y - 1) max(log1p(-p), -100) - y max(log p, -100)
   * dL/dp = upstream (p - y) / max(p (1 - p), 1e-12f)
   * dL/dy = upstream (max(log(1 - p), -100) - max(log p, -100))
   * </pre>
   *
   * The gradient with respect to p is the exact derivative {@code -y/p + (1 - y)/(1 - p)} with its
   * denominator kept away from 0, not the derivative of the clamped logs: a prediction that is
   * completely wrong ({@code p = 0} for {@code y = 1}) gets a gradient of about {@code -1e12}, the
   * strongest training signal, rather than the 0 a clamp would pass back. The gradient with
   * respect to y is the derivative of the clamped loss, so it is ±100 at {@code p = 0} or 1 where
   * PyTorch 1.13 returns ±inf. The backward is made of tensor ops, so it can be differentiated
   * again.
   */
  private static final Function BINARY_CROSS_ENTROPY =
      Function.of(
          "binaryCrossEntropy",
          in -> {
            double[] p = in[0].toArray();
            double[] y = in[1].toArray();
            double[] losses = new double[p.length];
            for (int i = 0; i < p.length; i++) {
              losses[i] =
                  (y[i] - 1) * Math.max(Math.log1p(-p[i]), MIN_LOG)
                      - y[i] * Math.max(Math.log(p[i]), MIN_LOG);
            }
            return Tensor.of(losses, in[0].shape());
          },
          (upstream, out, in) -> {
            Tensor p = in[0];
            Tensor y = in[1];
            Tensor denominator = p.mul(p.neg().add(1)).maximum(Tensor.scalar(MIN_P_TIMES_NOT_P));
            return new Tensor[] {
              upstream.mul(p.sub(y)).div(denominator),
              upstream.mul(clampedLog(p.neg().add(1)).sub(clampedLog(p)))
            };
          });

  /** Returns {@code max(log x, -100)}. */
  private static Tensor clampedLog(Tensor x) {
    return x.log().maximum(Tensor.scalar(MIN_LOG));
  }

  /**
   * {@return the mean squared error {@code mean((pred - target)^2)}}
   *
   * @param pred the predictions
   * @param target the targets, shaped as {@code pred}
   */
  public static Tensor mse(Tensor pred, Tensor target) {
    return mse(pred, target, Reduction.MEAN);
  }

  /**
   * {@return the squared error {@code (pred - target)^2}, reduced}
   *
   * @param pred the predictions
   * @param target the targets, shaped as {@code pred}
   * @param reduction how the per-element losses are reduced (mean, sum or none)
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor mse(Tensor pred, Tensor target, Reduction reduction) {
    checkSameShape("mse", pred, target);
    Tensor d = pred.sub(target);
    return reduce("mse", reduction, d.mul(d));
  }

  /**
   * {@return the mean absolute error {@code mean(|pred - target|)}}
   *
   * @param pred the predictions
   * @param target the targets, shaped as {@code pred}
   */
  public static Tensor l1(Tensor pred, Tensor target) {
    return l1(pred, target, Reduction.MEAN);
  }

  /**
   * {@return the absolute error {@code |pred - target|}, reduced}
   *
   * @param pred the predictions
   * @param target the targets, shaped as {@code pred}
   * @param reduction how the per-element losses are reduced (mean, sum or none)
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor l1(Tensor pred, Tensor target, Reduction reduction) {
    checkSameShape("l1", pred, target);
    return reduce("l1", reduction, pred.sub(target).abs());
  }

  /**
   * {@return the mean Huber loss with {@code delta = 1}}
   *
   * @param pred the predictions
   * @param target the targets, shaped as {@code pred}
   */
  public static Tensor huber(Tensor pred, Tensor target) {
    return huber(pred, target, 1, Reduction.MEAN);
  }

  /**
   * {@return the Huber loss of {@code d = pred - target}: {@code d^2 / 2} where {@code |d| <
   * delta}, else {@code delta (|d| - delta / 2)}; quadratic near 0, linear (robust to outliers)
   * beyond, as {@code torch.nn.HuberLoss}}
   *
   * @param pred the predictions
   * @param target the targets, shaped as {@code pred}
   * @param delta where the loss turns from quadratic to linear, above 0
   * @param reduction how the per-element losses are reduced (mean, sum or none)
   * @throws IllegalArgumentException if the shapes differ or {@code delta <= 0}
   */
  public static Tensor huber(Tensor pred, Tensor target, double delta, Reduction reduction) {
    checkSameShape("huber", pred, target);
    checkArgument(
        delta > 0 && Double.isFinite(delta),
        "huber: delta must be positive and finite, got %s",
        delta);
    Tensor d = pred.sub(target);
    Tensor a = d.abs();
    Tensor quadratic = d.mul(d).mul(0.5);
    Tensor linear = a.sub(0.5 * delta).mul(delta);
    return reduce("huber", reduction, Tensor.where(a.lt(delta), quadratic, linear));
  }

  /**
   * {@return the mean binary cross-entropy of probabilities}
   *
   * @param probabilities the predicted probabilities, in [0, 1]
   * @param target the targets, shaped as {@code pred}
   */
  public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor target) {
    return binaryCrossEntropy(probabilities, target, Reduction.MEAN);
  }

  /**
   * {@return the binary cross-entropy {@code -(y log p + (1 - y) log(1 - p))} of probabilities
   * {@code p}, with each log clamped at -100 (as PyTorch) so that {@code p = 0} or 1 stay finite}
   * The gradient with respect to {@code p} is PyTorch's, {@code (p - y) / max(p (1 - p),
   * 1e-12f)}: at {@code p = 0} with target 1 the loss is 100 and the gradient {@code
   * -1000000003995.8029} (before the reduction's {@code 1/n}), so a confidently wrong prediction
   * is pushed hardest, not left with the zero gradient of a clamp. Prefer {@link
   * #binaryCrossEntropyWithLogits} when the model's last op is a sigmoid.
   *
   * @param probabilities the predicted probabilities, in [0, 1]
   * @param target the targets, shaped as {@code pred}
   * @param reduction how the per-element losses are reduced (mean, sum or none)
   * @throws IllegalArgumentException if the shapes differ or a probability or target lies outside
   *     {@code [0, 1]}
   */
  public static Tensor binaryCrossEntropy(
      Tensor probabilities, Tensor target, Reduction reduction) {
    checkSameShape("binaryCrossEntropy", probabilities, target);
    checkUnitInterval("binaryCrossEntropy", "probability", probabilities);
    checkUnitInterval("binaryCrossEntropy", "target", target);
    Tensor losses = BINARY_CROSS_ENTROPY.apply(probabilities, target);
    return reduce("binaryCrossEntropy", reduction, losses);
  }

  /**
   * {@return the mean binary cross-entropy of logits}
   *
   * @param logits the logits (scores before the sigmoid or softmax)
   * @param target the targets, shaped as {@code pred}
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
    return binaryCrossEntropyWithLogits(logits, target, Reduction.MEAN);
  }

  /**
   * {@return the binary cross-entropy of {@code sigmoid(x)} computed from the logits {@code x}
   * directly, {@code softplus(x) - x y}, which stays exact for large |x| where the probability form
   * would round to 0 or 1}
   *
   * @param logits the logits (scores before the sigmoid or softmax)
   * @param target the targets, shaped as {@code pred}
   * @param reduction how the per-element losses are reduced (mean, sum or none)
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor binaryCrossEntropyWithLogits(
      Tensor logits, Tensor target, Reduction reduction) {
    checkSameShape("binaryCrossEntropyWithLogits", logits, target);
    Tensor losses = logits.softplus().sub(logits.mul(target));
    return reduce("binaryCrossEntropyWithLogits", reduction, losses);
  }

  /**
   * {@return the mean cross-entropy of logits {@code [n, classes]} against class indices}
   *
   * @param logits the logits (scores before the sigmoid or softmax)
   * @param targets the targets
   */
  public static Tensor crossEntropy(Tensor logits, int[] targets) {
    return crossEntropy(logits, targets, 0, null, Reduction.MEAN);
  }

  /**
   * As {@link #crossEntropy(Tensor, int[])} with targets given as a tensor of whole numbers.
   *
   * @param logits the scores before the softmax, {@code [n, classes]}
   * @param targets the class of each row, a 1-d tensor of whole numbers in {@code [0, classes)}
   * @return the mean cross-entropy, a scalar
   */
  public static Tensor crossEntropy(Tensor logits, Tensor targets) {
    Checks.notNull(logits, "crossEntropy", "scores");
    return crossEntropy(logits, classIndices("crossEntropy", targets), 0, null, Reduction.MEAN);
  }

  /**
   * {@return the cross-entropy of logits {@code x} ({@code [n, classes]}) against class indices
   * {@code y}, as {@code torch.nn.functional.cross_entropy}: with {@code logp = logSoftmax(x)},
   * class weights {@code w} (all 1 when null) and label smoothing {@code e},
   *
   * <pre>
   * loss_i = (1 - e) w[y_i] (-logp[i, y_i]) + (e / classes) sum_c w[c] (-logp[i, c])
   * </pre>
   *
   * {@code MEAN} divides the sum by {@code sum_i w[y_i]} (by n without weights); {@code NONE}
   * returns {@code [n]}} The log-softmax is computed stably (max subtracted).
   *
   * @param classWeights a tensor of shape {@code [classes]} of non-negative weights, or null
   * @param logits the logits (scores before the sigmoid or softmax)
   * @param targets the targets
   * @param labelSmoothing the probability mass spread evenly over all classes, in [0, 1)
   * @param reduction how the per-element losses are reduced (mean, sum or none)
   * @throws IllegalArgumentException if logits are not 2-d, the target count is not n, a target is
   *     out of range, smoothing is outside {@code [0, 1]}, or the weights have the wrong shape
   */
  public static Tensor crossEntropy(
      Tensor logits,
      int[] targets,
      double labelSmoothing,
      Tensor classWeights,
      Reduction reduction) {
    checkClassInputs("crossEntropy", logits, targets);
    return classLoss(
        "crossEntropy", logits.logSoftmax(1), targets, labelSmoothing, classWeights, reduction);
  }

  /**
   * {@return the mean negative log-likelihood of log-probabilities {@code [n, classes]}}
   *
   * @param logProbabilities the log-probabilities, {@code [n, classes]}
   * @param targets the targets
   */
  public static Tensor nll(Tensor logProbabilities, int[] targets) {
    return nll(logProbabilities, targets, null, Reduction.MEAN);
  }

  /**
   * {@return the negative log-likelihood {@code -w[y_i] logp[i, y_i]} of log-probabilities (for
   * example a {@code logSoftmax} output), as {@code torch.nn.functional.nll_loss}; {@code MEAN}
   * divides by {@code sum_i w[y_i]}}
   *
   * @param classWeights a tensor of shape {@code [classes]}, or null for all ones
   * @param logProbabilities the log-probabilities, {@code [n, classes]}
   * @param targets the targets
   * @param reduction how the per-element losses are reduced (mean, sum or none)
   * @throws IllegalArgumentException as {@link #crossEntropy(Tensor, int[], double, Tensor,
   *     Reduction)}
   */
  public static Tensor nll(
      Tensor logProbabilities, int[] targets, Tensor classWeights, Reduction reduction) {
    checkClassInputs("nll", logProbabilities, targets);
    return classLoss("nll", logProbabilities, targets, 0, classWeights, reduction);
  }

  /**
   * {@return the mean max-margin (hinge) loss of scores against labels -1 or +1}
   *
   * @param scores the scores
   * @param labels the labels, -1 or 1, shaped as {@code scores}
   */
  public static Tensor hinge(Tensor scores, Tensor labels) {
    return hinge(scores, labels, Reduction.MEAN);
  }

  /**
   * {@return the max-margin (hinge) loss {@code max(0, 1 - y s)} of scores {@code s} against labels
   * {@code y} in {-1, +1}, the loss of micrograd's moons demo}
   *
   * @param scores the scores
   * @param labels the labels, -1 or 1, shaped as {@code scores}
   * @param reduction how the per-element losses are reduced (mean, sum or none)
   * @throws IllegalArgumentException if the shapes differ or a label is not -1 or +1
   */
  public static Tensor hinge(Tensor scores, Tensor labels, Reduction reduction) {
    checkSameShape("hinge", scores, labels);
    double[] y = labels.toArray();
    for (int i = 0; i < y.length; i++) {
      if (y[i] != 1 && y[i] != -1) {
        throw new IllegalArgumentException(
            String.format("hinge: labels must be -1 or +1, but label %d is %s", i, y[i]));
      }
    }
    return reduce("hinge", reduction, labels.mul(scores).neg().add(1).relu());
  }

  /**
   * {@return the L2 penalty {@code alpha * sum_p sum(p^2)} over {@code parameters} (micrograd's
   * {@code reg_loss} with {@code alpha = 1e-4}); add it to the data loss}
   *
   * @param parameters the tensors to penalize
   * @param alpha the factor of the penalty, at least 0
   * @throws IllegalArgumentException if the list is empty or alpha is negative
   */
  public static Tensor l2Penalty(List<Tensor> parameters, double alpha) {
    checkArgument(
        parameters != null && !parameters.isEmpty(), "l2Penalty: needs at least one parameter");
    checkArgument(
        alpha >= 0 && Double.isFinite(alpha),
        "l2Penalty: alpha must be >= 0 and finite, got %s",
        alpha);
    Tensor total = null;
    for (int i = 0; i < parameters.size(); i++) {
      Tensor p = Checks.notNull(parameters.get(i), "l2Penalty", "parameter " + i);
      Tensor s = p.mul(p).sum();
      total = total == null ? s : total.add(s);
    }
    return total.mul(alpha);
  }

  // ---------------------------------------------------------------- helpers

  private static Tensor reduce(String op, Reduction reduction, Tensor losses) {
    return Checks.notNull(reduction, op, "reduction").apply(losses);
  }

  private static Tensor classLoss(
      String op,
      Tensor logProbabilities,
      int[] targets,
      double labelSmoothing,
      Tensor classWeights,
      Reduction reduction) {
    Checks.notNull(reduction, op, "reduction");
    int n = logProbabilities.size(0);
    int classes = logProbabilities.size(1);
    checkArgument(
        labelSmoothing >= 0 && labelSmoothing <= 1,
        "%s: label smoothing must be in [0, 1], got %s",
        op,
        labelSmoothing);
    double[] w = classWeights(op, classWeights, classes);
    // loss_i = -sum_c coefficient[i, c] logp[i, c]: one constant matrix holds the one-hot
    // target, the class weights and the smoothing.
    double[] coefficient = new double[Sizes.product(op, "n x classes", n, classes)];
    double weightSum = 0;
    double smooth = labelSmoothing / classes;
    for (int i = 0; i < n; i++) {
      int row = i * classes;
      if (smooth > 0) {
        for (int c = 0; c < classes; c++) {
          coefficient[row + c] = smooth * w[c];
        }
      }
      coefficient[row + targets[i]] += (1 - labelSmoothing) * w[targets[i]];
      weightSum += w[targets[i]];
    }
    Tensor perSample = logProbabilities.mul(Tensor.of(coefficient, n, classes)).sum(1).neg();
    switch (reduction) {
      case MEAN:
        return perSample.sum().div(weightSum);
      case SUM:
        return perSample.sum();
      default:
        return perSample;
    }
  }

  private static double[] classWeights(String op, Tensor classWeights, int classes) {
    double[] w = new double[classes];
    if (classWeights == null) {
      Arrays.fill(w, 1);
      return w;
    }
    if (classWeights.dim() != 1 || classWeights.numel() != classes) {
      throw new IllegalArgumentException(
          String.format(
              "%s: class weights must have shape [%d], got %s",
              op, classes, Arrays.toString(classWeights.shape())));
    }
    w = classWeights.toArray();
    for (int c = 0; c < classes; c++) {
      if (!(w[c] >= 0) || !Double.isFinite(w[c])) {
        throw new IllegalArgumentException(
            String.format("%s: class weight %d must be >= 0 and finite, got %s", op, c, w[c]));
      }
    }
    return w;
  }

  private static void checkClassInputs(String op, Tensor scores, int[] targets) {
    Checks.notNull(scores, op, "scores");
    checkArgument(
        scores.dim() == 2,
        "%s: expects scores of shape [n, classes], got %s",
        op,
        Arrays.toString(scores.shape()));
    checkArgument(
        targets != null && targets.length == scores.size(0),
        "%s: %s targets for %s rows of scores %s",
        op,
        targets == null ? "null" : targets.length,
        scores.size(0),
        Arrays.toString(scores.shape()));
    int classes = scores.size(1);
    for (int i = 0; i < targets.length; i++) {
      if (targets[i] < 0 || targets[i] >= classes) {
        throw new IllegalArgumentException(
            String.format(
                "%s: target %d is class %d, outside [0, %d)", op, i, targets[i], classes));
      }
    }
  }

  private static int[] classIndices(String op, Tensor targets) {
    Checks.notNull(targets, op, "targets");
    checkArgument(
        targets.dim() == 1,
        "%s: class targets must be 1-d, got shape %s",
        op,
        Arrays.toString(targets.shape()));
    return Indices.of(targets, op, "target");
  }

  private static void checkSameShape(String op, Tensor a, Tensor b) {
    checkArgument(a != null && b != null, "%s: prediction and target must not be null", op);
    checkArgument(
        Arrays.equals(a.shape(), b.shape()),
        "%s: prediction shape %s and target shape %s differ",
        op,
        Arrays.toString(a.shape()),
        Arrays.toString(b.shape()));
  }

  private static void checkUnitInterval(String op, String what, Tensor t) {
    double[] v = t.toArray();
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] >= 0 && v[i] <= 1)) {
        throw new IllegalArgumentException(
            String.format("%s: %s %d is %s, outside [0, 1]", op, what, i, v[i]));
      }
    }
  }

  // ---------------------------------------------------------------- sequence cross-entropy

  /**
   * {@return the cross-entropy of logits {@code [N, C]} or sequence logits {@code [N, C, L]}
   * (PyTorch's layout: classes in dim 1) against class indices {@code [N]} or {@code [N, L]},
   * skipping the targets equal to {@code ignoreIndex}, as {@code F.cross_entropy(...,
   * ignore_index=...)}: {@code loss_p = -logSoftmax(x)[p, y_p]} at each kept position p; {@code
   * MEAN} divides the sum by the number of kept positions (NaN when none is kept, as PyTorch),
   * {@code NONE} returns {@code [N]} or {@code [N, L]} with 0 at ignored positions}
   *
   * @param logits {@code [N, C]} or {@code [N, C, L]}
   * @param targets whole numbers in {@code [0, C)} or equal to {@code ignoreIndex}, either dtype
   * @param ignoreIndex the target value to skip
   * @param reduction {@code MEAN}, {@code SUM} or {@code NONE}
   * @throws IllegalArgumentException if the logits are not 2-d or 3-d, the target shape is not
   *     the logits' without dim 1, or a target is out of range
   */
  public static Tensor crossEntropy(
      Tensor logits, Tensor targets, int ignoreIndex, Reduction reduction) {
    String op = "crossEntropy";
    Checks.notNull(logits, op, "logits");
    Checks.notNull(targets, op, "targets");
    Checks.notNull(reduction, op, "reduction");
    if (logits.dim() != 2 && logits.dim() != 3) {
      throw new IllegalArgumentException(
          String.format(
              "%s: expects logits [N, C] or [N, C, L], got %s", op, Arrays.toString(logits.shape())));
    }
    int[] s = logits.shape();
    int[] expected = logits.dim() == 2 ? new int[] {s[0]} : new int[] {s[0], s[2]};
    if (!Arrays.equals(targets.shape(), expected)) {
      throw new IllegalArgumentException(
          String.format(
              "%s: targets have shape %s, but logits %s need %s",
              op, Arrays.toString(targets.shape()), Arrays.toString(s), Arrays.toString(expected)));
    }
    int classes = s[1];
    int[] y = Indices.of(targets, op, "target");
    double[] coefficient = new double[Sizes.product(op, "positions x classes", y.length, classes)];
    int kept = 0;
    for (int p = 0; p < y.length; p++) {
      if (y[p] == ignoreIndex) {
        continue;
      }
      if (y[p] < 0 || y[p] >= classes) {
        throw new IllegalArgumentException(
            String.format(
                "%s: target %d is class %d, outside [0, %d) and not the ignore index %d",
                op, p, y[p], classes, ignoreIndex));
      }
      coefficient[p * classes + y[p]] = 1;
      kept++;
    }
    Tensor logp = logits.logSoftmax(1);
    if (logits.dim() == 3) {
      logp = logp.permute(0, 2, 1).reshape(y.length, classes);
    }
    Tensor onehot = Tensor.of(coefficient, y.length, classes).to(logp.dtype());
    Tensor perPosition = logp.mul(onehot).sum(1).neg();
    switch (reduction) {
      case MEAN:
        return perPosition.sum().div(kept);
      case SUM:
        return perPosition.sum();
      default:
        return perPosition.reshape(expected);
    }
  }
}
