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
    return name(WILDCARD, port);
  }

  /** The listener a server bound to {@code address}:{@code port} asks for. */
  static String name(String address, int port) {
    String host = address.contains(":") ? "[" + address + "]" : address;
    return Bootstrap.GRPC_SERVER_LISTENER_TEMPLATE.replace("%s", host + ":" + port);
  }

  static Listener of(String service, int port, HttpFilter rbac) {
    return of(service, WILDCARD, port, rbac);
  }

  /** The listener of a server bound to {@code address} ({@code XdsServerBuilder.forAddress}). */
  static Listener of(String service, String address, int port, HttpFilter rbac) {
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
        .setName(name(address, port))
        .setAddress(
            Address.newBuilder()
                .setSocketAddress(
                    SocketAddress.newBuilder().setAddress(address).setPortValue(port)))
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

  /** As above, for a server bound to the inbound's own address rather than every address. */
  static Listener of(
      String mesh,
      String service,
      String address,
      int port,
      List<TrafficPermissions.Rule> permissions) {
    return of(service, address, port, TrafficPermissionFilters.grpcServer(mesh, permissions));
  }
}
