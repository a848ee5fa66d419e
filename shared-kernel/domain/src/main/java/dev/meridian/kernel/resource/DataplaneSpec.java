package dev.meridian.kernel.resource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** A Universal-mode Dataplane, field for field as Kuma's {@code Dataplane} resource. */
public record DataplaneSpec(Networking networking) implements ResourceSpec {

  public static final String SERVICE_TAG = "kuma.io/service";
  public static final String ZONE_TAG = "kuma.io/zone";
  public static final String PROTOCOL_TAG = "kuma.io/protocol";

  public record Networking(
      String address,
      String advertisedAddress,
      List<Inbound> inbound,
      List<Outbound> outbound,
      Gateway gateway,
      Admin admin) {
    public Networking {
      // An empty list and an absent one mean the same: keep one form so equal specs are equal.
      inbound = listOrNull(inbound);
      outbound = listOrNull(outbound);
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

  public record Outbound(Integer port, String address, Map<String, String> tags) {
    public Outbound {
      tags = sortedCopy(tags);
    }
  }

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
            networking.admin()));
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
