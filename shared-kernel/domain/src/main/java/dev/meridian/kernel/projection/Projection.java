package dev.meridian.kernel.projection;

import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The read side: every resource as the log says it is. {@link #apply} is the one fold used for the
 * live projection, for point-in-time reads and for rebuilds, so all three agree by construction.
 *
 * <p>Any number of threads read. The events of one resource are applied by one thread at a time, in
 * log order; events of different resources may be applied concurrently (a catch-up settles its
 * resources in parallel), since folding one resource's event reads and writes only that resource.
 * Applying is deterministic: the same events of each resource in the same order give the same
 * content and the same {@link #checksum()}.
 */
public final class Projection {

  /** In key order, for lists and the checksum. */
  private final ConcurrentNavigableMap<ResourceKey, Resource> resources =
      new ConcurrentSkipListMap<>();

  /**
   * The same resources by key, for look-ups: the fold looks every resource it writes up, and a hash
   * look-up costs a fraction of a walk down the ordered map (a rebuild does it per resource).
   */
  private final Map<ResourceKey, Resource> byKey = new ConcurrentHashMap<>();

  /** Highest sequence applied per aggregate; survives deletion so redelivery stays a no-op. */
  private final Map<String, Long> lastSequence = new ConcurrentHashMap<>();

  public ApplyOutcome apply(LogSource source, EventEnvelope envelope) {
    return apply(source, envelope, -1L);
  }

  /**
   * Applies an event whose predecessor on the log (same aggregate) had {@code logPredecessor} as
   * its sequence, whether or not that one was applied: a catch-up that skipped superseded events
   * judges sequence gaps on the log's sequence numbers, not on what it happened to examine.
   */
  public ApplyOutcome apply(LogSource source, EventEnvelope envelope, long logPredecessor) {
    if (source.ingressOnly()
        && envelope.payload().key().kind() != ResourceKind.ZONE_INGRESS
        && source.origin().equals(envelope.origin())) {
      return ApplyOutcome.skipped();
    }
    Optional<ApplyOutcome> rejection = Authority.check(source, envelope);
    if (rejection.isPresent()) {
      return rejection.get();
    }
    long previous = lastSequence.getOrDefault(envelope.aggregateId(), -1L);
    if (envelope.sequence() <= previous) {
      return ApplyOutcome.duplicate();
    }
    fold(envelope);
    lastSequence.put(envelope.aggregateId(), envelope.sequence());
    long expectedPrevious = Math.max(previous, logPredecessor);
    if (envelope.sequence() != expectedPrevious + 1) {
      return ApplyOutcome.gap(
          envelope.aggregateId()
              + " jumped from sequence "
              + expectedPrevious
              + " to "
              + envelope.sequence());
    }
    return ApplyOutcome.applied();
  }

  private void fold(EventEnvelope envelope) {
    DomainEvent event = envelope.payload();
    ResourceSpec after = DomainEvent.specAfter(event);
    if (after == null) {
      remove(event.key());
    } else {
      upsert(event.key(), after, envelope);
    }
  }

  private void upsert(ResourceKey key, ResourceSpec spec, EventEnvelope envelope) {
    Resource existing = byKey.get(key);
    Resource resource =
        new Resource(
            key,
            spec,
            existing == null ? envelope.timestamp() : existing.creationTime(),
            envelope.timestamp());
    resources.put(key, resource);
    byKey.put(key, resource);
  }

  private void remove(ResourceKey key) {
    resources.remove(key);
    byKey.remove(key);
  }

  /**
   * A copy of this projection with {@code changes} folded in (a null spec deletes), stamped {@code
   * at}: what the resources would be if those changes were written, without writing them.
   */
  public Projection fork(Map<ResourceKey, ResourceSpec> changes, java.time.Instant at) {
    Projection fork = new Projection();
    fork.resources.putAll(resources);
    fork.byKey.putAll(byKey);
    fork.lastSequence.putAll(lastSequence);
    changes.forEach(
        (key, spec) -> {
          if (spec == null) {
            fork.remove(key);
          } else {
            Resource existing = fork.byKey.get(key);
            Resource resource =
                new Resource(key, spec, existing == null ? at : existing.creationTime(), at);
            fork.resources.put(key, resource);
            fork.byKey.put(key, resource);
          }
        });
    return fork;
  }

  public Optional<Resource> get(ResourceKey key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** Resources of a kind, optionally in one mesh, ordered by (mesh, name). */
  public List<Resource> list(ResourceKind kind, String meshOrNull) {
    ResourceKey from = new ResourceKey(kind, meshOrNull == null ? "" : meshOrNull, "");
    return resources.tailMap(from, true).values().stream()
        .takeWhile(r -> r.key().kind() == kind)
        .takeWhile(r -> meshOrNull == null || r.key().mesh().equals(meshOrNull))
        .toList();
  }

  /** Every targetRef policy of a mesh, of every kind, kind by kind in the list order. */
  public List<Resource> policies(String mesh) {
    List<Resource> policies = new java.util.ArrayList<>();
    ResourceKind.policies().forEach(kind -> policies.addAll(list(kind, mesh)));
    return List.copyOf(policies);
  }

  /**
   * What matching reads for a mesh's proxies: its policies and, when it exists, the Mesh itself
   * (its mTLS decides whether MeshTrafficPermissions apply).
   */
  public List<Resource> policiesWithMesh(String mesh) {
    List<Resource> inputs = new java.util.ArrayList<>(policies(mesh));
    get(ResourceKey.mesh(mesh)).ifPresent(inputs::add);
    return List.copyOf(inputs);
  }

  public boolean meshExists(String mesh) {
    return byKey.containsKey(ResourceKey.mesh(mesh));
  }

  /** The highest sequence applied for an aggregate, or -1 when none. */
  public long lastSequence(String aggregateId) {
    return lastSequence.getOrDefault(aggregateId, -1L);
  }

  public int size() {
    return resources.size();
  }

  /** A content hash over every resource, in key order. Equal content ⇔ equal checksum. */
  public String checksum() {
    return ProjectionChecksum.of(resources.values());
  }
}
