package dev.meridian.kernel.xds.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.policy.BackendRef;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.resource.ResourceKind;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.List;

/** The {@code to} policies of an outbound service, as its clusters, endpoints and tcp_proxy. */
public final class OutboundPolicies {
  private OutboundPolicies() {}

  public static ClusterPolicies.Confs4 clusterConfs(ProxyRules rules, String service) {
    return new ClusterPolicies.Confs4(
        rules.to(ResourceKind.MESH_TIMEOUT, service).orElse(null),
        rules.to(ResourceKind.MESH_CIRCUIT_BREAKER, service).orElse(null),
        rules.to(ResourceKind.MESH_HEALTH_CHECK, service).orElse(null),
        rules.to(ResourceKind.MESH_LOAD_BALANCING_STRATEGY, service).orElse(null));
  }

  /** The service's endpoints, local zone first when its load balancing is locality aware. */
  public static ClusterLoadAssignment endpoints(
      ClusterLoadAssignment assignment, ProxyRules rules, String service, String zone) {
    JsonNode lb = rules.to(ResourceKind.MESH_LOAD_BALANCING_STRATEGY, service).orElse(null);
    return LocalityPriorities.enabled(lb) ? LocalityPriorities.apply(assignment, zone) : assignment;
  }

  /** A tcp outbound: MeshTCPRoute's split, MeshTimeout's idle timeout, MeshRetry's attempts. */
  public static TcpProxy tcpProxy(String statPrefix, String service, ProxyRules rules) {
    TcpProxy.Builder proxy = TcpProxy.newBuilder().setStatPrefix(statPrefix);
    List<BackendRef> backends =
        rules.tcpRoutes().containsKey(service)
            ? rules.tcpRoutes().get(service).backendRefs()
            : List.of();
    if (backends.size() > 1) {
      TcpProxy.WeightedCluster.Builder split = TcpProxy.WeightedCluster.newBuilder();
      for (BackendRef backend : backends) {
        split.addClusters(
            TcpProxy.WeightedCluster.ClusterWeight.newBuilder()
                .setName(backend.clusterName())
                .setWeight(backend.weight()));
      }
      proxy.setWeightedClusters(split);
    } else {
      proxy.setCluster(backends.isEmpty() ? service : backends.get(0).clusterName());
    }
    rules
        .to(ResourceKind.MESH_TIMEOUT, service)
        .ifPresent(conf -> Confs.idleTimeout(conf, proxy::setIdleTimeout));
    rules
        .to(ResourceKind.MESH_RETRY, service)
        .ifPresent(
            conf -> Confs.ifUInt32(conf, "/tcp/maxConnectAttempt", proxy::setMaxConnectAttempts));
    return proxy.build();
  }
}
