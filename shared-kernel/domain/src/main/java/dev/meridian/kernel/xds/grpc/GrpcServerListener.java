package dev.meridian.kernel.xds.grpc;

import dev.meridian.kernel.policy.TrafficPermissions;
import dev.meridian.kernel.xds.Bootstrap;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import dev.meridian.kernel.xds.policy.TrafficPermissionFilters;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.NonForwardingAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;

/**
 * The listener a grpc-java {@code XdsServerBuilder} server asks for (gRFC A36): named by the
 * bootstrap's {@link Bootstrap#GRPC_SERVER_LISTENER_TEMPLATE} with the address it listens on — the
 * wildcard address and the inbound's port, as {@code XdsServerBuilder.forPort} binds — holding one
 * filter chain, mTLS only ({@link GrpcMtls#server}), whose connection manager runs the inbound's
 * RBAC and then hands every call to the service (a route with {@code non_forwarding_action}, the
 * only action a server accepts).
 */
final class GrpcServerListener {
  static final String WILDCARD = "0.0.0.0";

  private GrpcServerListener() {}

  static String name(int port) {
    return Bootstrap.GRPC_SERVER_LISTENER_TEMPLATE.replace("%s", WILDCARD + ":" + port);
  }

  static Listener of(String service, int port, HttpFilter rbac) {
    RouteConfiguration routes =
        RouteConfiguration.newBuilder()
            .setName("inbound:" + service)
            .addVirtualHosts(
                VirtualHost.newBuilder()
                    .setName(service)
                    .addDomains("*")
                    .addRoutes(
                        Route.newBuilder()
                            .setMatch(RouteMatch.newBuilder().setPrefix(""))
                            .setNonForwardingAction(NonForwardingAction.getDefaultInstance())))
            .build();
    HttpConnectionManager manager =
        HttpConnectionManager.newBuilder()
            .setStatPrefix("inbound:" + service)
            .setRouteConfig(routes)
            .addAllHttpFilters(
                List.of(
                    rbac,
                    HttpFilter.newBuilder()
                        .setName(GrpcProxylessRenderer.ROUTER_FILTER)
                        .setTypedConfig(EnvoySidecarRenderer.pack(Router.getDefaultInstance()))
                        .build()))
            .build();
    return Listener.newBuilder()
        .setName(name(port))
        .setAddress(
            Address.newBuilder()
                .setSocketAddress(
                    SocketAddress.newBuilder().setAddress(WILDCARD).setPortValue(port)))
        .addFilterChains(
            FilterChain.newBuilder()
                .setTransportSocket(GrpcMtls.server())
                .addFilters(
                    Filter.newBuilder()
                        .setName("envoy.filters.network.http_connection_manager")
                        .setTypedConfig(EnvoySidecarRenderer.pack(manager))))
        .build();
  }

  /** The server listener of an inbound with its traffic permissions. */
  static Listener of(
      String mesh, String service, int port, List<TrafficPermissions.Rule> permissions) {
    return of(service, port, TrafficPermissionFilters.grpcServer(mesh, permissions));
  }
}
