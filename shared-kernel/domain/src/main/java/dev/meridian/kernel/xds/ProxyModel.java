package dev.meridian.kernel.xds;

import dev.meridian.kernel.policy.ProxyRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one data plane proxy needs to be configured, independent of how it is rendered (Envoy
 * sidecar or gRPC proxyless). Built by {@link ProxyModelBuilder}; all lists are sorted, so equal
 * inputs give equal models.
 *
 * @param nodeId {@code <mesh>.<name>}, the node id the proxy presents
 * @param address the dataplane's address, where its inbound listeners bind by default
 * @param adminPort Envoy's admin port
 * @param clusters one per distinct outbound service and route backend, sorted by name
 * @param rules what the mesh's policies mean for this proxy
 */
public record ProxyModel(
    String nodeId,
    String mesh,
    String name,
    String zone,
    String address,
    boolean gateway,
    int adminPort,
    List<Inbound> inbounds,
    List<Outbound> outbounds,
    List<ServiceCluster> clusters,
    ProxyRules rules) {

  public static final int DEFAULT_ADMIN_PORT = 9901;

  public ProxyModel {
    inbounds = List.copyOf(inbounds);
    outbounds = List.copyOf(outbounds);
    clusters = List.copyOf(clusters);
    rules = rules == null ? ProxyRules.NONE : rules;
  }

  /** A proxy no policy applies to. */
  public ProxyModel(
      String nodeId,
      String mesh,
      String name,
      String zone,
      String address,
      boolean gateway,
      int adminPort,
      List<Inbound> inbounds,
      List<Outbound> outbounds,
      List<ServiceCluster> clusters) {
    this(
        nodeId,
        mesh,
        name,
        zone,
        address,
        gateway,
        adminPort,
        inbounds,
        outbounds,
        clusters,
        ProxyRules.NONE);
  }

  /**
   * An inbound: traffic arriving at {@code address:port} for {@code service}, forwarded to the
   * workload at {@code workloadAddress:workloadPort}.
   */
  public record Inbound(
      String address,
      int port,
      String workloadAddress,
      int workloadPort,
      String service,
      Protocol protocol,
      Map<String, String> tags) {
    public Inbound {
      tags = Map.copyOf(tags);
    }
  }

  /** An outbound: the workload reaches {@code service} at {@code address:port} on localhost. */
  public record Outbound(String address, int port, String service, Protocol protocol) {}

  /** The upstream side of a service: its endpoints grouped by zone locality. */
  public record ServiceCluster(String service, Protocol protocol, List<Locality> localities) {
    public ServiceCluster {
      localities = List.copyOf(localities);
    }

    public int endpointCount() {
      return localities.stream().mapToInt(l -> l.endpoints().size()).sum();
    }
  }

  /** Endpoints of one zone. Its weight is the sum of its endpoints' weights (at least 1). */
  public record Locality(String zone, List<Endpoint> endpoints) {
    public Locality {
      endpoints = List.copyOf(endpoints);
    }

    public int weight() {
      return Math.max(1, endpoints.stream().mapToInt(Endpoint::weight).sum());
    }
  }

  /** One instance of a service, as other proxies reach it. */
  public record Endpoint(String address, int port, int weight, Map<String, String> tags) {
    public Endpoint {
      tags = Map.copyOf(tags);
    }
  }

  public Optional<ServiceCluster> cluster(String service) {
    return clusters.stream().filter(c -> c.service().equals(service)).findFirst();
  }

  /** The node id of a dataplane: {@code <mesh>.<name>} (Kuma's convention). */
  public static String nodeId(String mesh, String name) {
    return mesh + "." + name;
  }

  /**
   * The ZoneIngress a node id names: Kuma's ingress agents present {@code .<name>} (a node of no
   * mesh); empty for any other id.
   */
  public static Optional<String> parseIngressNodeId(String nodeId) {
    return nodeId != null && nodeId.length() > 1 && nodeId.charAt(0) == '.'
        ? Optional.of(nodeId.substring(1))
        : Optional.empty();
  }

  /** The (mesh, name) of a node id; empty when it is not of the form {@code <mesh>.<name>}. */
  public static Optional<String[]> parseNodeId(String nodeId) {
    if (nodeId == null) {
      return Optional.empty();
    }
    int dot = nodeId.indexOf('.');
    if (dot <= 0 || dot == nodeId.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new String[] {nodeId.substring(0, dot), nodeId.substring(dot + 1)});
  }
}
