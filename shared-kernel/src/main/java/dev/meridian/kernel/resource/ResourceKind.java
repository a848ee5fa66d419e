package dev.meridian.kernel.resource;

import java.util.Arrays;
import java.util.Optional;

/** The kinds Meridian stores, with the facts every layer needs about them. */
public enum ResourceKind {
  MESH("Mesh", "meshes", false, Owner.GLOBAL, MeshSpec.class),
  DATAPLANE("Dataplane", "dataplanes", true, Owner.ZONE, DataplaneSpec.class),
  ZONE_INGRESS("ZoneIngress", "zoneingresses", false, Owner.ZONE, ZoneIngressSpec.class);

  private final String typeName;
  private final String pluralPath;
  private final boolean meshScoped;
  private final Owner owner;
  private final Class<? extends ResourceSpec> specType;

  ResourceKind(
      String typeName,
      String pluralPath,
      boolean meshScoped,
      Owner owner,
      Class<? extends ResourceSpec> specType) {
    this.typeName = typeName;
    this.pluralPath = pluralPath;
    this.meshScoped = meshScoped;
    this.owner = owner;
    this.specType = specType;
  }

  /** The `type` field of the resource, as Kuma spells it. */
  public String typeName() {
    return typeName;
  }

  /** The collection segment of the REST path. */
  public String pluralPath() {
    return pluralPath;
  }

  public boolean meshScoped() {
    return meshScoped;
  }

  public Owner owner() {
    return owner;
  }

  public Class<? extends ResourceSpec> specType() {
    return specType;
  }

  /** Lower-case name used in log record keys and aggregate identifiers. */
  public String keyPrefix() {
    return name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
  }

  public static Optional<ResourceKind> byTypeName(String typeName) {
    return Arrays.stream(values()).filter(k -> k.typeName.equals(typeName)).findFirst();
  }

  public static Optional<ResourceKind> byKeyPrefix(String prefix) {
    return Arrays.stream(values()).filter(k -> k.keyPrefix().equals(prefix)).findFirst();
  }
}
