package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.SnapshotCache;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardedSnapshotCacheTest {
  private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
  private static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aPushStuckInOneGroupHoldsBackNeitherThePushNorTheAckOfAGroupInAnotherShard()
      throws Exception {
    ShardedSnapshotCache cache = new ShardedSnapshotCache(ProxyKind::group, 16);
    Node stuck = node("default.stuck");
    Node other = otherShard(cache, stuck);
    CountDownLatch inSend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    cache.createWatch(true, cds(stuck, ""), Set.of(), blockingIn(inSend, release), false, false);
    CompletableFuture<Void> stuckPush =
        CompletableFuture.runAsync(
            () -> cache.setSnapshot(ProxyKind.group(stuck), snapshot("v1", "a")));
    try {
      assertThat(inSend.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      // While the first group's response is being sent, the other proxy is pushed to and ACKs.
      List<Response> received = Collections.synchronizedList(new ArrayList<>());
      cache.createWatch(true, cds(other, ""), Set.of(), received::add, false, false);
      CompletableFuture<Void> otherPush =
          CompletableFuture.runAsync(
              () -> cache.setSnapshot(ProxyKind.group(other), snapshot("v1", "b")));
      await().atMost(WAIT).until(otherPush::isDone);
      assertThat(received).extracting(Response::version).containsExactly("v1");
      CompletableFuture<Watch> ack =
          CompletableFuture.supplyAsync(
              () ->
                  cache.createWatch(
                      true, cds(other, "v1"), Set.of("b"), received::add, false, false));
      await().atMost(WAIT).until(ack::isDone);
      assertThat(received).hasSize(1);
      assertThat(stuckPush).isNotDone();
    } finally {
      release.countDown();
    }
    stuckPush.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void oneSimpleCacheHoldsBackEveryOtherGroupsPushWhileOneResponseIsSent() throws Exception {
    // What the shards remove: java-control-plane's cache sends inside its monitor.
    SimpleCache<String> single = new SimpleCache<>(ProxyKind::group);
    Node stuck = node("default.stuck");
    Node other = node("default.other");
    CountDownLatch inSend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    single.createWatch(true, cds(stuck, ""), Set.of(), blockingIn(inSend, release), false, false);
    Thread stuckPush =
        new Thread(() -> single.setSnapshot(ProxyKind.group(stuck), snapshot("v1", "a")));
    stuckPush.start();
    assertThat(inSend.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Thread otherPush =
        new Thread(() -> single.setSnapshot(ProxyKind.group(other), snapshot("v1", "b")));
    otherPush.start();
    try {
      await().atMost(WAIT).until(() -> otherPush.getState() == Thread.State.BLOCKED);
    } finally {
      release.countDown();
    }
    stuckPush.join(WAIT.toMillis());
    otherPush.join(WAIT.toMillis());
    assertThat(single.getSnapshot(ProxyKind.group(other))).isNotNull();
  }

  @Test
  void everyGroupIsServedExactlyAsOneSimpleCacheServesIt() {
    List<Node> nodes = IntStream.range(0, 40).mapToObj(i -> node("default.proxy-" + i)).toList();
    List<String> expected = script(new SimpleCache<>(ProxyKind::group), nodes);
    ShardedSnapshotCache sharded = new ShardedSnapshotCache(ProxyKind::group, 8);
    assertThat(nodes.stream().map(n -> sharded.shardOf(ProxyKind.group(n))).distinct().count())
        .isEqualTo(8);

    assertThat(script(sharded, nodes)).isEqualTo(expected);
    assertThat(expected)
        .contains(
            "default.proxy-0 first request before any snapshot: []",
            "default.proxy-0 snapshot v1: [CDS v1 [a, b]]",
            "default.proxy-0 ACK of v1: []",
            "default.proxy-0 same snapshot set again: []",
            "default.proxy-0 reconnect at v1: []",
            "default.proxy-0 reconnect at v0: [CDS v1 [a, b]]",
            "default.proxy-0 EDS for [a]: [EDS v1 [a]]",
            "default.proxy-0 snapshot v2: [CDS v2 [a], EDS v2 [a]]",
            "default.proxy-0 ACK of v2: []",
            "default.proxy-0 clear with open watches: false",
            "default.proxy-0 clear after the streams closed: true");
  }

  /** Drives one cache the way the ADS server does and records every response, in order. */
  private static List<String> script(SnapshotCache<String, Snapshot> cache, List<Node> nodes) {
    List<String> log = new ArrayList<>();
    for (Node node : nodes) {
      String group = ProxyKind.group(node);
      String id = node.getId();
      List<Watch> open = new ArrayList<>();
      List<String> got = new ArrayList<>();
      Consumer<Response> record =
          r ->
              got.add(
                  (r.request().getTypeUrl().equals(CDS) ? "CDS " : "EDS ")
                      + r.version()
                      + " "
                      + r.resources().stream()
                          .map(Resources::getResourceName)
                          .sorted()
                          .collect(Collectors.toList()));
      open.add(cache.createWatch(true, cds(node, ""), Set.of(), record, false, false));
      log.add(id + " first request before any snapshot: " + got);
      cache.setSnapshot(group, snapshot("v1", "a", "b"));
      log.add(id + " snapshot v1: " + got);
      got.clear();
      open.add(cache.createWatch(true, cds(node, "v1"), Set.of("a", "b"), record, false, false));
      log.add(id + " ACK of v1: " + got);
      cache.setSnapshot(group, snapshot("v1", "a", "b"));
      log.add(id + " same snapshot set again: " + got);
      Watch reconnected = cache.createWatch(true, cds(node, "v1"), Set.of(), record, false, false);
      log.add(id + " reconnect at v1: " + got);
      reconnected.cancel();
      open.add(cache.createWatch(true, cds(node, "v0"), Set.of(), record, false, false));
      log.add(id + " reconnect at v0: " + got);
      got.clear();
      open.add(cache.createWatch(true, eds(node, "", "a"), Set.of(), record, false, false));
      log.add(id + " EDS for [a]: " + got);
      got.clear();
      open.add(cache.createWatch(true, eds(node, "v1", "a"), Set.of("a"), record, false, false));
      cache.setSnapshot(group, snapshot("v2", "a"));
      log.add(id + " snapshot v2: " + got);
      got.clear();
      assertThat(cache.getSnapshot(group).clusters().version()).isEqualTo("v2");
      open.add(cache.createWatch(true, cds(node, "v2"), Set.of("a"), record, false, false));
      log.add(id + " ACK of v2: " + got);
      log.add(id + " clear with open watches: " + cache.clearSnapshot(group));
      open.forEach(Watch::cancel);
      log.add(id + " clear after the streams closed: " + cache.clearSnapshot(group));
      log.add(id + " snapshot after clear: " + cache.getSnapshot(group));
      log.add(id + " nothing else sent: " + got);
    }
    return log;
  }

  private static Consumer<Response> blockingIn(CountDownLatch entered, CountDownLatch release) {
    return response -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  private static Node otherShard(ShardedSnapshotCache cache, Node node) {
    int shard = cache.shardOf(ProxyKind.group(node));
    return IntStream.range(0, 1000)
        .mapToObj(i -> node("default.other-" + i))
        .filter(n -> cache.shardOf(ProxyKind.group(n)) != shard)
        .findFirst()
        .orElseThrow();
  }

  private static Node node(String id) {
    return Node.newBuilder().setId(id).setUserAgentName("envoy").build();
  }

  private static XdsRequest cds(Node node, String version) {
    return XdsRequest.create(
        DiscoveryRequest.newBuilder()
            .setNode(node)
            .setTypeUrl(CDS)
            .setVersionInfo(version)
            .build());
  }

  private static XdsRequest eds(Node node, String version, String... names) {
    return XdsRequest.create(
        DiscoveryRequest.newBuilder()
            .setNode(node)
            .setTypeUrl(EDS)
            .setVersionInfo(version)
            .addAllResourceNames(List.of(names))
            .build());
  }

  private static Snapshot snapshot(String version, String... clusters) {
    return Snapshot.create(
        List.of(clusters).stream().map(c -> Cluster.newBuilder().setName(c).build()).toList(),
        List.of(clusters).stream()
            .map(c -> ClusterLoadAssignment.newBuilder().setClusterName(c).build())
            .toList(),
        List.of(),
        List.of(),
        List.of(),
        version);
  }
}
