package com.example.quickstart;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Relu;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.Metrics;
import dev.jgrad.nn.train.Trainer;
import java.util.Random;

/**
 * Trains a small network to tell two rings of points apart: the inner ring (radius 1) is class
 * 0, the outer ring (radius 2) class 1. No straight line separates them, so the network needs
 * its hidden layer.
 */
public final class Quickstart {
  private Quickstart() {}

  /** Trains the network on 200 points and prints the accuracy on 100 points it has not seen. */
  public static void main(String[] args) {
    Result result = train(200, 100, new Random(42));
    System.out.printf("loss after %d epochs: %.4f%n", result.history().epochs(),
        result.history().last("loss"));
    System.out.printf("test accuracy: %.3f%n", result.testAccuracy());
  }

  /** The training history and the accuracy on held-out points. */
  public record Result(History history, double testAccuracy) {}

  /** Returns the history of training on {@code trainSize} points and the accuracy on new ones. */
  public static Result train(int trainSize, int testSize, Random random) {
    Dataset train = rings(trainSize, random);
    Dataset test = rings(testSize, random);
    Module model =
        new Sequential(new Linear(2, 16, random), new Relu(), new Linear(16, 2, random));
    Trainer trainer =
        Trainer.builder(model, new Adam(model.parameters(), 0.02), Losses::crossEntropy)
            .epochs(40)
            .batchSize(20)
            .shuffleSeed(0)
            .classes(Metrics.argmax()) // turns the two class scores into a class
            .build(); // a progress bar appears when run in a terminal
    History history = trainer.fit(train);
    return new Result(history, trainer.evaluate(test).accuracy());
  }

  /** Returns {@code n} points, half on each ring, with a little noise; labels are 0 or 1. */
  static Dataset rings(int n, Random random) {
    double[][] points = new double[n][];
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      double radius = 1 + label + 0.15 * random.nextGaussian();
      double angle = 2 * Math.PI * random.nextDouble();
      points[i] = new double[] {radius * Math.cos(angle), radius * Math.sin(angle)};
      labels[i] = label;
    }
    return new Dataset(Tensor.of(points), Tensor.of(labels));
  }
}
