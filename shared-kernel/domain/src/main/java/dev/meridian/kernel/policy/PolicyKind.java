package dev.meridian.kernel.policy;

import static dev.meridian.kernel.policy.TargetRefKind.Mesh;
import static dev.meridian.kernel.policy.TargetRefKind.MeshGateway;
import static dev.meridian.kernel.policy.TargetRefKind.MeshService;
import static dev.meridian.kernel.policy.TargetRefKind.MeshServiceSubset;
import static dev.meridian.kernel.policy.TargetRefKind.MeshSubset;

import dev.meridian.kernel.resource.ResourceKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What each policy kind allows, as in Kuma 2.4: the kinds its top-level, {@code to} and {@code
 * from} targetRefs may use (an empty list: the section is not allowed), whether its {@code to}
 * items carry route {@code rules} instead of a {@code default}, and the shape of its conf.
 */
public record PolicyKind(
    ResourceKind kind,
    List<TargetRefKind> topKinds,
    List<TargetRefKind> toKinds,
    List<TargetRefKind> fromKinds,
    boolean routes,
    Schema conf,
    ConfRules rules) {

  private static final List<TargetRefKind> ALL_TOP =
      List.of(Mesh, MeshSubset, MeshService, MeshServiceSubset, MeshGateway);
  private static final List<TargetRefKind> CALLERS =
      List.of(Mesh, MeshSubset, MeshService, MeshServiceSubset);

  private static final Map<ResourceKind, PolicyKind> KINDS = new EnumMap<>(ResourceKind.class);

  static {
    add(
        new PolicyKind(
            ResourceKind.MESH_TIMEOUT,
            ALL_TOP,
            List.of(Mesh, MeshService),
            List.of(Mesh),
            false,
            ConfSchemas.TIMEOUT,
            ConfRules.TIMEOUT));
    add(
        new PolicyKind(
            ResourceKind.MESH_RETRY,
            ALL_TOP,
            List.of(Mesh, MeshService),
            List.of(),
            false,
            ConfSchemas.RETRY,
            ConfRules.RETRY));
    add(
        new PolicyKind(
            ResourceKind.MESH_CIRCUIT_BREAKER,
            ALL_TOP,
            List.of(Mesh, MeshService),
            List.of(Mesh),
            false,
            ConfSchemas.CIRCUIT_BREAKER,
            ConfRules.CIRCUIT_BREAKER));
    add(
        new PolicyKind(
            ResourceKind.MESH_HEALTH_CHECK,
            ALL_TOP,
            List.of(Mesh, MeshService),
            List.of(),
            false,
            ConfSchemas.HEALTH_CHECK,
            ConfRules.HEALTH_CHECK));
    add(
        new PolicyKind(
            ResourceKind.MESH_LOAD_BALANCING_STRATEGY,
            ALL_TOP,
            List.of(Mesh, MeshService),
            List.of(),
            false,
            ConfSchemas.LOAD_BALANCING,
            ConfRules.LOAD_BALANCING));
    add(
        new PolicyKind(
            ResourceKind.MESH_HTTP_ROUTE,
            List.of(Mesh, MeshSubset, MeshService, MeshServiceSubset),
            List.of(MeshService),
            List.of(),
            true,
            ConfSchemas.HTTP_ROUTE_RULE,
            ConfRules.HTTP_ROUTE_RULE));
    add(
        new PolicyKind(
            ResourceKind.MESH_TCP_ROUTE,
            List.of(Mesh, MeshSubset, MeshService, MeshServiceSubset),
            List.of(MeshService),
            List.of(),
            true,
            ConfSchemas.TCP_ROUTE_RULE,
            ConfRules.TCP_ROUTE_RULE));
    add(
        new PolicyKind(
            ResourceKind.MESH_FAULT_INJECTION,
            List.of(Mesh, MeshSubset, MeshService, MeshServiceSubset),
            List.of(),
            CALLERS,
            false,
            ConfSchemas.FAULT_INJECTION,
            ConfRules.FAULT_INJECTION));
    add(
        new PolicyKind(
            ResourceKind.MESH_RATE_LIMIT,
            List.of(Mesh, MeshSubset, MeshService, MeshServiceSubset),
            List.of(),
            List.of(Mesh),
            false,
            ConfSchemas.RATE_LIMIT,
            ConfRules.RATE_LIMIT));
    add(
        new PolicyKind(
            ResourceKind.MESH_TRAFFIC_PERMISSION,
            List.of(Mesh, MeshSubset, MeshService, MeshServiceSubset),
            List.of(),
            CALLERS,
            false,
            ConfSchemas.TRAFFIC_PERMISSION,
            ConfRules.TRAFFIC_PERMISSION));
  }

  private static void add(PolicyKind kind) {
    KINDS.put(kind.kind(), kind);
  }

  public static PolicyKind of(ResourceKind kind) {
    PolicyKind policyKind = KINDS.get(kind);
    if (policyKind == null) {
      throw new IllegalArgumentException(kind + " is not a policy kind");
    }
    return policyKind;
  }

  public boolean allowsTo() {
    return !toKinds.isEmpty();
  }

  public boolean allowsFrom() {
    return !fromKinds.isEmpty();
  }
}
