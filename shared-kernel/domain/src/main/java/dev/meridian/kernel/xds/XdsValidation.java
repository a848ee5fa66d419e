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
    return validate(resources, checked, XdsValidation::listenerChecks);
  }

  /**
   * As {@link #validate(XdsResources, java.util.function.Predicate)}, with each listener's own
   * checks taken from {@code listenerChecks} (a caller serving one listener to many proxies
   * computes them once per listener); only what the listener refers to is then looked up in {@code
   * resources}. The errors are the same, in the same order.
   */
  public static List<String> validate(
      XdsResources resources,
      java.util.function.Predicate<Message> checked,
      java.util.function.Function<Listener, ListenerChecks> listenerChecks) {
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
        .forEach(
            (name, message) -> {
              Listener listener = (Listener) message;
              // The checks name the listener as its key does; only equal names can share them.
              ListenerChecks checks =
                  name.equals(listener.getName())
                      ? listenerChecks.apply(listener)
                      : listenerChecks(name, listener);
              checks.applyTo(resources, errors);
            });
    return errors;
  }

  /**
   * A listener's checks: what is wrong with it on its own, and the clusters and route
   * configurations it refers to, in the order its validation reports them. Depends on the listener
   * only, so it can be kept for as long as the listener is.
   */
  public static final class ListenerChecks {
    private enum Needs {
      NOTHING,
      CLUSTER,
      ROUTE
    }

    private record Check(Needs needs, String name, String error) {}

    private final List<Check> checks = new ArrayList<>();

    private ListenerChecks() {}

    void applyTo(XdsResources resources, List<String> errors) {
      for (Check check : checks) {
        boolean failed =
            switch (check.needs()) {
              case NOTHING -> true;
              case CLUSTER -> !resources.clusters().containsKey(check.name());
              case ROUTE -> !resources.routes().containsKey(check.name());
            };
        if (failed) {
          errors.add(check.error());
        }
      }
    }
  }

  /** The checks of one listener, computed now. */
  public static ListenerChecks listenerChecks(Listener listener) {
    return listenerChecks(listener.getName(), listener);
  }

  private static ListenerChecks listenerChecks(String name, Listener listener) {
    ListenerChecks checks = new ListenerChecks();
    checkListener(
        name,
        listener,
        new Sink() {
          @Override
          public void error(String error) {
            checks.checks.add(new ListenerChecks.Check(ListenerChecks.Needs.NOTHING, null, error));
          }

          @Override
          public void needsCluster(String cluster, String error) {
            checks.checks.add(
                new ListenerChecks.Check(ListenerChecks.Needs.CLUSTER, cluster, error));
          }

          @Override
          public void needsRoute(String route, String error) {
            checks.checks.add(new ListenerChecks.Check(ListenerChecks.Needs.ROUTE, route, error));
          }
        });
    return checks;
  }

  /** Where checks report: an error, or one that holds unless a referenced resource exists. */
  private interface Sink {
    void error(String error);

    void needsCluster(String cluster, String error);

    void needsRoute(String route, String error);

    /** Checks against one proxy's resources right away. */
    static Sink of(XdsResources resources, List<String> errors) {
      return new Sink() {
        @Override
        public void error(String error) {
          errors.add(error);
        }

        @Override
        public void needsCluster(String cluster, String error) {
          if (!resources.clusters().containsKey(cluster)) {
            errors.add(error);
          }
        }

        @Override
        public void needsRoute(String route, String error) {
          if (!resources.routes().containsKey(route)) {
            errors.add(error);
          }
        }
      };
    }
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
    checkRouteTargets("route configuration " + name, config, Sink.of(resources, errors));
  }

  private static void checkRouteTargets(String where, RouteConfiguration config, Sink sink) {
    for (VirtualHost host : config.getVirtualHostsList()) {
      if (host.getDomainsCount() == 0) {
        sink.error(where + ": virtual host " + host.getName() + " has no domains");
      }
      for (Route route : host.getRoutesList()) {
        if (route.hasRoute() && !route.getRoute().getCluster().isEmpty()) {
          sink.needsCluster(
              route.getRoute().getCluster(),
              where + " routes to unknown cluster " + route.getRoute().getCluster());
        }
        if (route.hasRoute() && route.getRoute().hasWeightedClusters()) {
          long total = 0;
          for (var weighted : route.getRoute().getWeightedClusters().getClustersList()) {
            total += weighted.getWeight().getValue();
            sink.needsCluster(
                weighted.getName(), where + " splits to unknown cluster " + weighted.getName());
          }
          if (total == 0) {
            sink.error(where + " splits traffic with a total weight of 0");
          }
        }
      }
    }
  }

  private static void checkListener(String name, Listener listener, Sink sink) {
    String where = "listener " + name;
    if (!name.equals(listener.getName())) {
      sink.error(where + " is named " + listener.getName());
    }
    List<String> errors = new ArrayList<>();
    if (listener.hasApiListener()) {
      HttpConnectionManager manager =
          unpack(
              listener.getApiListener().getApiListener(),
              HttpConnectionManager.class,
              where,
              errors);
      errors.forEach(sink::error);
      if (manager != null) {
        checkManager(where, manager, sink);
      }
      return;
    }
    checkSocket(where, listener.getAddress().getSocketAddress(), errors);
    errors.forEach(sink::error);
    errors.clear();
    if (listener.getFilterChainsCount() == 0) {
      sink.error(where + " has no filter chain");
    }
    for (FilterChain chain : listener.getFilterChainsList()) {
      for (Filter filter : chain.getFiltersList()) {
        if (!filter.hasTypedConfig()) {
          sink.error(where + ": filter " + filter.getName() + " has no typed_config");
          continue;
        }
        if (isType(filter.getTypedConfig(), HttpConnectionManager.getDescriptor())) {
          HttpConnectionManager manager =
              unpack(filter.getTypedConfig(), HttpConnectionManager.class, where, errors);
          errors.forEach(sink::error);
          errors.clear();
          if (manager != null) {
            checkManager(where, manager, sink);
          }
        } else if (isType(filter.getTypedConfig(), TcpProxy.getDescriptor())) {
          TcpProxy proxy = unpack(filter.getTypedConfig(), TcpProxy.class, where, errors);
          errors.forEach(sink::error);
          errors.clear();
          if (proxy != null && proxy.hasWeightedClusters()) {
            for (var weighted : proxy.getWeightedClusters().getClustersList()) {
              sink.needsCluster(
                  weighted.getName(),
                  where + ": tcp_proxy splits to unknown cluster " + weighted.getName());
            }
          } else if (proxy != null) {
            sink.needsCluster(
                proxy.getCluster(), where + ": tcp_proxy to unknown cluster " + proxy.getCluster());
          }
        }
      }
    }
  }

  private static void checkManager(String where, HttpConnectionManager manager, Sink sink) {
    int filters = manager.getHttpFiltersCount();
    if (filters == 0
        || !manager.getHttpFilters(filters - 1).hasTypedConfig()
        || !manager.getHttpFilters(filters - 1).getName().equals("envoy.filters.http.router")) {
      sink.error(where + ": the last HTTP filter must be the router, with a typed_config");
    }
    if (manager.hasRds()) {
      sink.needsRoute(
          manager.getRds().getRouteConfigName(),
          where
              + ": RDS names unknown route configuration "
              + manager.getRds().getRouteConfigName());
    }
    if (manager.hasRouteConfig()) {
      checkRouteTargets(where, manager.getRouteConfig(), sink);
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
