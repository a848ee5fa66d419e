package dev.meridian.ctl.api;

import dev.meridian.ctl.CliException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The resource kinds meridianctl names, with the REST paths the API serves them at (Kuma's: {@code
 * /meshes/{name}}, {@code /meshes/{mesh}/<plural>/{name}}, {@code /<plural>/{name}}).
 */
public enum Kind {
  MESH("Mesh", "meshes", false, true),
  DATAPLANE("Dataplane", "dataplanes", true, true),
  ZONE_INGRESS("ZoneIngress", "zoneingresses", false, true, "zone-ingress", "zone-ingresses"),
  MESH_TIMEOUT("MeshTimeout", "meshtimeouts", true, true),
  MESH_RETRY("MeshRetry", "meshretries", true, true),
  MESH_CIRCUIT_BREAKER("MeshCircuitBreaker", "meshcircuitbreakers", true, true),
  MESH_HEALTH_CHECK("MeshHealthCheck", "meshhealthchecks", true, true),
  MESH_LOAD_BALANCING_STRATEGY(
      "MeshLoadBalancingStrategy", "meshloadbalancingstrategies", true, true),
  MESH_HTTP_ROUTE("MeshHTTPRoute", "meshhttproutes", true, true),
  MESH_TCP_ROUTE("MeshTCPRoute", "meshtcproutes", true, true),
  MESH_FAULT_INJECTION("MeshFaultInjection", "meshfaultinjections", true, true),
  MESH_RATE_LIMIT("MeshRateLimit", "meshratelimits", true, true),
  MESH_TRAFFIC_PERMISSION("MeshTrafficPermission", "meshtrafficpermissions", true, true),
  SECRET("Secret", "secrets", true, true),
  ACCESS_ROLE("AccessRole", "access-roles", false, true, "accessrole", "accessroles"),
  ACCESS_ROLE_BINDING(
      "AccessRoleBinding",
      "access-role-bindings",
      false,
      true,
      "accessrolebinding",
      "accessrolebindings"),
  /** Registered by their heartbeats on global; read only. */
  ZONE("Zone", "zones", false, false);

  private final String typeName;
  private final String plural;
  private final boolean meshScoped;
  private final boolean writable;
  private final List<String> aliases;

  Kind(String typeName, String plural, boolean meshScoped, boolean writable, String... aliases) {
    this.typeName = typeName;
    this.plural = plural;
    this.meshScoped = meshScoped;
    this.writable = writable;
    this.aliases = List.of(aliases);
  }

  /** The {@code type} field, as Kuma spells it. */
  public String typeName() {
    return typeName;
  }

  /** The collection segment of the REST path. */
  public String plural() {
    return plural;
  }

  public boolean meshScoped() {
    return meshScoped;
  }

  public boolean writable() {
    return writable;
  }

  public boolean isPolicy() {
    return typeName.startsWith("Mesh") && this != MESH;
  }

  /** The path of the collection: {@code /meshes/{mesh}/<plural>} or {@code /<plural>}. */
  public String collectionPath(String mesh) {
    return meshScoped ? "/meshes/" + ApiClient.segment(mesh) + "/" + plural : "/" + plural;
  }

  public String resourcePath(String mesh, String name) {
    return collectionPath(mesh) + "/" + ApiClient.segment(name);
  }

  /** By its {@code type} field ({@code MeshTimeout}). */
  public static Optional<Kind> byTypeName(String type) {
    return Stream.of(values()).filter(k -> k.typeName.equals(type)).findFirst();
  }

  /**
   * By the word a user types: the plural ({@code meshtimeouts}), the singular ({@code meshtimeout})
   * or the type name, in any case.
   */
  public static Kind parse(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return Stream.of(values())
        .filter(
            k ->
                k.plural.equals(w)
                    || k.typeName.toLowerCase(Locale.ROOT).equals(w)
                    || k.aliases.contains(w))
        .findFirst()
        .orElseThrow(
            () ->
                new CliException(
                    "unknown resource type \"" + word + "\"",
                    List.of(
                        new CliException.Cause(
                            "type",
                            "one of "
                                + String.join(
                                    ", ", Stream.of(values()).map(Kind::plural).toList())))));
  }
}
