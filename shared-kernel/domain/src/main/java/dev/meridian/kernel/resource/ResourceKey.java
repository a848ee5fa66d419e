package dev.meridian.kernel.resource;

import java.util.Objects;

/**
 * Identity of one resource. Its {@link #logKey()} is the Kafka record key and the aggregate
 * identifier, so every event about one resource lands in one partition, in order.
 */
public record ResourceKey(ResourceKind kind, String mesh, String name)
    implements Comparable<ResourceKey> {

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

  /** The revocation of the user token whose id ({@code jti}) is {@code tokenId}. */
  public static ResourceKey userTokenRevocation(String tokenId) {
    return new ResourceKey(ResourceKind.USER_TOKEN_REVOCATION, "", tokenId);
  }

  /** A secret of {@code mesh}. */
  public static ResourceKey secret(String mesh, String name) {
    return new ResourceKey(ResourceKind.SECRET, mesh, name);
  }

  /** The revocation of a dataplane token of {@code mesh} whose id is {@code tokenId}. */
  public static ResourceKey dataplaneTokenRevocation(String mesh, String tokenId) {
    return new ResourceKey(ResourceKind.DATAPLANE_TOKEN_REVOCATION, mesh, tokenId);
  }

  /** The Zone resource of the zone {@code name}. */
  public static ResourceKey zone(String name) {
    return new ResourceKey(ResourceKind.ZONE, "", name);
  }

  /** The AccessRole {@code name} (global-scoped). */
  public static ResourceKey accessRole(String name) {
    return new ResourceKey(ResourceKind.ACCESS_ROLE, "", name);
  }

  /** The AccessRoleBinding {@code name} (global-scoped). */
  public static ResourceKey accessRoleBinding(String name) {
    return new ResourceKey(ResourceKind.ACCESS_ROLE_BINDING, "", name);
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

  /** Whether {@code candidate} is this key's {@link #logKey()}, without building that string. */
  public boolean hasLogKey(String candidate) {
    String prefix = kind.keyPrefix();
    int at = prefix.length();
    if (!candidate.startsWith(prefix) || !candidate.startsWith("/", at)) {
      return false;
    }
    at++;
    if (kind.meshScoped()) {
      if (!candidate.startsWith(mesh, at) || !candidate.startsWith("/", at + mesh.length())) {
        return false;
      }
      at += mesh.length() + 1;
    }
    return candidate.length() - at == name.length() && candidate.startsWith(name, at);
  }

  /** Inverse of {@link #logKey()}; empty for anything that is not a well-formed key. */
  public static java.util.Optional<ResourceKey> parseLogKey(String logKey) {
    if (logKey == null) {
      return java.util.Optional.empty();
    }
    // Parsed for every record a catch-up reads, so by hand rather than with split().
    int first = logKey.indexOf('/');
    if (first < 0) {
      return java.util.Optional.empty();
    }
    int second = logKey.indexOf('/', first + 1);
    int third = second < 0 ? -1 : logKey.indexOf('/', second + 1);
    if (third >= 0) {
      return java.util.Optional.empty();
    }
    ResourceKind kind = ResourceKind.byKeyPrefix(logKey.substring(0, first)).orElse(null);
    if (kind == null || kind.meshScoped() != (second >= 0)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        kind.meshScoped()
            ? new ResourceKey(
                kind, logKey.substring(first + 1, second), logKey.substring(second + 1))
            : new ResourceKey(kind, "", logKey.substring(first + 1)));
  }

  // equals and hashCode written out: the projection and a catch-up hash keys for every event, and
  // the record's generated ones are slow until the JIT has compiled them, which a one-off rebuild
  // feels.
  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof ResourceKey other
            && kind == other.kind
            && name.equals(other.name)
            && mesh.equals(other.mesh));
  }

  @Override
  public int hashCode() {
    return (31 * kind.ordinal() + mesh.hashCode()) * 31 + name.hashCode();
  }

  @Override
  public int compareTo(ResourceKey other) {
    // By kind, then mesh, then name; written out because the projection compares keys on every
    // lookup.
    // Kinds in declaration order, as Enum.compareTo orders them, without its class check.
    int byKind = Integer.compare(kind.ordinal(), other.kind.ordinal());
    if (byKind != 0) {
      return byKind;
    }
    int byMesh = mesh.compareTo(other.mesh);
    return byMesh != 0 ? byMesh : name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return logKey();
  }
}
