package dev.meridian.kernel.history;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.log.PositionedRecord;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For each resource in the projection, the event that last changed it and where that event is in
 * the log: what provenance is traced back to. Fed by the same feed as the projection.
 */
public final class LastChanges {

  /** The event that last changed a resource. */
  public record Change(
      String position, String eventId, Instant time, String origin, String actor) {}

  private final Map<ResourceKey, Change> changes = new ConcurrentHashMap<>();

  public void record(PositionedRecord record, EventEnvelope envelope, Optional<Resource> after) {
    ResourceKey key = envelope.payload().key();
    if (after.isEmpty()) {
      changes.remove(key);
      return;
    }
    changes.put(
        key,
        new Change(
            record.where(),
            envelope.eventId(),
            envelope.timestamp(),
            envelope.origin(),
            envelope.actor()));
  }

  public Optional<Change> of(ResourceKey key) {
    return Optional.ofNullable(changes.get(key));
  }
}
