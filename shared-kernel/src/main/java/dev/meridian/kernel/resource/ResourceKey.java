package dev.meridian.kernel.resource;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identity of one resource. Its {@link #logKey()} is the Kafka record key and the aggregate
 * identifier, so every event about one resource lands in one partition, in order.
 */
public record ResourceKey(ResourceKind kind, String mesh, String name)
    implements Comparable<ResourceKey> {

  private static final Comparator<ResourceKey> ORDER =
      Comparator.comparing(ResourceKey::kind)
          .thenComparing(ResourceKey::mesh)
          .thenComparing(ResourceKey::name);

  public ResourceKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    mesh = kind.meshScoped() ? Objects.requireNonNull(mesh, "mesh") : "";
  }

  public static ResourceKey mesh(String name) {
    return new ResourceKey(ResourceKind.MESH, "", name);
  }

  public static ResourceKey zoneIngress(String name) {
    return new ResourceKey(ResourceKind.ZONE_INGRESS, "", name);
  }

  public static ResourceKey dataplane(String mesh, String name) {
    return new ResourceKey(ResourceKind.DATAPLANE, mesh, name);
  }

  /** {@code <kind>/<mesh>/<name>} for mesh-scoped kinds, {@code <kind>/<name>} otherwise. */
  public String logKey() {
    return kind.meshScoped()
        ? kind.keyPrefix() + "/" + mesh + "/" + name
        : kind.keyPrefix() + "/" + name;
  }

  /** Inverse of {@link #logKey()}; empty for anything that is not a well-formed key. */
  public static java.util.Optional<ResourceKey> parseLogKey(String logKey) {
    if (logKey == null) {
      return java.util.Optional.empty();
    }
    String[] parts = logKey.split("/", -1);
    return ResourceKind.byKeyPrefix(parts[0])
        .flatMap(
            kind -> {
              if (kind.meshScoped() && parts.length == 3) {
                return java.util.Optional.of(new ResourceKey(kind, parts[1], parts[2]));
              }
              if (!kind.meshScoped() && parts.length == 2) {
                return java.util.Optional.of(new ResourceKey(kind, "", parts[1]));
              }
              return java.util.Optional.empty();
            });
  }

  @Override
  public int compareTo(ResourceKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return logKey();
  }
}
