package dev.meridian.kernel.xds.envoy;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.kernel.xds.ProxyModel;
import dev.meridian.kernel.xds.ServiceEndpoints;
import dev.meridian.kernel.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Renders a zone's {@code ZoneIngress} Envoy: one listener on the ingress address whose filter
 * chains are picked by SNI, one per (mesh, service) the ingress offers ({@code
 * <service>{mesh=<mesh>}}, what sidecars of other zones ask for), each passing the connection
 * through, still encrypted, to an EDS cluster of that service's endpoints in this zone. The ingress
 * never terminates TLS: the caller's and the callee's sidecars authenticate each other end to end,
 * so it holds no certificate. Clusters are named {@code <mesh>:<service>}, as services of several
 * meshes meet here.
 *
 * <p>A pure function of the ingress, this zone's name and each mesh's endpoints.
 */
public final class ZoneIngressRenderer {
  private ZoneIngressRenderer() {}

  /** The name of an ingress cluster: services of several meshes meet on one ingress. */
  public static String clusterName(String mesh, String service) {
    return mesh + ":" + service;
  }

  public static XdsResources render(
      ZoneIngressSpec ingress, String localZone, Function<String, ServiceEndpoints> endpoints) {
    SortedMap<String, com.google.protobuf.Message> listeners = new TreeMap<>();
    SortedMap<String, com.google.protobuf.Message> clusters = new TreeMap<>();
    SortedMap<String, com.google.protobuf.Message> assignments = new TreeMap<>();
    // (mesh, service), each once, in order: the same offer always gives the same config.
    TreeSet<List<String>> offered =
        new TreeSet<>(
            java.util.Comparator.<List<String>, String>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1)));
    for (ZoneIngressSpec.AvailableService available : ingress.services()) {
      String service =
          available.tags() == null ? null : available.tags().get(DataplaneSpec.SERVICE_TAG);
      if (service != null && available.mesh() != null) {
        offered.add(List.of(available.mesh(), service));
      }
    }
    ZoneIngressSpec.Networking net = ingress.networking();
    String address = net.address();
    int port = net.port() == null ? 0 : net.port();
    Listener.Builder listener =
        Listener.newBuilder()
            .setName(EnvoyNames.inboundListener(address, port))
            .setAddress(
                Address.newBuilder()
                    .setSocketAddress(
                        SocketAddress.newBuilder().setAddress(address).setPortValue(port)))
            .setTrafficDirection(TrafficDirection.INBOUND)
            .addListenerFilters(EnvoyMtls.tlsInspector());
    for (List<String> offer : offered) {
      String mesh = offer.get(0);
      String service = offer.get(1);
      String cluster = clusterName(mesh, service);
      listener.addFilterChains(
          FilterChain.newBuilder()
              .setFilterChainMatch(
                  FilterChainMatch.newBuilder().addServerNames(EnvoyMtls.sni(mesh, service)))
              .addFilters(
                  Filter.newBuilder()
                      .setName(EnvoyNames.TCP_PROXY)
                      .setTypedConfig(
                          EnvoySidecarRenderer.pack(
                              TcpProxy.newBuilder()
                                  .setStatPrefix(EnvoyNames.statPrefix(cluster))
                                  .setCluster(cluster)
                                  .build()))));
      clusters.put(cluster, cluster(cluster));
      assignments.put(cluster, localEndpoints(cluster, service, localZone, endpoints.apply(mesh)));
    }
    if (offered.isEmpty()) {
      // Nothing offered yet: a chain with no filters, so Envoy binds the port and closes
      // connections until a service appears (a listener needs at least one chain).
      listener.addFilterChains(FilterChain.getDefaultInstance());
    }
    listeners.put(listener.getName(), listener.build());
    return new XdsResources(listeners, new TreeMap<>(), clusters, assignments);
  }

  private static Cluster cluster(String name) {
    return Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(
            Cluster.EdsClusterConfig.newBuilder()
                .setEdsConfig(
                    ConfigSource.newBuilder()
                        .setAds(AggregatedConfigSource.getDefaultInstance())
                        .setResourceApiVersion(ApiVersion.V3)))
        .setConnectTimeout(EnvoySidecarRenderer.SERVICE_CONNECT_TIMEOUT)
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .build();
  }

  /**
   * The service's endpoints in this zone only: what other zones offer reaches this ingress's
   * callers through their own zone's ingress, never through this one.
   */
  private static io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment localEndpoints(
      String cluster, String service, String localZone, ServiceEndpoints endpoints) {
    List<ProxyModel.Endpoint> local = new ArrayList<>();
    for (ServiceEndpoints.Instance instance : endpoints.instances(service)) {
      if (instance.zone().equals(localZone) || instance.zone().isEmpty()) {
        local.add(instance.endpoint());
      }
    }
    ProxyModel.ServiceCluster only =
        new ProxyModel.ServiceCluster(
            service,
            endpoints.protocol(service),
            local.isEmpty() ? List.of() : List.of(new ProxyModel.Locality(localZone, local)));
    return EnvoySidecarRenderer.loadAssignment(only).toBuilder().setClusterName(cluster).build();
  }
}
