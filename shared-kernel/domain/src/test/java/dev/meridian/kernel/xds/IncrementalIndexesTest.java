package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The incremental indexes against a from-scratch computation written independently of them (the
 * algorithm they replaced): after every step of a seeded random sequence of dataplane and ingress
 * writes and deletes, both agree on every service, and an update reports exactly the services whose
 * endpoints differ from before.
 */
class IncrementalIndexesTest {

  private static final String LOCAL_ZONE = "zone-1";
  private static final List<String> MESHES = List.of("default", "other");
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 1234, 987654321})
  void serviceEndpointsUpdatedOneResourceAtATimeEqualAFromScratchIndex(long seed) {
    Random random = new Random(seed);
    Map<ResourceKey, ResourceSpec> state = new TreeMap<>();
    Map<String, ServiceEndpoints> indexes = new HashMap<>();
    MESHES.forEach(mesh -> indexes.put(mesh, ServiceEndpoints.empty(LOCAL_ZONE, mesh)));
    for (int step = 0; step < 400; step++) {
      Set<ResourceKey> batch = new HashSet<>();
      int writes = 1 + random.nextInt(random.nextInt(10) == 0 ? 20 : 3);
      for (int w = 0; w < writes; w++) {
        batch.add(randomWrite(random, state));
      }
      for (String mesh : MESHES) {
        ServiceEndpoints index = indexes.get(mesh);
        Map<String, ProxyModel.ServiceCluster> before = clusters(index, allServices());
        Set<String> changed = index.update(batch, key -> Optional.ofNullable(state.get(key)));
        FromScratch expected = FromScratch.index(state, LOCAL_ZONE, mesh);

        assertThat(index.services())
            .as("step %d mesh %s", step, mesh)
            .isEqualTo(expected.services());
        for (String service : allServices()) {
          assertThat(index.cluster(service))
              .as("step %d %s", step, service)
              .isEqualTo(expected.cluster(service));
          assertThat(index.instances(service)).isEqualTo(expected.instances(service));
          assertThat(index.protocol(service)).isEqualTo(expected.protocol(service));
        }
        Set<String> reallyChanged = new HashSet<>();
        for (String service : allServices()) {
          if (!before.get(service).equals(index.cluster(service))) {
            reallyChanged.add(service);
          } else {
            // Unchanged endpoints keep their instance: renderers share by identity.
            assertThat(index.cluster(service)).isSameAs(before.get(service));
          }
        }
        assertThat(changed).as("step %d mesh %s", step, mesh).isEqualTo(reallyChanged);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 1234, 987654321})
  void availableServicesUpdatedOneDataplaneAtATimeEqualAFromScratchCount(long seed) {
    Random random = new Random(seed);
    Map<ResourceKey, ResourceSpec> state = new TreeMap<>();
    AvailableServices available = new AvailableServices();
    for (int step = 0; step < 400; step++) {
      List<ZoneIngressSpec.AvailableService> before = available.list();
      Set<ResourceKey> batch = new HashSet<>();
      for (int w = 1 + random.nextInt(3); w > 0; w--) {
        batch.add(randomWrite(random, state));
      }
      boolean changed = available.update(batch, key -> Optional.ofNullable(state.get(key)));

      List<ZoneIngressSpec.AvailableService> expected = FromScratch.available(state);
      assertThat(available.list()).as("step %d", step).isEqualTo(expected);
      assertThat(changed).isEqualTo(!expected.equals(before));
      assertThat(AvailableServices.of(resources(state))).isEqualTo(expected);
    }
  }

  // ---------------------------------------------------------------- random writes

  private static final List<String> SERVICES =
      List.of("web", "backend", "db", "cache", "queue", "auth");

  private static List<String> allServices() {
    return SERVICES;
  }

  /** Writes, rewrites or deletes one random resource of a small population; returns its key. */
  private static ResourceKey randomWrite(Random random, Map<ResourceKey, ResourceSpec> state) {
    if (random.nextInt(8) == 0) {
      ResourceKey key = ResourceKey.zoneIngress("ingress-" + random.nextInt(3));
      if (random.nextInt(4) == 0) {
        state.remove(key);
      } else {
        state.put(key, ingress(random));
      }
      return key;
    }
    ResourceKey key =
        ResourceKey.dataplane(
            MESHES.get(random.nextInt(MESHES.size())), "dp-" + random.nextInt(30));
    if (random.nextInt(5) == 0) {
      state.remove(key);
    } else {
      state.put(key, dataplane(random));
    }
    return key;
  }

  private static DataplaneSpec dataplane(Random random) {
    List<DataplaneSpec.Inbound> inbounds = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      Map<String, String> tags = new HashMap<>();
      if (random.nextInt(10) != 0) {
        tags.put(DataplaneSpec.SERVICE_TAG, SERVICES.get(random.nextInt(SERVICES.size())));
      }
      if (random.nextBoolean()) {
        tags.put(DataplaneSpec.PROTOCOL_TAG, random.nextBoolean() ? "http" : "grpc");
      }
      if (random.nextInt(3) == 0) {
        tags.put(DataplaneSpec.ZONE_TAG, random.nextBoolean() ? "zone-1" : "zone-0");
      }
      if (random.nextInt(4) == 0) {
        tags.put("version", "v" + random.nextInt(2));
      }
      String state = random.nextInt(6) == 0 ? (random.nextBoolean() ? "Ready" : "NotReady") : null;
      DataplaneSpec.Health health =
          random.nextInt(6) == 0 ? new DataplaneSpec.Health(random.nextBoolean()) : null;
      inbounds.add(
          new DataplaneSpec.Inbound(
              8080 + random.nextInt(3),
              null,
              null,
              random.nextInt(5) == 0 ? "10.1.0." + random.nextInt(3) : null,
              tags,
              null,
              state,
              health));
    }
    // Few addresses and ports, so that instances tie and their order is put to the test.
    return new DataplaneSpec(
        new DataplaneSpec.Networking(
            "10.0.0." + random.nextInt(4),
            random.nextInt(6) == 0 ? "203.0.113." + random.nextInt(2) : null,
            inbounds,
            null,
            null,
            null));
  }

  private static ZoneIngressSpec ingress(Random random) {
    List<ZoneIngressSpec.AvailableService> services = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      Map<String, String> tags = new HashMap<>();
      tags.put(DataplaneSpec.SERVICE_TAG, SERVICES.get(random.nextInt(SERVICES.size())));
      if (random.nextBoolean()) {
        tags.put(DataplaneSpec.PROTOCOL_TAG, "http");
      }
      services.add(
          new ZoneIngressSpec.AvailableService(
              tags,
              random.nextInt(4) == 0 ? null : random.nextInt(5),
              MESHES.get(random.nextInt(MESHES.size()))));
    }
    String zone = List.of("zone-1", "zone-2", "zone-3").get(random.nextInt(3));
    return new ZoneIngressSpec(
        zone,
        new ZoneIngressSpec.Networking(
            "192.168.0." + random.nextInt(2), null, 10001 + random.nextInt(2), null),
        services);
  }

  private static Map<String, ProxyModel.ServiceCluster> clusters(
      ServiceEndpoints index, List<String> services) {
    Map<String, ProxyModel.ServiceCluster> out = new HashMap<>();
    services.forEach(s -> out.put(s, index.cluster(s)));
    return out;
  }

  private static List<Resource> resources(Map<ResourceKey, ResourceSpec> state) {
    return state.entrySet().stream()
        .filter(e -> e.getValue() instanceof DataplaneSpec)
        .map(e -> new Resource(e.getKey(), e.getValue(), T, T))
        .toList();
  }

  // ---------------------------------------------------------------- the reference

  /** The from-scratch algorithm: every resource, every time (how the indexes used to be built). */
  record FromScratch(Map<String, List<ServiceEndpoints.Instance>> byService) {
    private static final Comparator<ServiceEndpoints.Instance> ORDER =
        Comparator.comparing(ServiceEndpoints.Instance::zone)
            .thenComparing(i -> i.endpoint().address())
            .thenComparingInt(i -> i.endpoint().port());

    static FromScratch index(Map<ResourceKey, ResourceSpec> state, String localZone, String mesh) {
      Map<String, List<ServiceEndpoints.Instance>> byService = new HashMap<>();
      // Ingresses first, then dataplanes, each in key order; a stable sort keeps that among ties.
      state.forEach(
          (key, spec) -> {
            if (!(spec instanceof ZoneIngressSpec ingress) || ingress.zone().equals(localZone)) {
              return;
            }
            for (ZoneIngressSpec.AvailableService available : ingress.services()) {
              if (!Objects.equals(mesh, available.mesh())) {
                continue;
              }
              int instances =
                  available.instances() == null ? 1 : Math.max(1, available.instances());
              byService
                  .computeIfAbsent(
                      available.tags().get(DataplaneSpec.SERVICE_TAG), s -> new ArrayList<>())
                  .add(
                      new ServiceEndpoints.Instance(
                          ingress.zone(),
                          new ProxyModel.Endpoint(
                              ingress.reachableAddress(),
                              ingress.reachablePort(),
                              instances,
                              available.tags()),
                          Protocol.fromTag(available.tags().get(DataplaneSpec.PROTOCOL_TAG))));
            }
          });
      state.forEach(
          (key, spec) -> {
            if (!(spec instanceof DataplaneSpec dataplane) || !key.mesh().equals(mesh)) {
              return;
            }
            DataplaneSpec.Networking net = dataplane.networking();
            for (DataplaneSpec.Inbound inbound : net.inbounds()) {
              String service = inbound.tags().get(DataplaneSpec.SERVICE_TAG);
              if (service == null || !ServiceEndpoints.isReady(inbound)) {
                continue;
              }
              String address =
                  net.advertisedAddress() != null
                      ? net.advertisedAddress()
                      : inbound.address() != null ? inbound.address() : net.address();
              byService
                  .computeIfAbsent(service, s -> new ArrayList<>())
                  .add(
                      new ServiceEndpoints.Instance(
                          inbound.tags().getOrDefault(DataplaneSpec.ZONE_TAG, ""),
                          new ProxyModel.Endpoint(address, inbound.port(), 1, inbound.tags()),
                          Protocol.fromTag(inbound.tags().get(DataplaneSpec.PROTOCOL_TAG))));
            }
          });
      byService.values().forEach(list -> list.sort(ORDER));
      return new FromScratch(byService);
    }

    Set<String> services() {
      return byService.keySet();
    }

    List<ServiceEndpoints.Instance> instances(String service) {
      return byService.getOrDefault(service, List.of());
    }

    Protocol protocol(String service) {
      List<ServiceEndpoints.Instance> instances = instances(service);
      if (instances.isEmpty()) {
        return Protocol.TCP;
      }
      Protocol first = instances.get(0).protocol();
      return instances.stream().allMatch(i -> i.protocol() == first) ? first : Protocol.TCP;
    }

    ProxyModel.ServiceCluster cluster(String service) {
      Map<String, List<ProxyModel.Endpoint>> byZone = new TreeMap<>();
      for (ServiceEndpoints.Instance instance : instances(service)) {
        byZone.computeIfAbsent(instance.zone(), z -> new ArrayList<>()).add(instance.endpoint());
      }
      List<ProxyModel.Locality> localities = new ArrayList<>();
      byZone.forEach((zone, endpoints) -> localities.add(new ProxyModel.Locality(zone, endpoints)));
      return new ProxyModel.ServiceCluster(service, protocol(service), localities);
    }

    static List<ZoneIngressSpec.AvailableService> available(Map<ResourceKey, ResourceSpec> state) {
      Map<String, Map<String, String>> tagsByKey = new TreeMap<>();
      Map<String, Integer> counts = new TreeMap<>();
      state.forEach(
          (key, spec) -> {
            if (!(spec instanceof DataplaneSpec dataplane)) {
              return;
            }
            for (DataplaneSpec.Inbound inbound : dataplane.networking().inbounds()) {
              String service = inbound.tags().get(DataplaneSpec.SERVICE_TAG);
              if (service == null || !ServiceEndpoints.isReady(inbound)) {
                continue;
              }
              Map<String, String> tags = new TreeMap<>();
              tags.put(DataplaneSpec.SERVICE_TAG, service);
              for (String tag : List.of(DataplaneSpec.PROTOCOL_TAG, DataplaneSpec.ZONE_TAG)) {
                if (inbound.tags().containsKey(tag)) {
                  tags.put(tag, inbound.tags().get(tag));
                }
              }
              String entry = key.mesh() + "\u0000" + tags;
              tagsByKey.put(entry, tags);
              counts.merge(entry, 1, Integer::sum);
            }
          });
      List<ZoneIngressSpec.AvailableService> out = new ArrayList<>();
      counts.forEach(
          (entry, count) ->
              out.add(
                  new ZoneIngressSpec.AvailableService(
                      tagsByKey.get(entry), count, entry.substring(0, entry.indexOf('\u0000')))));
      return out;
    }
  }
}
