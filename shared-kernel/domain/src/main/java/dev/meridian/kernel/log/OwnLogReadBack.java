package dev.meridian.kernel.log;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

/**
 * Whether an event of this control plane is already on its own topic, as its projection has read it
 * back (ADR 014). The outbox's tracking processor asks before appending an event itself, so a
 * restart does not append again what was appended but not yet confirmed.
 *
 * <p>The first question after a start waits until the projection has read the topic as it was at
 * start: before that, "not read back" means nothing. The wait is bounded, because a duplicate is
 * harmless (consumers drop it by sequence) and a stuck outbox is not.
 */
public final class OwnLogReadBack {
  private final ToLongFunction<String> lastSequenceRead;
  private final BooleanSupplier caughtUp;
  private final Duration firstWait;
  private volatile boolean ready;

  /**
   * @param lastSequenceRead the highest sequence of a resource the projection has applied, -1 if
   *     none
   * @param caughtUp true once the projection has read everything that was on the log at start
   * @param firstWait how long the first question waits for {@code caughtUp} at most
   */
  public OwnLogReadBack(
      ToLongFunction<String> lastSequenceRead, BooleanSupplier caughtUp, Duration firstWait) {
    this.lastSequenceRead = lastSequenceRead;
    this.caughtUp = caughtUp;
    this.firstWait = firstWait;
  }

  /** True if {@code sequence} of {@code aggregateId} (or a later one) has been read back. */
  public boolean holds(String aggregateId, long sequence) {
    awaitFirstCatchUp();
    return lastSequenceRead.applyAsLong(aggregateId) >= sequence;
  }

  private void awaitFirstCatchUp() {
    if (ready) {
      return;
    }
    long deadline = System.nanoTime() + firstWait.toNanos();
    while (!caughtUp.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    ready = true;
  }
}
