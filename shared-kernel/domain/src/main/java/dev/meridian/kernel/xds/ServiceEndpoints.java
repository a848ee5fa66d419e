package dev.meridian.kernel.xds;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where each service of one mesh can be reached: every ready inbound carrying its {@code
 * kuma.io/service}, at the dataplane's advertised address (or its inbound/dataplane address) and
 * the inbound's port. Built once per change and shared by every proxy of the mesh.
 */
public final class ServiceEndpoints {

  /** An endpoint with what the index needs to group it. */
  public record Instance(String zone, ProxyModel.Endpoint endpoint, Protocol protocol) {}

  private static final Comparator<Instance> ORDER =
      Comparator.comparing(Instance::zone)
          .thenComparing(i -> i.endpoint().address())
          .thenComparingInt(i -> i.endpoint().port());

  private final Map<String, List<Instance>> byService;

  /** One ServiceCluster instance per service and index, so renderers can share by identity. */
  private final Map<String, ProxyModel.ServiceCluster> clusters =
      new java.util.concurrent.ConcurrentHashMap<>();

  private ServiceEndpoints(Map<String, List<Instance>> byService) {
    this.byService = byService;
  }

  /** Indexes the given dataplanes (all of one mesh). */
  public static ServiceEndpoints index(Iterable<Resource> dataplanes) {
    return index(dataplanes, List.of(), null, null);
  }

  /**
   * Indexes one mesh's dataplanes of this zone, plus the services other zones offer through their
   * ingresses: each such service is one endpoint in the other zone's locality, at the ingress's
   * advertised address, weighted by the number of instances behind it (as Kuma does).
   */
  public static ServiceEndpoints index(
      Iterable<Resource> dataplanes,
      Iterable<ZoneIngressSpec> ingresses,
      String localZone,
      String mesh) {
    return index(dataplanes, ingresses, localZone, mesh, Set.of());
  }

  /**
   * As {@link #index(Iterable, Iterable, String, String)}, leaving out cross-zone traffic of the
   * {@code disabledZones} (Kuma's Zone {@code enabled: false}): a disabled zone's ingress is not an
   * endpoint anywhere, and a disabled zone's own proxies get no other zone's endpoints.
   */
  public static ServiceEndpoints index(
      Iterable<Resource> dataplanes,
      Iterable<ZoneIngressSpec> ingresses,
      String localZone,
      String mesh,
      Set<String> disabledZones) {
    Map<String, List<Instance>> byService = new HashMap<>();
    boolean localDisabled = localZone != null && disabledZones.contains(localZone);
    for (ZoneIngressSpec ingress : ingresses) {
      if (localDisabled
          || ingress.zone() == null
          || ingress.zone().equals(localZone)
          || disabledZones.contains(ingress.zone())
          || ingress.networking() == null) {
        continue;
      }
      for (ZoneIngressSpec.AvailableService available : ingress.services()) {
        String service =
            available.tags() == null ? null : available.tags().get(DataplaneSpec.SERVICE_TAG);
        if (service == null || !java.util.Objects.equals(mesh, available.mesh())) {
          continue;
        }
        int instances = available.instances() == null ? 1 : Math.max(1, available.instances());
        byService
            .computeIfAbsent(service, s -> new ArrayList<>())
            .add(
                new Instance(
                    ingress.zone(),
                    new ProxyModel.Endpoint(
                        ingress.reachableAddress(),
                        ingress.reachablePort(),
                        instances,
                        available.tags()),
                    Protocol.fromTag(available.tags().get(DataplaneSpec.PROTOCOL_TAG))));
      }
    }
    for (Resource resource : dataplanes) {
      DataplaneSpec spec = (DataplaneSpec) resource.spec();
      DataplaneSpec.Networking net = spec.networking();
      if (net == null) {
        continue;
      }
      for (DataplaneSpec.Inbound inbound : net.inbounds()) {
        if (inbound == null || inbound.tags() == null || !isReady(inbound)) {
          continue;
        }
        String service = inbound.tags().get(DataplaneSpec.SERVICE_TAG);
        if (service == null) {
          continue;
        }
        String address = firstNonEmpty(net.advertisedAddress(), inbound.address(), net.address());
        String zone = inbound.tags().getOrDefault(DataplaneSpec.ZONE_TAG, "");
        Protocol protocol = Protocol.fromTag(inbound.tags().get(DataplaneSpec.PROTOCOL_TAG));
        byService
            .computeIfAbsent(service, s -> new ArrayList<>())
            .add(
                new Instance(
                    zone,
                    new ProxyModel.Endpoint(address, inbound.port(), 1, inbound.tags()),
                    protocol));
      }
    }
    byService.values().forEach(list -> list.sort(ORDER));
    return new ServiceEndpoints(byService);
  }

  /** Inbounds that are not ready serve no traffic: Kuma 2.6's state, or 2.4's health.ready. */
  static boolean isReady(DataplaneSpec.Inbound inbound) {
    if (inbound.state() != null) {
      return DataplaneSpec.InboundState.Ready.name().equals(inbound.state());
    }
    return inbound.health() == null || !Boolean.FALSE.equals(inbound.health().ready());
  }

  public List<Instance> instances(String service) {
    return byService.getOrDefault(service, List.of());
  }

  /**
   * The service's protocol: the one all its instances agree on; tcp when they disagree or when
   * there are none (as Kuma does).
   */
  public Protocol protocol(String service) {
    List<Instance> instances = instances(service);
    if (instances.isEmpty()) {
      return Protocol.TCP;
    }
    Protocol first = instances.get(0).protocol();
    return instances.stream().allMatch(i -> i.protocol() == first) ? first : Protocol.TCP;
  }

  /**
   * The service's endpoints grouped by zone, zones in name order. The same instance for the same
   * service, for as long as this index lives.
   */
  public ProxyModel.ServiceCluster cluster(String service) {
    return clusters.computeIfAbsent(service, this::group);
  }

  private ProxyModel.ServiceCluster group(String service) {
    Map<String, List<ProxyModel.Endpoint>> byZone = new TreeMap<>();
    for (Instance instance : instances(service)) {
      byZone.computeIfAbsent(instance.zone(), z -> new ArrayList<>()).add(instance.endpoint());
    }
    List<ProxyModel.Locality> localities = new ArrayList<>();
    byZone.forEach((zone, endpoints) -> localities.add(new ProxyModel.Locality(zone, endpoints)));
    return new ProxyModel.ServiceCluster(service, protocol(service), localities);
  }

  public java.util.Set<String> services() {
    return byService.keySet();
  }

  private static String firstNonEmpty(String... values) {
    for (String value : values) {
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }
}
