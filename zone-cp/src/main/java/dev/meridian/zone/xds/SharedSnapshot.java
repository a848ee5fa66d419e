package dev.meridian.zone.xds;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;
import java.util.Map;

/**
 * A snapshot built from already-versioned resources. {@code Snapshot.create} wraps every resource
 * of every snapshot anew; this one takes sets of resources the zone shares across proxies ({@link
 * ResourceSets}), so a resource served to 10,000 proxies is held once with its version.
 */
final class SharedSnapshot extends Snapshot {
  private final SnapshotResources<Cluster> clusters;
  private final SnapshotResources<ClusterLoadAssignment> endpoints;
  private final SnapshotResources<Listener> listeners;
  private final SnapshotResources<RouteConfiguration> routes;
  private final SnapshotResources<Secret> secrets;

  SharedSnapshot(
      SnapshotResources<Cluster> clusters,
      SnapshotResources<ClusterLoadAssignment> endpoints,
      SnapshotResources<Listener> listeners,
      SnapshotResources<RouteConfiguration> routes,
      SnapshotResources<Secret> secrets) {
    this.clusters = clusters;
    this.secrets = secrets;
    this.endpoints = endpoints;
    this.listeners = listeners;
    this.routes = routes;
  }

  @Override
  public SnapshotResources<Cluster> clusters() {
    return clusters;
  }

  @Override
  public SnapshotResources<ClusterLoadAssignment> endpoints() {
    return endpoints;
  }

  @Override
  public SnapshotResources<Listener> listeners() {
    return listeners;
  }

  @Override
  public SnapshotResources<RouteConfiguration> routes() {
    return routes;
  }

  @Override
  public SnapshotResources<Secret> secrets() {
    return secrets;
  }

  // Snapshot and v3.Snapshot declare this with generic return types javac will not reconcile in a
  // subclass; the raw type satisfies both (same erasure, same behaviour).
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Map versionedResources(Resources.ResourceType type) {
    SnapshotResources<?> resources =
        switch (type) {
          case CLUSTER -> clusters;
          case ENDPOINT -> endpoints;
          case LISTENER -> listeners;
          case ROUTE -> routes;
          case SECRET -> secrets;
          default -> SnapshotResources.create(List.of(), "");
        };
    return (Map) resources.versionedResources();
  }
}
