package dev.meridian.kernel.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.CanonicalTree;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A Universal-mode Dataplane, field for field as Kuma 2.4's {@code Dataplane} resource: its
 * networking, the metrics backend that overrides the mesh's, and the probes Kuma exposes on a port
 * of their own.
 */
public record DataplaneSpec(Networking networking, MetricsBackend metrics, Probes probes)
    implements ResourceSpec {

  /** A dataplane with networking only, as most are. */
  public DataplaneSpec(Networking networking) {
    this(networking, null, null);
  }

  public static final String SERVICE_TAG = "kuma.io/service";
  public static final String ZONE_TAG = "kuma.io/zone";
  public static final String PROTOCOL_TAG = "kuma.io/protocol";

  public record Networking(
      String address,
      String advertisedAddress,
      List<Inbound> inbound,
      List<Outbound> outbound,
      Gateway gateway,
      Admin admin,
      TransparentProxying transparentProxying) {
    public Networking {
      // An empty list and an absent one mean the same: keep one form so equal specs are equal.
      inbound = listOrNull(inbound);
      outbound = listOrNull(outbound);
    }

    public Networking(
        String address,
        String advertisedAddress,
        List<Inbound> inbound,
        List<Outbound> outbound,
        Gateway gateway,
        Admin admin) {
      this(address, advertisedAddress, inbound, outbound, gateway, admin, null);
    }

    public List<Inbound> inbounds() {
      return inbound == null ? List.of() : inbound;
    }

    public List<Outbound> outbounds() {
      return outbound == null ? List.of() : outbound;
    }
  }

  public record Inbound(
      Integer port,
      Integer servicePort,
      String serviceAddress,
      String address,
      Map<String, String> tags,
      ServiceProbe serviceProbe,
      String state,
      Health health) {
    public Inbound {
      tags = sortedCopy(tags);
    }

    public Inbound withTags(Map<String, String> newTags) {
      return new Inbound(
          port, servicePort, serviceAddress, address, newTags, serviceProbe, state, health);
    }
  }

  /**
   * Inbound readiness as Kuma 2.4 models it: {@code Ready}, {@code NotReady} or {@code Ignored}.
   */
  public enum InboundState {
    Ready,
    NotReady,
    Ignored
  }

  public record Health(Boolean ready) {}

  public record ServiceProbe(
      String interval,
      String timeout,
      Integer unhealthyThreshold,
      Integer healthyThreshold,
      TcpProbe tcp) {}

  public record TcpProbe() {}

  /**
   * An outbound. {@code service} is Kuma's deprecated way of naming the service; when it is given
   * without tags it stands for {@code kuma.io/service: <service>}, which is what everything reads.
   */
  public record Outbound(Integer port, String address, String service, Map<String, String> tags) {
    public Outbound {
      if ((tags == null || tags.isEmpty()) && service != null && !service.isEmpty()) {
        tags = Map.of(SERVICE_TAG, service);
      }
      tags = sortedCopy(tags);
    }

    public Outbound(Integer port, String address, Map<String, String> tags) {
      this(port, address, null, tags);
    }
  }

  /**
   * Where the transparent proxy (iptables) redirects traffic, and which services a proxy reaches
   * through it (all when {@code reachableServices} is absent) or directly ({@code
   * directAccessServices}, {@code *} for all).
   */
  public record TransparentProxying(
      Integer redirectPortInbound,
      Integer redirectPortOutbound,
      List<String> directAccessServices,
      Integer redirectPortInboundV6,
      List<String> reachableServices) {
    public TransparentProxying {
      directAccessServices = listOrNull(directAccessServices);
      reachableServices = listOrNull(reachableServices);
    }
  }

  /**
   * A metrics backend (Kuma's {@code MetricsBackend}): {@code type} {@code prometheus} and its
   * {@code conf}, kept as given with sorted keys.
   */
  public record MetricsBackend(String name, String type, JsonNode conf) {
    public MetricsBackend {
      conf = CanonicalTree.sortedKeys(conf);
    }
  }

  /**
   * Kuma's virtual probes: {@code port} serves each endpoint's {@code path} from the application's
   * {@code inboundPort} and {@code inboundPath}.
   */
  public record Probes(Integer port, List<ProbeEndpoint> endpoints) {
    public Probes {
      endpoints = listOrNull(endpoints);
    }

    public List<ProbeEndpoint> endpointList() {
      return endpoints == null ? List.of() : endpoints;
    }
  }

  public record ProbeEndpoint(Integer inboundPort, String inboundPath, String path) {}

  public record Gateway(Map<String, String> tags, String type) {
    public Gateway {
      tags = sortedCopy(tags);
    }
  }

  public record Admin(Integer port) {}

  /**
   * The same dataplane with {@code kuma.io/zone=zone} on every inbound and on the gateway: the zone
   * control plane's stamp, which overwrites whatever the user sent.
   */
  public DataplaneSpec stampZone(String zone) {
    if (networking == null) {
      return this;
    }
    UnaryOperator<Map<String, String>> stamp =
        tags -> {
          Map<String, String> stamped = tags == null ? new TreeMap<>() : new TreeMap<>(tags);
          stamped.put(ZONE_TAG, zone);
          return stamped;
        };
    List<Inbound> inbounds =
        networking.inbound() == null
            ? null
            : networking.inbound().stream()
                .map(in -> in == null ? null : in.withTags(stamp.apply(in.tags())))
                .toList();
    Gateway gateway =
        networking.gateway() == null
            ? null
            : new Gateway(stamp.apply(networking.gateway().tags()), networking.gateway().type());
    return new DataplaneSpec(
        new Networking(
            networking.address(),
            networking.advertisedAddress(),
            inbounds,
            networking.outbound(),
            gateway,
            networking.admin(),
            networking.transparentProxying()),
        metrics,
        probes);
  }

  /** Not List.copyOf: a null element must reach validation as a field error, not an NPE. */
  private static <T> List<T> listOrNull(List<T> list) {
    return list == null || list.isEmpty()
        ? null
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(list));
  }

  private static Map<String, String> sortedCopy(Map<String, String> tags) {
    return tags == null ? null : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
  }
}
