package dev.meridian.kernel.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the log: the event and what the log records about it.
 *
 * @param eventId globally unique id; redelivery of the same id is a no-op
 * @param origin the control plane that wrote it: a zone name, or {@code global}
 * @param aggregateId the resource's log key, {@code <kind>/<mesh>/<name>}
 * @param sequence position in the aggregate's own history, from 0, without gaps
 * @param actor who asked for the change
 */
public record EventEnvelope(
    String eventId,
    String origin,
    String aggregateId,
    long sequence,
    Instant timestamp,
    String actor,
    DomainEvent payload) {

  public EventEnvelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(aggregateId, "aggregateId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(payload, "payload");
    actor = actor == null ? "" : actor;
  }

  public EventType type() {
    return EventTypes.of(payload);
  }
}
