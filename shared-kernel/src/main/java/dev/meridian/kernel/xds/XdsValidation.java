package dev.meridian.kernel.xds;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a proxy's resources before they are served. A config a proxy would reject must never be
 * set: the cache would re-send it after every NACK. Checks what the generator can get wrong —
 * dangling references, missing typed configs, impossible addresses — not all of Envoy's rules.
 */
public final class XdsValidation {
  private XdsValidation() {}

  public static List<String> validate(XdsResources resources) {
    return validate(resources, message -> false);
  }

  /**
   * As {@link #validate(XdsResources)}, but endpoints already {@code checked} (shared ones, checked
   * once when rendered) only have their name checked, not every endpoint again.
   */
  public static List<String> validate(
      XdsResources resources, java.util.function.Predicate<Message> checked) {
    List<String> errors = new ArrayList<>();
    resources
        .clusters()
        .forEach((name, message) -> checkCluster(name, (Cluster) message, resources, errors));
    resources
        .endpoints()
        .forEach(
            (name, message) -> {
              ClusterLoadAssignment assignment = (ClusterLoadAssignment) message;
              if (!checked.test(message)) {
                checkEndpoints(name, assignment, errors);
              } else if (!name.equals(assignment.getClusterName())) {
                errors.add("endpoints " + name + " are for cluster " + assignment.getClusterName());
              }
            });
    resources
        .routes()
        .forEach(
            (name, message) -> checkRoutes(name, (RouteConfiguration) message, resources, errors));
    resources
        .listeners()
        .forEach((name, message) -> checkListener(name, (Listener) message, resources, errors));
    return errors;
  }

  private static void checkCluster(
      String name, Cluster cluster, XdsResources resources, List<String> errors) {
    if (!name.equals(cluster.getName())) {
      errors.add("cluster " + name + " is named " + cluster.getName());
    }
    if (cluster.getType() == Cluster.DiscoveryType.EDS
        && !resources.endpoints().containsKey(name)) {
      errors.add("EDS cluster " + name + " has no endpoints resource");
    }
    if (cluster.hasLoadAssignment()) {
      checkEndpoints(name, cluster.getLoadAssignment(), errors);
    }
  }

  /** Checks one service's endpoints on their own: weights, IP literals and ports. */
  public static List<String> checkEndpoints(ClusterLoadAssignment assignment) {
    List<String> errors = new ArrayList<>();
    checkEndpoints(assignment.getClusterName(), assignment, errors);
    return errors;
  }

  private static void checkEndpoints(
      String name, ClusterLoadAssignment assignment, List<String> errors) {
    if (!name.equals(assignment.getClusterName())) {
      errors.add("endpoints " + name + " are for cluster " + assignment.getClusterName());
    }
    for (LocalityLbEndpoints locality : assignment.getEndpointsList()) {
      if (locality.hasLoadBalancingWeight() && locality.getLoadBalancingWeight().getValue() < 1) {
        errors.add(
            "endpoints "
                + name
                + ": locality "
                + locality.getLocality().getZone()
                + " has weight 0");
      }
      for (LbEndpoint endpoint : locality.getLbEndpointsList()) {
        checkSocket(
            "endpoints " + name, endpoint.getEndpoint().getAddress().getSocketAddress(), errors);
      }
    }
  }

  private static void checkRoutes(
      String name, RouteConfiguration config, XdsResources resources, List<String> errors) {
    if (!name.equals(config.getName())) {
      errors.add("route configuration " + name + " is named " + config.getName());
    }
    checkRouteTargets("route configuration " + name, config, resources, errors);
  }

  private static void checkRouteTargets(
      String where, RouteConfiguration config, XdsResources resources, List<String> errors) {
    for (VirtualHost host : config.getVirtualHostsList()) {
      if (host.getDomainsCount() == 0) {
        errors.add(where + ": virtual host " + host.getName() + " has no domains");
      }
      for (Route route : host.getRoutesList()) {
        if (route.hasRoute()
            && !route.getRoute().getCluster().isEmpty()
            && !resources.clusters().containsKey(route.getRoute().getCluster())) {
          errors.add(where + " routes to unknown cluster " + route.getRoute().getCluster());
        }
        if (route.hasRoute() && route.getRoute().hasWeightedClusters()) {
          long total = 0;
          for (var weighted : route.getRoute().getWeightedClusters().getClustersList()) {
            total += weighted.getWeight().getValue();
            if (!resources.clusters().containsKey(weighted.getName())) {
              errors.add(where + " splits to unknown cluster " + weighted.getName());
            }
          }
          if (total == 0) {
            errors.add(where + " splits traffic with a total weight of 0");
          }
        }
      }
    }
  }

  private static void checkListener(
      String name, Listener listener, XdsResources resources, List<String> errors) {
    String where = "listener " + name;
    if (!name.equals(listener.getName())) {
      errors.add(where + " is named " + listener.getName());
    }
    if (listener.hasApiListener()) {
      HttpConnectionManager manager =
          unpack(
              listener.getApiListener().getApiListener(),
              HttpConnectionManager.class,
              where,
              errors);
      if (manager != null) {
        checkManager(where, manager, resources, errors);
      }
      return;
    }
    checkSocket(where, listener.getAddress().getSocketAddress(), errors);
    if (listener.getFilterChainsCount() == 0) {
      errors.add(where + " has no filter chain");
    }
    for (FilterChain chain : listener.getFilterChainsList()) {
      for (Filter filter : chain.getFiltersList()) {
        if (!filter.hasTypedConfig()) {
          errors.add(where + ": filter " + filter.getName() + " has no typed_config");
          continue;
        }
        if (isType(filter.getTypedConfig(), HttpConnectionManager.getDescriptor())) {
          HttpConnectionManager manager =
              unpack(filter.getTypedConfig(), HttpConnectionManager.class, where, errors);
          if (manager != null) {
            checkManager(where, manager, resources, errors);
          }
        } else if (isType(filter.getTypedConfig(), TcpProxy.getDescriptor())) {
          TcpProxy proxy = unpack(filter.getTypedConfig(), TcpProxy.class, where, errors);
          if (proxy != null && proxy.hasWeightedClusters()) {
            for (var weighted : proxy.getWeightedClusters().getClustersList()) {
              if (!resources.clusters().containsKey(weighted.getName())) {
                errors.add(where + ": tcp_proxy splits to unknown cluster " + weighted.getName());
              }
            }
          } else if (proxy != null && !resources.clusters().containsKey(proxy.getCluster())) {
            errors.add(where + ": tcp_proxy to unknown cluster " + proxy.getCluster());
          }
        }
      }
    }
  }

  private static void checkManager(
      String where, HttpConnectionManager manager, XdsResources resources, List<String> errors) {
    int filters = manager.getHttpFiltersCount();
    if (filters == 0
        || !manager.getHttpFilters(filters - 1).hasTypedConfig()
        || !manager.getHttpFilters(filters - 1).getName().equals("envoy.filters.http.router")) {
      errors.add(where + ": the last HTTP filter must be the router, with a typed_config");
    }
    if (manager.hasRds()
        && !resources.routes().containsKey(manager.getRds().getRouteConfigName())) {
      errors.add(
          where
              + ": RDS names unknown route configuration "
              + manager.getRds().getRouteConfigName());
    }
    if (manager.hasRouteConfig()) {
      checkRouteTargets(where, manager.getRouteConfig(), resources, errors);
    }
  }

  private static void checkSocket(String where, SocketAddress socket, List<String> errors) {
    if (!dev.meridian.kernel.validation.Addresses.isIp(socket.getAddress())) {
      errors.add(where + ": " + socket.getAddress() + " is not an IP address");
    }
    if (socket.getPortValue() < 1 || socket.getPortValue() > 65535) {
      errors.add(where + ": port " + socket.getPortValue() + " is out of range");
    }
  }

  /** {@code Any.is} without its reflective look-up of the type's default instance. */
  private static boolean isType(
      com.google.protobuf.Any any, com.google.protobuf.Descriptors.Descriptor type) {
    String url = any.getTypeUrl();
    return url.substring(url.lastIndexOf('/') + 1).equals(type.getFullName());
  }

  /**
   * Parses a typed config without {@code Any.unpack}, which would cache the parsed message inside
   * the long-lived, shared Any and so keep a second copy of every listener's config in memory.
   */
  @SuppressWarnings("unchecked")
  private static <T extends Message> T unpack(
      com.google.protobuf.Any any, Class<T> type, String where, List<String> errors) {
    try {
      // The two types checked here get their parser directly: looking the default instance up by
      // class goes through reflection on every call.
      com.google.protobuf.Parser<? extends Message> parser =
          type == HttpConnectionManager.class
              ? HttpConnectionManager.parser()
              : type == TcpProxy.class
                  ? TcpProxy.parser()
                  : com.google.protobuf.Internal.getDefaultInstance(type).getParserForType();
      return (T) parser.parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      errors.add(where + ": unreadable " + type.getSimpleName());
      return null;
    }
  }
}
