package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.PolicyEvent;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.zone.config.ZoneProperties;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generator's promises, without a network: who is regenerated, and make-before-break. */
class XdsSnapshotsTest {
  static final String ZONE = "zone-1";
  final Projection projection = new Projection();
  final Map<String, Long> sequences = new HashMap<>();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final XdsSnapshots snapshots =
      new XdsSnapshots(
          projection,
          new ZoneProperties(
              ZONE,
              ZoneProperties.Mode.STANDALONE,
              null,
              null,
              new ZoneProperties.DataplaneServer(
                  null, null, null, Duration.ofMillis(300), null, null)),
          meters);

  @AfterEach
  void stop() {
    snapshots.destroy();
  }

  DataplaneSpec spec(String service, int port, String... outbounds) {
    List<DataplaneSpec.Outbound> out = new ArrayList<>();
    for (int i = 0; i < outbounds.length; i++) {
      out.add(new DataplaneSpec.Outbound(10001 + i, null, Map.of("kuma.io/service", outbounds[i])));
    }
    return new DataplaneSpec(
        new DataplaneSpec.Networking(
            "10.0.0.1",
            null,
            List.of(
                new DataplaneSpec.Inbound(
                    port,
                    null,
                    null,
                    null,
                    Map.of(
                        "kuma.io/service",
                        service,
                        "kuma.io/zone",
                        ZONE,
                        "kuma.io/protocol",
                        "http"),
                    null,
                    null,
                    null)),
            out,
            null,
            null));
  }

  void register(String name, DataplaneSpec spec) {
    String id = ResourceKey.dataplane("default", name).logKey();
    long seq = sequences.merge(id, 1L, Long::sum) - 1;
    DataplaneEvent event =
        seq == 0
            ? new DataplaneEvent.DataplaneRegistered("default", name, spec)
            : new DataplaneEvent.DataplaneUpdated("default", name, spec);
    projection.apply(
        LogSource.standaloneZone(ZONE),
        new EventEnvelope(
            UUID.randomUUID().toString(), ZONE, id, seq, Instant.now(), "test", event));
    snapshots.changed(Set.of(ResourceKey.dataplane("default", name)));
  }

  String connect(String name) {
    String group = "default." + name + "#ENVOY";
    snapshots.streamOpened(group, ResourceKey.dataplane("default", name), ProxyKind.ENVOY);
    await().atMost(Duration.ofSeconds(5)).until(() -> snapshots.cache().getSnapshot(group) != null);
    return group;
  }

  Set<String> clusters(String group) {
    return snapshots.cache().getSnapshot(group).clusters().resources().keySet();
  }

  @Test
  void aClusterNoLongerRoutedToIsServedOneMoreRoundThenDropped() {
    register("db-1", spec("db", 5432));
    register("cache-1", spec("cache", 6379));
    register("web-1", spec("web", 8080, "db", "cache"));
    String web = connect("web-1");
    assertThat(clusters(web)).contains("db", "cache");

    register("web-1", spec("web", 8080, "db"));
    // The listener for cache is gone at once, its cluster only after the retire delay.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                !snapshots
                    .cache()
                    .getSnapshot(web)
                    .listeners()
                    .resources()
                    .containsKey("outbound:127.0.0.1:10002"));
    assertThat(clusters(web)).contains("cache");
    await().atMost(Duration.ofSeconds(5)).until(() -> !clusters(web).contains("cache"));
    assertThat(clusters(web)).contains("db");
  }

  @Test
  void onlyProxiesAChangeAffectsGetANewSnapshot() {
    register("db-1", spec("db", 5432));
    register("queue-1", spec("queue", 5672));
    register("web-1", spec("web", 8080, "db"));
    register("worker-1", spec("worker", 9090, "queue"));
    String web = connect("web-1");
    String worker = connect("worker-1");
    Snapshot workerBefore = snapshots.cache().getSnapshot(worker);
    String webEndpointsBefore = snapshots.cache().getSnapshot(web).endpoints().version();

    register("db-2", spec("db", 5433));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                !snapshots
                    .cache()
                    .getSnapshot(web)
                    .endpoints()
                    .version()
                    .equals(webEndpointsBefore));
    assertThat(snapshots.cache().getSnapshot(worker)).isSameAs(workerBefore);
  }

  void putPolicy(ResourceKey key, String json) {
    try {
      PolicySpec spec =
          new PolicySpec(null, dev.meridian.kernel.json.DomainJson.canonical().readTree(json));
      long seq = sequences.merge(key.logKey(), 1L, Long::sum) - 1;
      projection.apply(
          LogSource.standaloneZone(ZONE),
          new EventEnvelope(
              UUID.randomUUID().toString(),
              ZONE,
              key.logKey(),
              seq,
              Instant.now(),
              "test",
              seq == 0 ? PolicyEvent.created(key, spec) : PolicyEvent.updated(key, spec)));
      snapshots.changed(Set.of(key));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  long generations() {
    return meters.get("xds_generation").timer().count();
  }

  @Test
  void aPolicyChangeRegeneratesOnlyTheProxiesWhoseRulesChange() {
    register("db-1", spec("db", 5432));
    register("queue-1", spec("queue", 5672));
    register("web-1", spec("web", 8080, "db"));
    register("worker-1", spec("worker", 9090, "queue"));
    String web = connect("web-1");
    String worker = connect("worker-1");
    Snapshot workerBefore = snapshots.cache().getSnapshot(worker);
    String webClustersBefore = snapshots.cache().getSnapshot(web).clusters().version();
    long before = generations();

    putPolicy(
        new ResourceKey(ResourceKind.MESH_TIMEOUT, "default", "web-timeout"),
        "{\"targetRef\": {\"kind\": \"MeshService\", \"name\": \"web\"}, \"to\":"
            + " [{\"targetRef\": {\"kind\": \"Mesh\"}, \"default\": {\"connectionTimeout\":"
            + " \"1s\"}}]}");

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                !snapshots.cache().getSnapshot(web).clusters().version().equals(webClustersBefore));
    // Only web-1's rules changed: it alone was regenerated.
    assertThat(generations()).isEqualTo(before + 1);
    assertThat(snapshots.cache().getSnapshot(worker)).isSameAs(workerBefore);
  }

  @Test
  void regeneratingUnchangedConfigKeepsTheSameSnapshot() {
    register("db-1", spec("db", 5432));
    register("web-1", spec("web", 8080, "db"));
    String web = connect("web-1");
    Snapshot before = snapshots.cache().getSnapshot(web);

    // A new event that changes nothing the proxy sees (same spec as before).
    register("web-1", spec("web", 8080, "db"));
    String otherGroup = connect("db-1");

    assertThat(snapshots.cache().getSnapshot(otherGroup)).isNotNull();
    assertThat(snapshots.cache().getSnapshot(web)).isSameAs(before);
  }

  @Test
  void proxiesCallingTheSameServiceShareItsClusterAndEndpoints() {
    register("db-1", spec("db", 5432));
    register("web-1", spec("web", 8080, "db"));
    register("web-2", spec("web", 8081, "db"));
    String one = connect("web-1");
    String two = connect("web-2");
    assertThat(snapshots.cache().getSnapshot(one).clusters().resources().get("db"))
        .isSameAs(snapshots.cache().getSnapshot(two).clusters().resources().get("db"));
    assertThat(snapshots.cache().getSnapshot(one).endpoints().resources().get("db"))
        .isSameAs(snapshots.cache().getSnapshot(two).endpoints().resources().get("db"));
  }

  static final String DB_TIMEOUT_1S =
      "{\"targetRef\": {\"kind\": \"Mesh\"}, \"to\": [{\"targetRef\": {\"kind\":"
          + " \"MeshService\", \"name\": \"db\"}, \"default\": {\"connectionTimeout\": \"1s\"}}]}";

  static long connectTimeoutSeconds(XdsSnapshots generator, String group, String cluster) {
    return ((io.envoyproxy.envoy.config.cluster.v3.Cluster)
            generator.cache().getSnapshot(group).clusters().resources().get(cluster))
        .getConnectTimeout()
        .getSeconds();
  }

  double rendered() {
    return meters.get("meridian_xds_resources_rendered_total").counter().count();
  }

  @Test
  void aPolicyChangeRendersOnlyWhatItChangesAndThatOnceForEqualProxies() {
    register("db-1", spec("db", 5432));
    register("web-1", spec("web", 8080, "db"));
    register("web-2", spec("web", 8081, "db"));
    String one = connect("web-1");
    String two = connect("web-2");
    double before = rendered();

    putPolicy(new ResourceKey(ResourceKind.MESH_TIMEOUT, "default", "db-timeout"), DB_TIMEOUT_1S);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                connectTimeoutSeconds(snapshots, one, "db") == 1
                    && connectTimeoutSeconds(snapshots, two, "db") == 1);
    // The outbound listener and the cluster of db, once for both proxies; their inbound
    // listeners, local and admin resources are reused from what each was served before.
    assertThat(rendered() - before).isEqualTo(2);
  }

  @Test
  void aPassOverManyProxiesOnSeveralThreadsServesWhatOneThreadServes() {
    XdsSnapshots parallel =
        new XdsSnapshots(
            projection,
            new ZoneProperties(
                ZONE,
                ZoneProperties.Mode.STANDALONE,
                null,
                null,
                new ZoneProperties.DataplaneServer(
                    null, null, null, Duration.ofMillis(300), 3, null)),
            new SimpleMeterRegistry());
    XdsSnapshots single =
        new XdsSnapshots(
            projection,
            new ZoneProperties(
                ZONE,
                ZoneProperties.Mode.STANDALONE,
                null,
                null,
                new ZoneProperties.DataplaneServer(
                    null, null, null, Duration.ofMillis(300), 1, null)),
            new SimpleMeterRegistry());
    try {
      register("db-1", spec("db", 5432));
      List<String> groups = new ArrayList<>();
      for (int i = 0; i < 3 * XdsSnapshots.PARALLEL_THRESHOLD; i++) {
        register("web-" + i, spec("web", 8000 + i, "db"));
        groups.add("default.web-" + i + "#ENVOY");
      }
      for (XdsSnapshots generator : List.of(parallel, single)) {
        for (int i = 0; i < groups.size(); i++) {
          generator.streamOpened(
              groups.get(i), ResourceKey.dataplane("default", "web-" + i), ProxyKind.ENVOY);
        }
      }
      ResourceKey policy = new ResourceKey(ResourceKind.MESH_TIMEOUT, "default", "db-timeout");
      putPolicy(policy, DB_TIMEOUT_1S);
      parallel.changed(Set.of(policy));
      single.changed(Set.of(policy));

      for (XdsSnapshots generator : List.of(parallel, single)) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    groups.stream()
                        .allMatch(
                            g ->
                                generator.cache().getSnapshot(g) != null
                                    && connectTimeoutSeconds(generator, g, "db") == 1));
      }
      for (String group : groups) {
        Snapshot a = parallel.cache().getSnapshot(group);
        Snapshot b = single.cache().getSnapshot(group);
        assertThat(a.clusters().version()).isEqualTo(b.clusters().version());
        assertThat(a.listeners().version()).isEqualTo(b.listeners().version());
        assertThat(a.endpoints().version()).isEqualTo(b.endpoints().version());
      }
    } finally {
      parallel.destroy();
      single.destroy();
    }
  }
}
