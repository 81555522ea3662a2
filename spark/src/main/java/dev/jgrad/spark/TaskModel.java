package dev.jgrad.spark;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import java.util.List;

/**
 * The model a Spark task thread works with, built once per training run and thread from the
 * factory and reused for every later step (jgrad modules are not thread-safe, so one per thread).
 */
final class TaskModel {
  private static final ThreadLocal<TaskModel> CURRENT = new ThreadLocal<>();

  private final String runId;
  final Module model;
  final List<Tensor> parameters;

  private TaskModel(String runId, Module model) {
    this.runId = runId;
    this.model = model;
    this.parameters = model.parameters();
  }

  /** Returns this thread's model for run {@code runId}, building it on first use. */
  static TaskModel forRun(String runId, ModelFactory factory) {
    TaskModel cached = CURRENT.get();
    if (cached == null || !cached.runId.equals(runId)) {
      cached = new TaskModel(runId, factory.create());
      CURRENT.set(cached);
    }
    return cached;
  }
}
