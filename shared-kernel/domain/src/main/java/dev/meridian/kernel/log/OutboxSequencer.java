package dev.meridian.kernel.log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Keeps each resource's events in sequence order on the log while two publishers append them: the
 * thread that committed the event, right after its commit (fast, best effort), and the event
 * store's tracking processor (complete: it sees every stored event and its token only moves past an
 * event once the broker has acknowledged it, by whichever publisher). ADR 014.
 *
 * <p>Per resource at most one send is in flight, and a send of sequence {@code s} starts only after
 * {@code s - 1} was acknowledged, or, on the fast path, only then: the fast path never sends out of
 * order or twice, and leaves everything it cannot prove to be next to the tracking processor. A
 * fast-path event whose predecessor is the one in flight waits for it (one such event per resource)
 * and is sent when it is acknowledged: two quick writes of one resource both stay off the
 * processor's path. If the predecessor fails, the waiting event is dropped here and left to the
 * processor, which sees every stored event. Sends of different resources are independent (the log
 * orders by resource key only).
 *
 * <p>What was acknowledged is remembered for the most recently written {@code capacity} resources.
 * Forgetting one costs at most a duplicate append, which consumers drop by sequence, and a
 * fast-path miss.
 */
public final class OutboxSequencer {
  /** Starts one append; the stage completes when the broker acknowledged it or it failed. */
  @FunctionalInterface
  public interface Append {
    CompletionStage<?> start();
  }

  /** What {@link #publish} did. */
  public enum Outcome {
    /** Appended by this call. */
    APPENDED,
    /** Already acknowledged, appended by the other publisher. */
    ALREADY_APPENDED
  }

  private static final class Progress {
    long acknowledged = -1;
    CompletableFuture<Void> inFlight;
    long inFlightSequence = -1;

    /** The fast path's next event, to start once the one in flight is acknowledged. */
    Queued queued;
  }

  private record Queued(long sequence, Append append) {}

  private final Map<String, Progress> progress;

  public OutboxSequencer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.progress =
        new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Progress> eldest) {
            return size() > capacity && eldest.getValue().inFlight == null;
          }
        };
  }

  /**
   * The fast path: starts the append of {@code sequence} if it is provably the resource's next one
   * (its predecessor acknowledged, or it is the resource's first event) and nothing of the resource
   * is in flight, or queues it behind its predecessor when that one is in flight. Never waits for
   * the broker. Returns whether it took the append; the outcome only ever matters to {@link
   * #publish}, which waits for it.
   */
  public boolean appendIfNext(String resource, long sequence, Append append) {
    CompletableFuture<Void> claim;
    synchronized (this) {
      Progress known = progress.get(resource);
      if (known != null
          && known.inFlight != null
          && known.inFlightSequence == sequence - 1
          && known.queued == null) {
        known.queued = new Queued(sequence, append);
        return true;
      }
      boolean next =
          known == null
              ? sequence == 0
              : known.inFlight == null && known.acknowledged == sequence - 1;
      if (!next) {
        return false;
      }
      if (known == null) {
        known = new Progress();
        progress.put(resource, known);
      }
      claim = new CompletableFuture<>();
      known.inFlight = claim;
      known.inFlightSequence = sequence;
    }
    start(resource, sequence, append, claim);
    return true;
  }

  /**
   * The complete path: returns once {@code sequence} of {@code resource} is acknowledged, by an
   * append this call starts or by one already made or in flight. Waits for the broker; throws if
   * its own append failed (the caller retries the same event).
   */
  public Outcome publish(String resource, long sequence, Append append)
      throws InterruptedException, ExecutionException {
    while (true) {
      CompletableFuture<Void> pending;
      boolean ours = false;
      synchronized (this) {
        Progress known = progress.computeIfAbsent(resource, r -> new Progress());
        if (known.acknowledged >= sequence) {
          return Outcome.ALREADY_APPENDED;
        }
        if (known.inFlight == null) {
          known.inFlight = new CompletableFuture<>();
          known.inFlightSequence = sequence;
          ours = true;
        }
        pending = known.inFlight;
      }
      if (ours) {
        start(resource, sequence, append, pending);
        pending.get();
        return Outcome.APPENDED;
      }
      try {
        pending.get();
      } catch (ExecutionException otherAppendFailed) {
        // The other publisher's append failed: look again, and append it ourselves if still due.
      }
    }
  }

  /** The highest acknowledged sequence of the resource, -1 if none is known. */
  public synchronized long acknowledged(String resource) {
    Progress known = progress.get(resource);
    return known == null ? -1 : known.acknowledged;
  }

  private void start(String resource, long sequence, Append append, CompletableFuture<Void> claim) {
    CompletionStage<?> sent;
    try {
      sent = append.start();
    } catch (RuntimeException e) {
      settle(resource, sequence, claim, e);
      return;
    }
    sent.whenComplete((ignored, failure) -> settle(resource, sequence, claim, failure));
  }

  private void settle(
      String resource, long sequence, CompletableFuture<Void> claim, Throwable failure) {
    Queued next = null;
    CompletableFuture<Void> nextClaim = null;
    synchronized (this) {
      Progress known = progress.get(resource);
      if (known != null && known.inFlight == claim) {
        known.inFlight = null;
        known.inFlightSequence = -1;
        if (failure == null && sequence > known.acknowledged) {
          known.acknowledged = sequence;
        }
        Queued queued = known.queued;
        known.queued = null;
        // In flight before the lock is released: a processor waiting on this resource then waits
        // for the queued append too, instead of starting its own.
        if (queued != null && failure == null && queued.sequence() == known.acknowledged + 1) {
          next = queued;
          nextClaim = new CompletableFuture<>();
          known.inFlight = nextClaim;
          known.inFlightSequence = queued.sequence();
        }
      }
    }
    if (failure == null) {
      claim.complete(null);
    } else {
      claim.completeExceptionally(failure);
    }
    if (next != null) {
      start(resource, next.sequence(), next.append(), nextClaim);
    }
  }
}
