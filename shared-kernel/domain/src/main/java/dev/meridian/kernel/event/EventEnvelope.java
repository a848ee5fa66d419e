package dev.meridian.kernel.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the log: the event and what the log records about it.
 *
 * @param eventId globally unique id; redelivery of the same id is a no-op
 * @param origin the control plane that wrote it: a zone name, or {@code global}
 * @param aggregateId the resource's log key, {@code <kind>/<mesh>/<name>}
 * @param sequence position in the aggregate's own history, from 0, without gaps
 * @param actor who asked for the change: the authenticated subject's name
 * @param actorGroups the groups of that subject's token (empty for system changes and for records
 *     written before groups were recorded)
 * @param reason why, as the actor said it (empty when none was given)
 */
public record EventEnvelope(
    String eventId,
    String origin,
    String aggregateId,
    long sequence,
    Instant timestamp,
    String actor,
    List<String> actorGroups,
    DomainEvent payload,
    String reason) {

  /** An envelope of a change made without a stated reason. */
  public EventEnvelope(
      String eventId,
      String origin,
      String aggregateId,
      long sequence,
      Instant timestamp,
      String actor,
      List<String> actorGroups,
      DomainEvent payload) {
    this(eventId, origin, aggregateId, sequence, timestamp, actor, actorGroups, payload, "");
  }

  /** An envelope whose actor has no groups (system changes, older records, tests). */
  public EventEnvelope(
      String eventId,
      String origin,
      String aggregateId,
      long sequence,
      Instant timestamp,
      String actor,
      DomainEvent payload) {
    this(eventId, origin, aggregateId, sequence, timestamp, actor, List.of(), payload);
  }

  public EventEnvelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(aggregateId, "aggregateId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(payload, "payload");
    actor = actor == null ? "" : actor;
    actorGroups = actorGroups == null ? List.of() : List.copyOf(actorGroups);
    reason = reason == null ? "" : reason;
  }

  public EventType type() {
    return EventTypes.of(payload);
  }
}
