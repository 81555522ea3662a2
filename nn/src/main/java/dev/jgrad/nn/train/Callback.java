package dev.jgrad.nn.train;

/**
 * Hooks called by {@link Trainer#fit}: after every batch and after every epoch. Both default to
 * doing nothing; override what you need (a learning-rate change, a checkpoint, a log line).
 */
public interface Callback {
  /**
   * Called after the optimizer step of batch {@code batch} (from 0) of epoch {@code epoch}.
   *
   * @param epoch the epoch, from 0
   * @param batch the batch within the epoch, from 0
   * @param loss the batch's loss
   */
  default void onBatchEnd(int epoch, int batch, double loss) {}

  /**
   * Called after epoch {@code epoch} (from 0) was recorded in {@code history}; returns whether
   * training should continue (false stops it, with a reason naming this callback).
   *
   * @param epoch the epoch, from 0
   * @param history the history so far, this epoch included
   * @return true to go on training, false to stop
   */
  default boolean onEpochEnd(int epoch, History history) {
    return true;
  }
}
