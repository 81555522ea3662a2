package dev.jgrad.nn.train;

/**
 * What {@link Trainer#fit} does when a batch loss is NaN or infinite, or when the loss is finite
 * but a parameter's gradient holds NaN or an infinity after backward (the trainer checks every
 * gradient before clipping and stepping). In every case the bad batch's step is not applied (no
 * optimizer step, no clipping), so the parameters stay bit for bit as they were after the last
 * good batch; the message names the epoch and batch, both counted from 1, and for a gradient the
 * parameter, the value and its flat index: {@code loss 0.0 is finite but the gradient of
 * 0.weight became NaN (flat index 0 of shape [1, 1]) at epoch 1, batch 1; ...}.
 */
public enum NonFiniteLossPolicy {
  /**
   * Ends training (the default): {@link History#stopReason()} and the output say {@code loss
   * became NaN at epoch E, batch B; ...}, and {@code fit} returns the history of the finished
   * epochs.
   */
  STOP,
  /**
   * Throws an {@link IllegalStateException} whose message reads {@code Trainer.fit: loss became
   * NaN at epoch E, batch B; ...}, for runs that must not end quietly.
   */
  THROW,
  /**
   * Skips the batch and goes on: the batch adds nothing to the epoch's loss, accuracy or batch
   * callbacks, a line naming it goes to the output, and the epoch's {@code skippedBatches} entry of
   * the {@link History} counts the skipped batches (an epoch whose batches were all skipped has a
   * NaN loss).
   */
  SKIP_BATCH
}
