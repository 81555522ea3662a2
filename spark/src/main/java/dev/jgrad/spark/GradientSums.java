package dev.jgrad.spark;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import java.util.List;

/** Computes one partition's summed loss gradient for its rows of a batch. */
final class GradientSums {
  private GradientSums() {}

  /**
   * Adds the gradient of the loss SUMMED over {@code rows} (the mean loss times the row count)
   * into {@code sum} (its first values, in parameter order) and returns that summed loss. The
   * parameters' gradients must be clear.
   */
  static double addSummedGradient(
      Module model, List<Tensor> parameters, LossFunction loss, SampleBlock.Rows rows,
      double[] sum) {
    Tensor batchLoss = loss.apply(model.forward(rows.features()), rows.targets());
    Tensor summed = batchLoss.mul(rows.count());
    summed.backward();
    ParameterArrays.addGradients(parameters, sum);
    return summed.item();
  }
}
