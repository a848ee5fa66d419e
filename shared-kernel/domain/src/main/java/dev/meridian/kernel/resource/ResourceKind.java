package dev.meridian.kernel.resource;

import java.util.Arrays;
import java.util.Optional;

/** The kinds Meridian stores, with the facts every layer needs about them. */
public enum ResourceKind {
  MESH("Mesh", "meshes", false, Owner.GLOBAL, MeshSpec.class),
  DATAPLANE("Dataplane", "dataplanes", true, Owner.ZONE, DataplaneSpec.class),
  ZONE_INGRESS("ZoneIngress", "zoneingresses", false, Owner.ZONE, ZoneIngressSpec.class),
  // targetRef policies (Kuma's plural paths); written on global, applied by zones.
  MESH_TIMEOUT("MeshTimeout", "meshtimeouts", true, Owner.GLOBAL, PolicySpec.class),
  MESH_RETRY("MeshRetry", "meshretries", true, Owner.GLOBAL, PolicySpec.class),
  MESH_CIRCUIT_BREAKER(
      "MeshCircuitBreaker", "meshcircuitbreakers", true, Owner.GLOBAL, PolicySpec.class),
  MESH_HEALTH_CHECK("MeshHealthCheck", "meshhealthchecks", true, Owner.GLOBAL, PolicySpec.class),
  MESH_LOAD_BALANCING_STRATEGY(
      "MeshLoadBalancingStrategy",
      "meshloadbalancingstrategies",
      true,
      Owner.GLOBAL,
      PolicySpec.class),
  MESH_HTTP_ROUTE("MeshHTTPRoute", "meshhttproutes", true, Owner.GLOBAL, PolicySpec.class),
  MESH_TCP_ROUTE("MeshTCPRoute", "meshtcproutes", true, Owner.GLOBAL, PolicySpec.class),
  MESH_FAULT_INJECTION(
      "MeshFaultInjection", "meshfaultinjections", true, Owner.GLOBAL, PolicySpec.class),
  MESH_RATE_LIMIT("MeshRateLimit", "meshratelimits", true, Owner.GLOBAL, PolicySpec.class),
  MESH_TRAFFIC_PERMISSION(
      "MeshTrafficPermission", "meshtrafficpermissions", true, Owner.GLOBAL, PolicySpec.class),
  /** A user token its control plane no longer accepts, named by its id ({@code jti}). */
  USER_TOKEN_REVOCATION(
      "UserTokenRevocation",
      "usertokenrevocations",
      false,
      Owner.EVERY,
      UserTokenRevocationSpec.class),
  /** A mesh's secret (e.g. a dataplane-token signing key), sealed on the log. */
  SECRET("Secret", "secrets", true, Owner.GLOBAL, SecretSpec.class),
  /** A dataplane token no zone accepts any more, named by its id ({@code jti}). */
  DATAPLANE_TOKEN_REVOCATION(
      "DataplaneTokenRevocation",
      "dataplanetokenrevocations",
      true,
      Owner.GLOBAL,
      DataplaneTokenRevocationSpec.class),
  /** Kong Mesh's role: rules granting access values on types, names and meshes (global). */
  ACCESS_ROLE("AccessRole", "access-roles", false, Owner.GLOBAL, AccessRoleSpec.class),
  /** Kong Mesh's binding of users and groups to roles (global). */
  ACCESS_ROLE_BINDING(
      "AccessRoleBinding",
      "access-role-bindings",
      false,
      Owner.GLOBAL,
      AccessRoleBindingSpec.class),
  /** Kuma's Zone: whether a zone takes part in cross-zone traffic (global). */
  ZONE("Zone", "zones", false, Owner.GLOBAL, ZoneSpec.class);

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

  /** A targetRef policy kind (its resources are {@link PolicySpec}s). */
  public boolean isPolicy() {
    return specType == PolicySpec.class;
  }

  /**
   * A mesh's credentials rather than its configuration (sealed secrets, token revocations): in the
   * audit log, but not in the mesh's views, diffs and exports, which a user applies back.
   */
  public boolean isCredential() {
    return this == SECRET || this == DATAPLANE_TOKEN_REVOCATION;
  }

  /** Every policy kind, in declaration order. */
  public static java.util.List<ResourceKind> policies() {
    return Arrays.stream(values()).filter(ResourceKind::isPolicy).toList();
  }

  public static Optional<ResourceKind> byPluralPath(String plural) {
    return Arrays.stream(values()).filter(k -> k.pluralPath.equals(plural)).findFirst();
  }

  /** Lower-case name used in log record keys and aggregate identifiers. */
  public String keyPrefix() {
    return name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
  }

  public static Optional<ResourceKind> byTypeName(String typeName) {
    return Arrays.stream(values()).filter(k -> k.typeName.equals(typeName)).findFirst();
  }

  private static final java.util.Map<String, ResourceKind> BY_KEY_PREFIX =
      Arrays.stream(values())
          .collect(java.util.stream.Collectors.toUnmodifiableMap(ResourceKind::keyPrefix, k -> k));

  public static Optional<ResourceKind> byKeyPrefix(String prefix) {
    // Looked up for every record a catch-up reads: a map, not a scan.
    return Optional.ofNullable(BY_KEY_PREFIX.get(prefix));
  }
}
