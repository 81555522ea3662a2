package dev.jgrad.spark;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.RequestMethod;
import org.apache.spark.RequestToSync;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskKilledException;
import org.apache.spark.rpc.AbortableRpcFuture;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcTimeout;
import org.apache.spark.util.RpcUtils;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.FutureConverters;
import scala.reflect.ClassTag$;

/**
 * Exchanges one message per barrier task per step through Spark's barrier coordinator (the
 * driver-side endpoint behind {@code BarrierTaskContext.allGather}) and returns all of them in
 * partition order.
 *
 * <p>Why not call {@code allGather} itself: in Spark 4.0 it checks for the coordinator's answer
 * and then sleeps a whole second between checks, so every exchange costs about a second (827 ms
 * per step measured on the digits MLP). This class sends the same {@code RequestToSync} message
 * to the same coordinator, with the same barrier epoch counting, but waits for the answer itself
 * and checks every 100 ms whether the task was killed, as {@code allGather} does every second.
 * The message types are Spark-internal ({@code private[spark]}, public in bytecode); if they are
 * missing, or the Spark setting {@code spark.jgrad.barrier.exchange} is {@code allGather}, it
 * falls back to the public {@code allGather}. Only one of the two may be used within a stage.
 */
final class BarrierExchange {
  /** The Spark setting that picks the public allGather ({@code allGather}). */
  static final String SETTING = "spark.jgrad.barrier.exchange";

  private static final long KILL_CHECK_MILLIS = 100;
  private final BarrierTaskContext context;
  private final RpcEndpointRef coordinator;
  private int barrierEpoch;

  private BarrierExchange(BarrierTaskContext context, RpcEndpointRef coordinator) {
    this.context = context;
    this.coordinator = coordinator;
  }

  /** Returns the exchange of the current barrier task. */
  static BarrierExchange forCurrentTask() {
    BarrierTaskContext context = BarrierTaskContext.get();
    SparkEnv env = SparkEnv.get();
    if ("allGather".equals(env.conf().get(SETTING, "coordinator"))) {
      return new BarrierExchange(context, null);
    }
    RpcEndpointRef coordinator;
    try {
      coordinator = RpcUtils.makeDriverRef("barrierSync", env.conf(), env.rpcEnv());
    } catch (LinkageError e) {
      coordinator = null; // another Spark version: use the public, slower allGather
    }
    return new BarrierExchange(context, coordinator);
  }

  /**
   * Sends {@code message} and returns every task's message of this step, indexed by partition.
   *
   * @throws TaskKilledException if Spark kills this task while it waits (a peer failed)
   */
  String[] allGather(String message) {
    if (coordinator == null) {
      return context.allGather(message);
    }
    RequestToSync request =
        new RequestToSync(
            context.numPartitions(),
            context.stageId(),
            context.stageAttemptNumber(),
            context.taskAttemptId(),
            barrierEpoch,
            context.partitionId(),
            message,
            RequestMethod.ALL_GATHER());
    AbortableRpcFuture<String[]> answer =
        coordinator.askAbortable(
            request,
            new RpcTimeout(new FiniteDuration(365, TimeUnit.DAYS), "barrierTimeout"),
            ClassTag$.MODULE$.apply(String[].class));
    CompletableFuture<String[]> future =
        FutureConverters.asJava(answer.future()).toCompletableFuture();
    while (true) {
      try {
        String[] messages = future.get(KILL_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        barrierEpoch++;
        return messages;
      } catch (TimeoutException e) {
        if (context.isInterrupted()) {
          TaskKilledException killed =
              new TaskKilledException(context.getKillReason().getOrElse(() -> "killed"));
          answer.abort(killed);
          throw killed;
        }
      } catch (InterruptedException e) {
        answer.abort(e);
        Thread.currentThread().interrupt();
        throw new TaskKilledException("interrupted while waiting for the other partitions");
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            String.format(
                "SparkTrainer: the gradient exchange of partition %d failed at step %d: %s",
                context.partitionId(), barrierEpoch, e.getCause()),
            e.getCause());
      }
    }
  }
}
