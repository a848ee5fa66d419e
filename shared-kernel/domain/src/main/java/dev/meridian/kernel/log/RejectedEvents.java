package dev.meridian.kernel.log;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent records a control plane refused to apply, kept for operators: where they were on
 * the log, when they were seen, why they were refused. Bounded, newest first.
 */
public final class RejectedEvents {

  /** One refused record. {@code reason} as reported by {@link FeedObserver#rejected}. */
  public record Rejection(
      String topic,
      int partition,
      long offset,
      String key,
      String reason,
      String detail,
      String seenAt) {}

  private final int capacity;
  private final Deque<Rejection> recent = new ArrayDeque<>();
  private long total;

  public RejectedEvents(int capacity) {
    this.capacity = capacity;
  }

  public synchronized void record(
      PositionedRecord record, String reason, String detail, Instant now) {
    recent.addFirst(
        new Rejection(
            record.position().topic(),
            record.position().partition(),
            record.offset(),
            record.record().key(),
            reason,
            detail,
            now.toString()));
    while (recent.size() > capacity) {
      recent.removeLast();
    }
    total++;
  }

  /** Newest first. */
  public synchronized List<Rejection> recent() {
    return new ArrayList<>(recent);
  }

  public synchronized long total() {
    return total;
  }
}
