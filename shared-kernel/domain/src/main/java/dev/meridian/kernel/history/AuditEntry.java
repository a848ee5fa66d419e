package dev.meridian.kernel.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import java.util.Comparator;
import java.util.Optional;

/**
 * One change as the audit log shows it: who, when, from where, what, and the resource before and
 * after. Built from an applied event and the fold's state around it.
 */
public record AuditEntry(
    LogPosition position,
    long offset,
    EventEnvelope envelope,
    Optional<Resource> before,
    Optional<Resource> after) {

  /** Newest first; ties (same event time) broken by log position so paging is stable. */
  public static final Comparator<AuditEntry> NEWEST_FIRST =
      Comparator.comparing((AuditEntry e) -> e.envelope().timestamp())
          .reversed()
          .thenComparing(e -> e.position().topic())
          .thenComparing(e -> e.position().partition())
          .thenComparing(AuditEntry::offset, Comparator.reverseOrder());

  public enum Operation {
    CREATE,
    UPDATE,
    DELETE
  }

  public Operation operation() {
    if (after.isEmpty()) {
      return Operation.DELETE;
    }
    return before.isEmpty() ? Operation.CREATE : Operation.UPDATE;
  }

  public ResourceKey key() {
    return envelope.payload().key();
  }

  /** Where the event is in the log, in the form {@code ?at=} accepts. */
  public String where() {
    return position + "@" + offset;
  }

  public ObjectNode render() {
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("position", where());
    out.put("eventId", envelope.eventId());
    out.put("time", envelope.timestamp().toString());
    out.put("origin", envelope.origin());
    out.put("actor", envelope.actor());
    // Always a list, empty for system changes and for records older than the groups header.
    envelope.actorGroups().forEach(out.putArray("actorGroups")::add);
    if (!envelope.reason().isEmpty()) {
      out.put("reason", envelope.reason());
    }
    out.put("operation", operation().name());
    out.put("type", key().kind().typeName());
    if (key().kind().meshScoped()) {
      out.put("mesh", key().mesh());
    }
    out.put("name", key().name());
    out.put("eventType", envelope.type().name());
    out.put("sequence", envelope.sequence());
    before.ifPresentOrElse(
        r -> out.set("before", ResourceDocument.render(r)), () -> out.putNull("before"));
    after.ifPresentOrElse(
        r -> out.set("after", ResourceDocument.render(r)), () -> out.putNull("after"));
    return out;
  }
}
