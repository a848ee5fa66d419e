package dev.meridian.kernel.history;

import dev.meridian.kernel.resource.ResourceKey;
import java.time.Instant;

/**
 * Which changes an audit listing shows. Every criterion is optional; {@code type} matches the
 * resource type (e.g. {@code Dataplane}) case-insensitively, {@code zone} the control plane the
 * change came from ({@code global} for global's own changes), {@code since}/{@code until} the event
 * time, both inclusive; {@code actor} the subject's name, {@code actorGroup} one of its groups.
 */
public record AuditQuery(
    String mesh,
    String type,
    String name,
    String zone,
    String actor,
    Instant since,
    Instant until,
    String actorGroup) {

  public AuditQuery(
      String mesh,
      String type,
      String name,
      String zone,
      String actor,
      Instant since,
      Instant until) {
    this(mesh, type, name, zone, actor, since, until, null);
  }

  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null, null, null, null);
  }

  public boolean matches(AuditEntry entry) {
    ResourceKey key = entry.key();
    Instant time = entry.envelope().timestamp();
    return (mesh == null || mesh.equals(MeshResources.meshOf(key)))
        && (type == null || key.kind().typeName().equalsIgnoreCase(type))
        && (name == null || key.name().equals(name))
        && (zone == null || entry.envelope().origin().equals(zone))
        && (actor == null || entry.envelope().actor().equals(actor))
        && (actorGroup == null || entry.envelope().actorGroups().contains(actorGroup))
        && (since == null || !time.isBefore(since))
        && (until == null || !time.isAfter(until));
  }
}
