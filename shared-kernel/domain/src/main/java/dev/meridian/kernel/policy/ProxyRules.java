package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the policies of a mesh mean for one proxy, merged: per kind, the conf of each outbound
 * service ({@code to}), the items of each inbound ({@code from}), the route rules of each outbound
 * service, and the clusters routes send to. Built by {@link RulesBuilder}; equal inputs give equal
 * rules, so a proxy whose rules did not change need not be regenerated.
 *
 * @param outbound kind → outbound service → merged {@code to} conf
 * @param inbound kind → inbound ({@code address:port}) → its {@code from} items in merge order
 * @param destination kind → outbound service → the {@code from} conf the called service applies to
 *     this caller (enforced by proxyless callers, whose servers have no sidecar)
 * @param httpRoutes outbound service → routes, most specific match first
 * @param tcpRoutes outbound service → where its connections go
 * @param backends cluster name → the backend it stands for, for every route backend
 * @param mtlsMode whether the proxy's mesh has mTLS on, and in which mode: only then do
 *     MeshTrafficPermissions apply (and an inbound no permission allows is closed)
 */
public record ProxyRules(
    Map<ResourceKind, Map<String, Rule>> outbound,
    Map<ResourceKind, Map<String, InboundRule>> inbound,
    Map<ResourceKind, Map<String, Rule>> destination,
    Map<String, List<RouteRule>> httpRoutes,
    Map<String, TcpRoute> tcpRoutes,
    Map<String, BackendRef> backends,
    MtlsMode mtlsMode) {

  public static final ProxyRules NONE =
      new ProxyRules(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  /**
   * The mesh's mTLS as its proxies serve it: off, strict (mutual TLS only) or permissive (plaintext
   * accepted too, while a mesh moves to mTLS).
   */
  public enum MtlsMode {
    OFF,
    STRICT,
    PERMISSIVE
  }

  /** Rules of a mesh without mTLS. */
  public ProxyRules(
      Map<ResourceKind, Map<String, Rule>> outbound,
      Map<ResourceKind, Map<String, InboundRule>> inbound,
      Map<ResourceKind, Map<String, Rule>> destination,
      Map<String, List<RouteRule>> httpRoutes,
      Map<String, TcpRoute> tcpRoutes,
      Map<String, BackendRef> backends) {
    this(outbound, inbound, destination, httpRoutes, tcpRoutes, backends, MtlsMode.OFF);
  }

  /** Whether the mesh has mTLS on (strict or permissive). */
  public boolean mtls() {
    return mtlsMode != MtlsMode.OFF;
  }

  public ProxyRules {
    outbound = Map.copyOf(outbound);
    inbound = Map.copyOf(inbound);
    destination = Map.copyOf(destination);
    httpRoutes = Map.copyOf(httpRoutes);
    tcpRoutes = Map.copyOf(tcpRoutes);
    backends = Map.copyOf(backends);
    mtlsMode = mtlsMode == null ? MtlsMode.OFF : mtlsMode;
  }

  /** A merged conf and the policies it came from, weakest first. */
  public record Rule(JsonNode conf, List<ResourceKey> policies) {
    public Rule {
      policies = List.copyOf(policies);
    }
  }

  /** One {@code from} item that applies to an inbound, with the policy it comes from. */
  public record FromItem(TargetRef from, JsonNode conf, ResourceKey policy) {}

  /** The {@code from} items of one inbound, in merge order. */
  public record InboundRule(List<FromItem> items) {
    public InboundRule {
      items = List.copyOf(items);
    }

    /** The conf every caller gets: items whose {@code from} is the whole mesh. */
    public Rule forAnyCaller() {
      List<JsonNode> confs = new ArrayList<>();
      List<ResourceKey> policies = new ArrayList<>();
      for (FromItem item : items) {
        if (item.from().kind() == TargetRefKind.Mesh) {
          confs.add(item.conf());
          if (!policies.contains(item.policy())) {
            policies.add(item.policy());
          }
        }
      }
      return new Rule(MergePatch.merge(confs), policies);
    }
  }

  /**
   * One route: a single match of a MeshHTTPRoute rule (a rule with several matches is several
   * routes), its merged {@code default} and where it sends traffic (empty: the service itself).
   */
  public record RouteRule(
      JsonNode match, JsonNode defaults, List<BackendRef> backendRefs, List<ResourceKey> policies) {
    public RouteRule {
      backendRefs = List.copyOf(backendRefs);
      policies = List.copyOf(policies);
    }
  }

  /** Where a tcp outbound's connections go, and the MeshTCPRoutes that say so. */
  public record TcpRoute(List<BackendRef> backendRefs, List<ResourceKey> policies) {
    public TcpRoute {
      backendRefs = List.copyOf(backendRefs);
      policies = List.copyOf(policies);
    }
  }

  /** The same rules with every inbound key renamed by {@code rename} (which must be one-to-one). */
  public ProxyRules withInboundKeys(java.util.function.UnaryOperator<String> rename) {
    Map<ResourceKind, Map<String, InboundRule>> renamed =
        new java.util.EnumMap<>(ResourceKind.class);
    inbound.forEach(
        (kind, rules) -> {
          Map<String, InboundRule> byKey = new java.util.HashMap<>();
          rules.forEach((key, rule) -> byKey.put(rename.apply(key), rule));
          renamed.put(kind, byKey);
        });
    return new ProxyRules(
        outbound, renamed, destination, httpRoutes, tcpRoutes, backends, mtlsMode);
  }

  /** The same rules without the inbound ones: all that outbound config is rendered from. */
  public ProxyRules withoutInbound() {
    return new ProxyRules(
        outbound, Map.of(), destination, httpRoutes, tcpRoutes, backends, mtlsMode);
  }

  /** The merged {@code to} conf of {@code kind} for an outbound service, if any policy has one. */
  public Optional<JsonNode> to(ResourceKind kind, String service) {
    return Optional.ofNullable(outbound.getOrDefault(kind, Map.of()).get(service)).map(Rule::conf);
  }

  /** The conf of {@code kind} every caller of the inbound at {@code address:port} gets. */
  public Optional<JsonNode> from(ResourceKind kind, String inboundKey) {
    InboundRule rule = inbound.getOrDefault(kind, Map.of()).get(inboundKey);
    if (rule == null) {
      return Optional.empty();
    }
    Rule merged = rule.forAnyCaller();
    return merged.policies().isEmpty() ? Optional.empty() : Optional.of(merged.conf());
  }

  /**
   * The MeshTrafficPermission rules of the inbound at {@code address:port}, merged per set of
   * callers; empty when the mesh has no mTLS (nothing is enforced then).
   */
  public Optional<List<TrafficPermissions.Rule>> permissions(String inboundKey) {
    if (!mtls()) {
      return Optional.empty();
    }
    InboundRule rule =
        inbound.getOrDefault(ResourceKind.MESH_TRAFFIC_PERMISSION, Map.of()).get(inboundKey);
    return Optional.of(rule == null ? List.of() : TrafficPermissions.merge(rule));
  }

  public Optional<JsonNode> destination(ResourceKind kind, String service) {
    return Optional.ofNullable(destination.getOrDefault(kind, Map.of()).get(service))
        .map(Rule::conf);
  }

  /** The service a cluster belongs to: a route backend's service, or the cluster's own name. */
  public String serviceOf(String cluster) {
    BackendRef backend = backends.get(cluster);
    return backend == null ? cluster : backend.service();
  }

  /** Every policy that contributes something to these rules. */
  public java.util.Set<ResourceKey> policies() {
    java.util.Set<ResourceKey> keys = new java.util.TreeSet<>();
    outbound.values().forEach(m -> m.values().forEach(r -> keys.addAll(r.policies())));
    destination.values().forEach(m -> m.values().forEach(r -> keys.addAll(r.policies())));
    inbound
        .values()
        .forEach(m -> m.values().forEach(r -> r.items().forEach(i -> keys.add(i.policy()))));
    httpRoutes.values().forEach(l -> l.forEach(r -> keys.addAll(r.policies())));
    tcpRoutes.values().forEach(r -> keys.addAll(r.policies()));
    return keys;
  }

  public static String inboundKey(String address, int port) {
    return address + ":" + port;
  }
}
