package dev.meridian.kernel.xds.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.xds.Protocol;
import dev.meridian.kernel.xds.ProxyModel;
import dev.meridian.kernel.xds.SharedResources;
import dev.meridian.kernel.xds.XdsResources;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import dev.meridian.kernel.xds.policy.ClusterPolicies;
import dev.meridian.kernel.xds.policy.HttpRoutes;
import dev.meridian.kernel.xds.policy.InboundFilters;
import dev.meridian.kernel.xds.policy.OutboundPolicies;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SelfConfigSource;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders a proxy model for a gRPC client with a built-in xDS resolver ({@code xds:///<service>}
 * targets): per outbound service, an api_listener named after the service, its route configuration
 * over RDS, an EDS cluster and its endpoints. Shaped to what grpc-java accepts: the router is the
 * last HTTP filter and has a typed config; clusters are EDS over ADS; every locality has a weight
 * of at least 1; endpoints are IP literals. With mTLS on, each inbound also gets the listener a
 * grpc-java xDS server reads ({@link GrpcServerListener}), with its MeshTrafficPermission RBAC.
 */
public final class GrpcProxylessRenderer {
  static final String ROUTER_FILTER = "envoy.filters.http.router";
  static final String GRPC_LISTENER = "grpc-listener";
  static final String GRPC_ROUTE = "grpc-route";
  static final String GRPC_CLUSTER = "grpc-cluster";

  private GrpcProxylessRenderer() {}

  public static XdsResources render(ProxyModel model) {
    return render(model, SharedResources.NONE);
  }

  /** Renders with each service's resources taken from {@code shared}. */
  public static XdsResources render(ProxyModel model, SharedResources shared) {
    SortedMap<String, Message> listeners = new TreeMap<>();
    SortedMap<String, Message> routes = new TreeMap<>();
    SortedMap<String, Message> clusters = new TreeMap<>();
    SortedMap<String, Message> endpoints = new TreeMap<>();
    ProxyRules rules = model.rules();
    Set<String> outbound = new HashSet<>();
    model.outbounds().forEach(o -> outbound.add(o.service()));
    for (ProxyModel.ServiceCluster cluster : model.clusters()) {
      String service = cluster.service();
      if (outbound.contains(service) || model.outbounds().isEmpty()) {
        List<HttpFilter> faults =
            rules
                .destination(ResourceKind.MESH_FAULT_INJECTION, service)
                .map(InboundFilters::faults)
                .orElse(List.of());
        listeners.put(
            service,
            faults.isEmpty()
                ? shared.get(GRPC_LISTENER, cluster, c -> listener(c.service()))
                : listener(service, faults));
        routes.put(
            service,
            routedByPolicies(rules, service)
                ? routeConfiguration(
                    service, HttpRoutes.routes(service, rules, Protocol.GRPC, true, ""))
                : shared.get(GRPC_ROUTE, cluster, c -> routeConfiguration(c.service())));
      }
      String owner = rules.serviceOf(service);
      Cluster rendered =
          ClusterPolicies.apply(
              shared.get(GRPC_CLUSTER, cluster, c -> cluster(c.service())),
              OutboundPolicies.clusterConfs(rules, owner),
              Protocol.GRPC,
              true);
      // Under mTLS the client proves who it is and checks whom it reached (after the shared
      // cluster: whether the mesh has mTLS is the proxy's, not the service's).
      clusters.put(
          service, rules.mtls() ? GrpcMtls.client(rendered, model.mesh(), service) : rendered);
      // EDS is one format for both renderings; sharing it lets the zone hold each service's
      // endpoints once for Envoy and gRPC proxies alike.
      endpoints.put(
          service,
          OutboundPolicies.endpoints(
              shared.get(
                  EnvoySidecarRenderer.ENDPOINTS, cluster, EnvoySidecarRenderer::loadAssignment),
              rules,
              owner,
              model.zone()));
    }
    serverListeners(model, listeners);
    return new XdsResources(listeners, routes, clusters, endpoints);
  }

  /**
   * With mTLS on, one server listener per inbound carrying its traffic permissions (gRFC A36, read
   * by {@code XdsServerBuilder}); without mTLS there is nothing for a server to enforce and none is
   * rendered.
   */
  private static void serverListeners(ProxyModel model, SortedMap<String, Message> listeners) {
    ProxyRules rules = model.rules();
    for (ProxyModel.Inbound inbound : model.inbounds()) {
      rules
          .permissions(ProxyRules.inboundKey(inbound.address(), inbound.port()))
          .ifPresent(
              permissions -> {
                // Whether the server binds every address (forPort) or the inbound's own
                // (forAddress), it finds its listener.
                listeners.putIfAbsent(
                    GrpcServerListener.name(inbound.port()),
                    GrpcServerListener.of(
                        model.mesh(), inbound.service(), inbound.port(), permissions));
                if (inbound.address() != null
                    && !inbound.address().equals(GrpcServerListener.WILDCARD)) {
                  listeners.putIfAbsent(
                      GrpcServerListener.name(inbound.address(), inbound.port()),
                      GrpcServerListener.of(
                          model.mesh(),
                          inbound.service(),
                          inbound.address(),
                          inbound.port(),
                          permissions));
                }
              });
    }
  }

  /** Whether any policy shapes the routes of {@code service} (else the shared ones serve). */
  private static boolean routedByPolicies(ProxyRules rules, String service) {
    return rules.httpRoutes().containsKey(service)
        || rules.to(ResourceKind.MESH_TIMEOUT, service).isPresent()
        || rules.to(ResourceKind.MESH_RETRY, service).isPresent()
        || rules.to(ResourceKind.MESH_LOAD_BALANCING_STRATEGY, service).isPresent();
  }

  static ConfigSource ads() {
    return ConfigSource.newBuilder()
        .setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3)
        .build();
  }

  static Listener listener(String service) {
    return listener(service, List.of());
  }

  /** The api_listener of a service; {@code before} are HTTP filters ahead of the router. */
  static Listener listener(String service, List<HttpFilter> before) {
    HttpConnectionManager manager =
        HttpConnectionManager.newBuilder()
            .setStatPrefix(service)
            .setRds(Rds.newBuilder().setConfigSource(ads()).setRouteConfigName(service))
            .addAllHttpFilters(before)
            .addHttpFilters(
                HttpFilter.newBuilder()
                    .setName(ROUTER_FILTER)
                    .setTypedConfig(Any.pack(Router.getDefaultInstance())))
            .build();
    return Listener.newBuilder()
        .setName(service)
        .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(manager)))
        .build();
  }

  static RouteConfiguration routeConfiguration(String service) {
    return routeConfiguration(
        service,
        List.of(
            Route.newBuilder()
                .setMatch(RouteMatch.newBuilder().setPrefix(""))
                .setRoute(RouteAction.newBuilder().setCluster(service))
                .build()));
  }

  static RouteConfiguration routeConfiguration(String service, List<Route> routes) {
    return RouteConfiguration.newBuilder()
        .setName(service)
        .addVirtualHosts(
            VirtualHost.newBuilder().setName(service).addDomains("*").addAllRoutes(routes))
        .build();
  }

  /**
   * The EDS cluster of a service. It reports load to the control plane itself: grpc-java counts a
   * cluster's in-flight requests (and so enforces a MeshCircuitBreaker's max_requests) only for
   * clusters that report load, and decides that once, when the cluster is first seen — so every
   * cluster reports, and a circuit breaker added later takes effect at once.
   */
  static Cluster cluster(String service) {
    return Cluster.newBuilder()
        .setName(service)
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ads()))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .setLrsServer(
            ConfigSource.newBuilder()
                .setSelf(SelfConfigSource.getDefaultInstance())
                .setResourceApiVersion(ApiVersion.V3))
        .build();
  }
}
