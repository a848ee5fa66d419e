package dev.meridian.kernel.history;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.log.FeedObserver;
import dev.meridian.kernel.log.PositionedRecord;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Watches a replay of the log and keeps the newest {@code keep} changes a query matches, counting
 * all of them: memory stays bounded by the page asked for, not by the length of the log.
 */
public final class AuditCollector implements FeedObserver {
  private final AuditQuery query;
  private final int keep;
  // Oldest of the kept entries on top, so it is the one dropped when a newer one arrives.
  private final PriorityQueue<AuditEntry> newest;
  private long total;

  public AuditCollector(AuditQuery query, int keep) {
    this.query = query;
    this.keep = Math.max(0, keep);
    this.newest = new PriorityQueue<>(AuditEntry.NEWEST_FIRST.reversed());
  }

  @Override
  public void applied(LogSource source, PositionedRecord record, ApplyOutcome outcome) {}

  @Override
  public void rejected(LogSource source, PositionedRecord record, String reason, String detail) {}

  @Override
  public void changed(
      PositionedRecord record,
      EventEnvelope envelope,
      Optional<Resource> before,
      Optional<Resource> after) {
    AuditEntry entry = new AuditEntry(record.position(), record.offset(), envelope, before, after);
    if (!query.matches(entry)) {
      return;
    }
    total++;
    newest.add(entry);
    if (newest.size() > keep) {
      newest.poll();
    }
  }

  /** Every matching change seen. */
  public long total() {
    return total;
  }

  /** The kept changes, newest first. */
  public List<AuditEntry> newestFirst() {
    List<AuditEntry> out = new ArrayList<>(newest);
    out.sort(AuditEntry.NEWEST_FIRST);
    return out;
  }
}
