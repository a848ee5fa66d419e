package dev.meridian.kernel.xds;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where each service of one mesh can be reached: every ready inbound carrying its {@code
 * kuma.io/service}, at the dataplane's advertised address (or its inbound/dataplane address) and
 * the inbound's port, plus what other zones offer through their ingresses.
 *
 * <p>The index is kept up to date one resource at a time ({@link #update}): a changed dataplane
 * costs the size of its own services, not the size of the mesh, and a service whose endpoints did
 * not change keeps its {@link ProxyModel.ServiceCluster} instance, so renderers that share by
 * identity render it once for as long as it stays the same. An update and reads must not overlap
 * (one writer, between passes of readers); reads may run on any number of threads at once.
 */
public final class ServiceEndpoints {

  /** An endpoint with what the index needs to group it. */
  public record Instance(String zone, ProxyModel.Endpoint endpoint, Protocol protocol) {}

  /**
   * Where an instance sits in its service's list: by zone, address and port; ties keep ingresses
   * before dataplanes, then resource key order, then inbound order (the order of a from-scratch
   * index over resources listed in key order).
   */
  private record Slot(
      String zone, String address, int port, int rank, ResourceKey source, int position)
      implements Comparable<Slot> {
    private static final Comparator<Slot> ORDER =
        Comparator.comparing(Slot::zone)
            .thenComparing(Slot::address, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(Slot::port)
            .thenComparingInt(Slot::rank)
            .thenComparing(Slot::source)
            .thenComparingInt(Slot::position);

    @Override
    public int compareTo(Slot other) {
      return ORDER.compare(this, other);
    }
  }

  private record Contribution(String service, Slot slot, Instance instance) {}

  private static final int INGRESS_RANK = 0;
  private static final int DATAPLANE_RANK = 1;

  private final String localZone;

  /**
   * Zones disabled by Kuma's Zone {@code enabled: false}: their ingresses are no endpoint here, and
   * when this zone is one of them, no other zone's are. Fixed for the index's life: a zone enabled
   * or disabled is re-indexed from scratch (it is rare).
   */
  private final Set<String> disabledZones;

  /** The mesh indexed; null indexes every dataplane it is given. */
  private final String mesh;

  /** Per service, its instances in order: written by updates only. */
  private final Map<String, TreeMap<Slot, Instance>> slots = new HashMap<>();

  /** What each indexed resource contributes, to take it back when the resource changes. */
  private final Map<ResourceKey, List<Contribution>> bySource = new HashMap<>();

  /** Read by any thread: each service's endpoints, rebuilt only when they change. */
  private final Map<String, List<Instance>> instances = new ConcurrentHashMap<>();

  private final Map<String, ProxyModel.ServiceCluster> clusters = new ConcurrentHashMap<>();

  /** One empty cluster per service asked for that has no endpoints, so it is shared too. */
  private final Map<String, ProxyModel.ServiceCluster> empty = new ConcurrentHashMap<>();

  private ServiceEndpoints(String localZone, String mesh, Set<String> disabledZones) {
    this.localZone = localZone;
    this.mesh = mesh;
    this.disabledZones = Set.copyOf(disabledZones);
  }

  /** An empty index of one mesh's endpoints as seen from {@code localZone}. */
  public static ServiceEndpoints empty(String localZone, String mesh) {
    return empty(localZone, mesh, Set.of());
  }

  /** As {@link #empty(String, String)}, leaving out cross-zone traffic of {@code disabledZones}. */
  public static ServiceEndpoints empty(String localZone, String mesh, Set<String> disabledZones) {
    return new ServiceEndpoints(localZone, mesh, disabledZones);
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
    Map<ResourceKey, ResourceSpec> sources = new LinkedHashMap<>();
    int position = 0;
    for (ZoneIngressSpec ingress : ingresses) {
      // Ingresses given without their keys keep the order they were given in.
      sources.put(ResourceKey.zoneIngress(String.format("%010d", position++)), ingress);
    }
    for (Resource dataplane : dataplanes) {
      sources.put(dataplane.key(), dataplane.spec());
    }
    ServiceEndpoints index = new ServiceEndpoints(localZone, mesh, disabledZones);
    index.update(sources.keySet(), key -> Optional.ofNullable(sources.get(key)));
    return index;
  }

  /**
   * Brings the index up to date with the given resources (dataplanes and zone ingresses; others are
   * ignored) as {@code current} has them now (empty: deleted). Returns the services whose endpoints
   * are no longer what they were; the others keep their cluster instance.
   */
  public Set<String> update(
      Collection<ResourceKey> keys, Function<ResourceKey, Optional<ResourceSpec>> current) {
    Set<String> touched = new HashSet<>();
    for (ResourceKey key : keys) {
      List<Contribution> before = bySource.getOrDefault(key, List.of());
      List<Contribution> after = contributions(key, current.apply(key).orElse(null));
      if (before.equals(after)) {
        continue;
      }
      for (Contribution gone : before) {
        TreeMap<Slot, Instance> service = slots.get(gone.service());
        service.remove(gone.slot());
        if (service.isEmpty()) {
          slots.remove(gone.service());
        }
        touched.add(gone.service());
      }
      for (Contribution added : after) {
        slots
            .computeIfAbsent(added.service(), s -> new TreeMap<>())
            .put(added.slot(), added.instance());
        touched.add(added.service());
      }
      if (after.isEmpty()) {
        bySource.remove(key);
      } else {
        bySource.put(key, after);
      }
    }
    Set<String> changed = new HashSet<>();
    for (String service : touched) {
      if (refresh(service)) {
        changed.add(service);
      }
    }
    return changed;
  }

  /** Rebuilds one service's list and cluster; false (and the old instances kept) if equal. */
  private boolean refresh(String service) {
    TreeMap<Slot, Instance> service0 = slots.get(service);
    ProxyModel.ServiceCluster before = clusters.get(service);
    if (service0 == null) {
      instances.remove(service);
      clusters.remove(service);
      return before != null;
    }
    List<Instance> list = List.copyOf(service0.values());
    ProxyModel.ServiceCluster after = group(service, list);
    if (after.equals(before)) {
      return false;
    }
    instances.put(service, list);
    clusters.put(service, after);
    return true;
  }

  private List<Contribution> contributions(ResourceKey key, ResourceSpec spec) {
    if (spec instanceof DataplaneSpec dataplane && key.kind() == ResourceKind.DATAPLANE) {
      return mesh == null || mesh.equals(key.mesh()) ? ofDataplane(key, dataplane) : List.of();
    }
    if (spec instanceof ZoneIngressSpec ingress && key.kind() == ResourceKind.ZONE_INGRESS) {
      return ofIngress(key, ingress);
    }
    return List.of();
  }

  private List<Contribution> ofIngress(ResourceKey key, ZoneIngressSpec ingress) {
    if (ingress.zone() == null
        || ingress.zone().equals(localZone)
        || ingress.networking() == null
        || disabledZones.contains(ingress.zone())
        || (localZone != null && disabledZones.contains(localZone))) {
      return List.of();
    }
    List<Contribution> out = new ArrayList<>();
    for (ZoneIngressSpec.AvailableService available : ingress.services()) {
      String service =
          available.tags() == null ? null : available.tags().get(DataplaneSpec.SERVICE_TAG);
      if (service == null || !Objects.equals(mesh, available.mesh())) {
        continue;
      }
      int weight = available.instances() == null ? 1 : Math.max(1, available.instances());
      String address = ingress.reachableAddress();
      int port = ingress.reachablePort();
      out.add(
          new Contribution(
              service,
              new Slot(ingress.zone(), address, port, INGRESS_RANK, key, out.size()),
              new Instance(
                  ingress.zone(),
                  new ProxyModel.Endpoint(address, port, weight, available.tags()),
                  Protocol.fromTag(available.tags().get(DataplaneSpec.PROTOCOL_TAG)))));
    }
    return out;
  }

  private static List<Contribution> ofDataplane(ResourceKey key, DataplaneSpec spec) {
    DataplaneSpec.Networking net = spec.networking();
    if (net == null) {
      return List.of();
    }
    List<Contribution> out = new ArrayList<>();
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
      out.add(
          new Contribution(
              service,
              new Slot(zone, address, inbound.port(), DATAPLANE_RANK, key, out.size()),
              new Instance(
                  zone,
                  new ProxyModel.Endpoint(address, inbound.port(), 1, inbound.tags()),
                  protocol)));
    }
    return out;
  }

  /** Inbounds that are not ready serve no traffic: Kuma 2.6's state, or 2.4's health.ready. */
  static boolean isReady(DataplaneSpec.Inbound inbound) {
    if (inbound.state() != null) {
      return DataplaneSpec.InboundState.Ready.name().equals(inbound.state());
    }
    return inbound.health() == null || !Boolean.FALSE.equals(inbound.health().ready());
  }

  public List<Instance> instances(String service) {
    return instances.getOrDefault(service, List.of());
  }

  /**
   * The service's protocol: the one all its instances agree on; tcp when they disagree or when
   * there are none (as Kuma does).
   */
  public Protocol protocol(String service) {
    return protocol(instances(service));
  }

  private static Protocol protocol(List<Instance> instances) {
    if (instances.isEmpty()) {
      return Protocol.TCP;
    }
    Protocol first = instances.get(0).protocol();
    return instances.stream().allMatch(i -> i.protocol() == first) ? first : Protocol.TCP;
  }

  /**
   * The service's endpoints grouped by zone, zones in name order. The same instance for the same
   * service for as long as its endpoints do not change.
   */
  public ProxyModel.ServiceCluster cluster(String service) {
    ProxyModel.ServiceCluster cluster = clusters.get(service);
    return cluster != null ? cluster : empty.computeIfAbsent(service, s -> group(s, List.of()));
  }

  private static ProxyModel.ServiceCluster group(String service, List<Instance> instances) {
    Map<String, List<ProxyModel.Endpoint>> byZone = new TreeMap<>();
    for (Instance instance : instances) {
      byZone.computeIfAbsent(instance.zone(), z -> new ArrayList<>()).add(instance.endpoint());
    }
    List<ProxyModel.Locality> localities = new ArrayList<>();
    byZone.forEach((zone, endpoints) -> localities.add(new ProxyModel.Locality(zone, endpoints)));
    return new ProxyModel.ServiceCluster(service, protocol(instances), localities);
  }

  public Set<String> services() {
    return java.util.Collections.unmodifiableSet(clusters.keySet());
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
