package dev.meridian.kernel.resource;

import dev.meridian.kernel.resource.DataplaneSpec.Admin;
import dev.meridian.kernel.resource.DataplaneSpec.Gateway;
import dev.meridian.kernel.resource.DataplaneSpec.Health;
import dev.meridian.kernel.resource.DataplaneSpec.Inbound;
import dev.meridian.kernel.resource.DataplaneSpec.Networking;
import dev.meridian.kernel.resource.DataplaneSpec.Outbound;
import dev.meridian.kernel.resource.DataplaneSpec.ServiceProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds dataplanes for tests: {@link #dataplane()} is valid (one inbound on 192.168.0.1:8080 for
 * service {@code backend}); each method breaks or changes one thing.
 */
public final class DataplaneBuilder {

  public static final String ADDRESS = "192.168.0.1";
  public static final String SERVICE = "backend";

  private String address = ADDRESS;
  private String advertisedAddress;

  /** Null (omitted) until an inbound is added or {@link #noInbounds()} asks for an empty list. */
  private List<InboundBuilder> inbounds;

  private List<Outbound> outbounds;
  private Gateway gateway;
  private Admin admin;

  private DataplaneBuilder() {}

  /** A valid dataplane with one inbound. */
  public static DataplaneBuilder dataplane() {
    return new DataplaneBuilder().inbound(in -> {});
  }

  /** A dataplane with neither inbounds ({@code inbound} omitted) nor gateway. */
  public static DataplaneBuilder bare() {
    return new DataplaneBuilder();
  }

  public DataplaneBuilder address(String newAddress) {
    this.address = newAddress;
    return this;
  }

  public DataplaneBuilder advertisedAddress(String newAdvertisedAddress) {
    this.advertisedAddress = newAdvertisedAddress;
    return this;
  }

  /** Adds an inbound on port 8080 for {@code backend}, then lets {@code edit} change it. */
  public DataplaneBuilder inbound(Consumer<InboundBuilder> edit) {
    InboundBuilder in = new InboundBuilder();
    edit.accept(in);
    if (inbounds == null) {
      inbounds = new ArrayList<>();
    }
    inbounds.add(in);
    return this;
  }

  /** Changes the inbound at {@code index}. */
  public DataplaneBuilder editInbound(int index, Consumer<InboundBuilder> edit) {
    edit.accept(inbounds.get(index));
    return this;
  }

  public DataplaneBuilder nullInbound() {
    if (inbounds == null) {
      inbounds = new ArrayList<>();
    }
    inbounds.add(null);
    return this;
  }

  /** Sends {@code "inbound": []}. */
  public DataplaneBuilder noInbounds() {
    inbounds = new ArrayList<>();
    return this;
  }

  public DataplaneBuilder outbound(Integer port, String outboundAddress, Map<String, String> tags) {
    return outbound(new Outbound(port, outboundAddress, tags));
  }

  public DataplaneBuilder outbound(Outbound outbound) {
    if (outbounds == null) {
      outbounds = new ArrayList<>();
    }
    outbounds.add(outbound);
    return this;
  }

  public DataplaneBuilder gateway(String type, Map<String, String> tags) {
    this.gateway = new Gateway(tags, type);
    return this;
  }

  public DataplaneBuilder admin(Integer port) {
    this.admin = new Admin(port);
    return this;
  }

  public Networking networking() {
    List<Inbound> built = null;
    if (inbounds != null) {
      built = new ArrayList<>();
      for (InboundBuilder in : inbounds) {
        built.add(in == null ? null : in.build());
      }
    }
    return new Networking(address, advertisedAddress, built, outbounds, gateway, admin);
  }

  public DataplaneSpec build() {
    return new DataplaneSpec(networking());
  }

  /** Tags that hold just {@code kuma.io/service=<service>}. */
  public static Map<String, String> service(String service) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(DataplaneSpec.SERVICE_TAG, service);
    return tags;
  }

  /** Tags from alternating keys and values; values may be null. */
  public static Map<String, String> tags(String... keysAndValues) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      tags.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return tags;
  }

  /** One inbound, valid by default: port 8080, tags {@code kuma.io/service=backend}. */
  public static final class InboundBuilder {
    private Integer port = 8080;
    private Integer servicePort;
    private String serviceAddress;
    private String address;
    private Map<String, String> tags = service(SERVICE);
    private ServiceProbe serviceProbe;
    private String state;
    private Health health;

    public InboundBuilder port(Integer newPort) {
      this.port = newPort;
      return this;
    }

    public InboundBuilder servicePort(Integer newServicePort) {
      this.servicePort = newServicePort;
      return this;
    }

    public InboundBuilder serviceAddress(String newServiceAddress) {
      this.serviceAddress = newServiceAddress;
      return this;
    }

    public InboundBuilder address(String newAddress) {
      this.address = newAddress;
      return this;
    }

    /** Sets one tag; a null value is kept as a null value. */
    public InboundBuilder tag(String key, String value) {
      if (tags == null) {
        tags = new LinkedHashMap<>();
      }
      tags.put(key, value);
      return this;
    }

    public InboundBuilder withoutTag(String key) {
      if (tags != null) {
        tags.remove(key);
      }
      return this;
    }

    public InboundBuilder tags(Map<String, String> newTags) {
      this.tags = newTags == null ? null : new LinkedHashMap<>(newTags);
      return this;
    }

    public InboundBuilder probe(
        String interval, String timeout, Integer unhealthyThreshold, Integer healthyThreshold) {
      this.serviceProbe =
          new ServiceProbe(
              interval,
              timeout,
              unhealthyThreshold,
              healthyThreshold,
              new DataplaneSpec.TcpProbe());
      return this;
    }

    public InboundBuilder state(String newState) {
      this.state = newState;
      return this;
    }

    public InboundBuilder health(Boolean ready) {
      this.health = new Health(ready);
      return this;
    }

    Inbound build() {
      return new Inbound(
          port, servicePort, serviceAddress, address, tags, serviceProbe, state, health);
    }
  }
}
