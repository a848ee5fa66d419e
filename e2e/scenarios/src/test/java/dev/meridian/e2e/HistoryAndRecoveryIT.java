package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.e2e.support.LocalCluster;
import dev.meridian.testkit.grpc.AdsRecorder;
import dev.meridian.testkit.grpc.EchoServers;
import dev.meridian.testkit.grpc.XdsClients;
import io.grpc.ManagedChannel;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the log gives operators, on global + two zones as separate processes: the mesh as it was at
 * any moment, who changed what, and control planes that come back from the log alone after losing
 * their disk, without their proxies noticing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryAndRecoveryIT {
  @TempDir static Path home;
  static LocalCluster cluster;
  static int global;
  static int zone1;
  static int zone2;

  @BeforeAll
  static void up() {
    // Ports of their own, so this setup never meets another one on the same machine, all below
    // Linux's ephemeral range (32768+), where a client socket may hold the port at any moment.
    cluster = new LocalCluster(home, 19092, 31681, 3000);
    global = cluster.globalPort();
    zone1 = cluster.zoneApiPort(1);
    zone2 = cluster.zoneApiPort(2);
    LocalCluster.Result result = cluster.launcher("up", "--zones", "dr-1,dr-2", "--no-build");
    assertThat(result.exitCode()).as(result.output()).isZero();
    for (int port : new int[] {zone1, zone2}) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.get(port, "/meshes/default").status() == 200);
    }
  }

  @AfterAll
  static void down() {
    LocalCluster.Result result = cluster.launcher("down");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(LocalCluster.listening(global)).isFalse();
  }

  static String dataplane(String name, String service, String address, int port) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "%s",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "%s", "kuma.io/protocol": "grpc"}}]}}
        """
        .formatted(name, address, port, service);
  }

  static String mesh(String name, boolean localityAware) {
    return """
        {"type": "Mesh", "name": "%s", "routing": {"localityAwareLoadBalancing": %s}}
        """
        .formatted(name, localityAware);
  }

  static String timeout(String requestTimeout) {
    return """
        {"type": "MeshTimeout", "mesh": "ledger", "name": "ledger-timeouts",
         "spec": {"targetRef": {"kind": "Mesh"},
                  "to": [{"targetRef": {"kind": "Mesh"},
                          "default": {"http": {"requestTimeout": "%s"}}}]}}
        """
        .formatted(requestTimeout);
  }

  static String at(Instant time) {
    return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
  }

  /** What global answers now for the reads the test replays later. */
  record Moment(Instant time, JsonNode dataplanes, JsonNode meshes, String export) {}

  static Moment capture() {
    Instant before = Instant.now();
    await().until(() -> Instant.now().isAfter(before.plusMillis(20)));
    Instant time = Instant.now();
    Moment moment =
        new Moment(
            time,
            cluster.get(global, "/meshes/default/dataplanes").json(),
            cluster.get(global, "/meshes").json(),
            cluster.get(global, "/meshes/default/_export").body());
    Instant after = Instant.now();
    await().until(() -> Instant.now().isAfter(after.plusMillis(20)));
    return moment;
  }

  static void awaitOnGlobal(String path, int status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.get(global, path).status() == status);
  }

  @Test
  @Order(1)
  void theMeshAtThreeMomentsIsWhatTheApiAnsweredThen() {
    Instant start = Instant.now();
    assertThat(
            cluster
                .put(
                    zone1,
                    "/meshes/default/dataplanes/a-1",
                    dataplane("a-1", "a", "10.1.0.1", 7000))
                .status())
        .isEqualTo(201);
    assertThat(
            cluster
                .put(
                    zone2,
                    "/meshes/default/dataplanes/b-1",
                    dataplane("b-1", "b", "10.2.0.1", 7000))
                .status())
        .isEqualTo(201);
    awaitOnGlobal("/meshes/default/dataplanes/a-1", 200);
    awaitOnGlobal("/meshes/default/dataplanes/b-1", 200);
    Moment first = capture();

    assertThat(
            cluster
                .put(
                    zone1,
                    "/meshes/default/dataplanes/a-1",
                    dataplane("a-1", "a", "10.1.0.2", 7000))
                .status())
        .isEqualTo(200);
    assertThat(cluster.delete(zone2, "/meshes/default/dataplanes/b-1").status()).isEqualTo(200);
    assertThat(cluster.put(global, "/meshes/payments", mesh("payments", false)).status())
        .isEqualTo(201);
    awaitOnGlobal("/meshes/default/dataplanes/b-1", 404);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster
                    .get(global, "/meshes/default/dataplanes/a-1")
                    .json()
                    .at("/networking/address")
                    .asText()
                    .equals("10.1.0.2"));
    Moment second = capture();

    assertThat(
            cluster
                .put(
                    zone2,
                    "/meshes/default/dataplanes/b-1",
                    dataplane("b-1", "b", "10.2.0.9", 7000))
                .status())
        .isEqualTo(201);
    assertThat(cluster.put(global, "/meshes/payments", mesh("payments", true)).status())
        .isEqualTo(200);
    awaitOnGlobal("/meshes/default/dataplanes/b-1", 200);
    Moment third = capture();

    for (Moment m : List.of(first, second, third)) {
      assertThat(cluster.get(global, "/meshes/default/dataplanes?at=" + at(m.time())).json())
          .as("dataplanes at %s", m.time())
          .isEqualTo(m.dataplanes());
      assertThat(cluster.get(global, "/meshes?at=" + at(m.time())).json())
          .as("meshes at %s", m.time())
          .isEqualTo(m.meshes());
      assertThat(cluster.get(global, "/meshes/default/_export?at=" + at(m.time())).body())
          .as("export at %s", m.time())
          .isEqualTo(m.export());
    }
    // A zone answers for its own part of the past too.
    assertThat(
            cluster
                .get(zone1, "/meshes/default/dataplanes/a-1?at=" + at(first.time()))
                .json()
                .at("/networking/address")
                .asText())
        .isEqualTo("10.1.0.1");

    JsonNode firstToSecond =
        cluster
            .get(
                global,
                "/meshes/default/_diff?from=" + at(first.time()) + "&to=" + at(second.time()))
            .json();
    assertThat(firstToSecond.get("added")).isEmpty();
    assertThat(firstToSecond.get("removed"))
        .extracting(r -> r.get("name").asText())
        .containsExactly("b-1");
    assertThat(firstToSecond.get("changed")).hasSize(1);
    assertThat(firstToSecond.at("/changed/0/name").asText()).isEqualTo("a-1");
    assertThat(firstToSecond.at("/changed/0/changes/0/path").asText())
        .isEqualTo("networking.address");
    assertThat(firstToSecond.at("/changed/0/changes/0/before").asText()).isEqualTo("10.1.0.1");
    assertThat(firstToSecond.at("/changed/0/changes/0/after").asText()).isEqualTo("10.1.0.2");
    JsonNode secondToThird =
        cluster
            .get(
                global,
                "/meshes/default/_diff?from=" + at(second.time()) + "&to=" + at(third.time()))
            .json();
    assertThat(secondToThird.get("added"))
        .extracting(r -> r.get("name").asText())
        .containsExactly("b-1");
    assertThat(secondToThird.get("removed")).isEmpty();
    assertThat(secondToThird.get("changed")).isEmpty();

    // Global's audit log has every change of every zone, newest first, with who made it.
    JsonNode audit = cluster.get(global, "/audit/events?since=" + at(start)).json();
    assertThat(audit.get("items"))
        .extracting(
            e ->
                e.get("type").asText()
                    + " "
                    + e.get("name").asText()
                    + " "
                    + e.get("operation").asText()
                    + " "
                    + e.get("origin").asText())
        .containsExactly(
            "Mesh payments UPDATE global",
            "Dataplane b-1 CREATE dr-2",
            // What global gives a new mesh before answering its creation: Kuma's initial
            // allow-all permission and a dataplane-token signing key.
            "MeshTrafficPermission allow-all-payments CREATE global",
            "Secret dataplane-token-signing-key-payments-1 CREATE global",
            "Mesh payments CREATE global",
            "Dataplane b-1 DELETE dr-2",
            "Dataplane a-1 UPDATE dr-1",
            "Dataplane b-1 CREATE dr-2",
            "Dataplane a-1 CREATE dr-1");
    assertThat(audit.get("items"))
        .allSatisfy(
            e ->
                assertThat(e.get("actor").asText())
                    .isEqualTo(
                        e.get("type").asText().matches("Secret|MeshTrafficPermission")
                            ? "system"
                            : "anonymous"));
  }

  @Test
  @Order(2)
  void aZoneAndThenGlobalComeBackFromTheLogAloneWithoutTheirProxiesNoticing() {
    try (EchoServers.Echo server = EchoServers.start("orders-v1");
        AdsRecorder proxy = new AdsRecorder(cluster.zoneAdsPort(1), "default", "shop-1")) {
      assertThat(
              cluster
                  .put(
                      zone1,
                      "/meshes/default/dataplanes/orders-1",
                      dataplane("orders-1", "orders", "127.0.0.1", server.port()))
                  .status())
          .isEqualTo(201);
      String shop =
          """
          {"type": "Dataplane", "mesh": "default", "name": "shop-1",
           "networking": {"address": "127.0.0.1",
             "inbound": [{"port": 18080, "tags": {"kuma.io/service": "shop"}}],
             "outbound": [{"port": 10001, "tags": {"kuma.io/service": "orders"}}]}}
          """;
      assertThat(cluster.put(zone1, "/meshes/default/dataplanes/shop-1", shop).status())
          .isEqualTo(201);
      ManagedChannel client =
          XdsClients.channel(cluster.zoneAdsPort(1), "default", "shop-1", "orders");
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> EchoServers.who(client, 2000).equals("orders-v1"));
        // The listening proxy has the config that routes to orders.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    clustersOf(proxy, 1).stream().anyMatch(v -> !v.isEmpty())
                        && !proxy.versions(AdsRecorder.LISTENERS, 1).isEmpty());
        awaitQuiet(proxy);
        List<String> listenersBefore = proxy.versions(AdsRecorder.LISTENERS, 1);
        List<String> clustersBefore = clustersOf(proxy, 1);
        String zoneChecksum = cluster.get(zone1, "/status/rebuild").json().get("checksum").asText();

        // Zone 1 loses its disk.
        cluster.stop("dr-1");
        cluster.wipeData("dr-1");
        LocalCluster.Result restart = cluster.launcher("up", "--zones", "dr-1,dr-2", "--no-build");
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        JsonNode status = cluster.get(zone1, "/status/rebuild").json();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    cluster
                        .get(zone1, "/status/rebuild")
                        .json()
                        .get("checksum")
                        .asText()
                        .equals(zoneChecksum));
        assertThat(status.at("/commandSide/outcome").asText()).isEqualTo("RESTORED");
        // The restore's progress is in the metrics too: every record of its topic read, none left.
        assertThat(cluster.get(zone1, "/actuator/prometheus").body())
            .containsPattern("meridian_rebuild_records_read\\{[^}]*side=\"command\"[^}]*\\} [1-9]")
            .containsPattern(
                "meridian_rebuild_records_remaining\\{[^}]*side=\"command\"[^}]*\\} 0\\.0")
            .containsPattern("meridian_rebuild_done\\{[^}]*side=\"command\"[^}]*\\} 1\\.0");

        // The proxy reconnected and was sent exactly the versions it had: no config churn.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    !proxy.versionsFrom(AdsRecorder.CLUSTERS, 2).isEmpty()
                        && !proxy.versionsFrom(AdsRecorder.LISTENERS, 2).isEmpty());
        awaitQuiet(proxy);
        assertThat(proxy.versionsFrom(AdsRecorder.LISTENERS, 2))
            .containsOnly(last(listenersBefore));
        assertThat(proxy.versionsFrom(AdsRecorder.CLUSTERS, 2)).containsOnly(last(clustersBefore));
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> EchoServers.who(client, 2000).equals("orders-v1"));

        // Dataplanes registered before the loss are still theirs to update.
        assertThat(
                cluster
                    .put(
                        zone1,
                        "/meshes/default/dataplanes/orders-1",
                        dataplane("orders-1", "orders", "127.0.0.1", server.port())
                            .replace("\"grpc\"}", "\"grpc\", \"version\": \"2\"}"))
                    .status())
            .isEqualTo(200);
        awaitOnGlobal("/meshes/default/dataplanes/orders-1", 200);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    cluster
                        .get(global, "/meshes/default/dataplanes/orders-1")
                        .body()
                        .contains("\"version\""));

        // Then global loses its disk.
        assertThat(cluster.put(global, "/meshes/ledger", mesh("ledger", true)).status())
            .isEqualTo(201);
        assertThat(
                cluster
                    .put(global, "/meshes/ledger/meshtimeouts/ledger-timeouts", timeout("3s"))
                    .status())
            .isEqualTo(201);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> cluster.get(zone2, "/meshes/ledger").status() == 200);
        String globalChecksum =
            cluster.get(global, "/status/rebuild").json().get("checksum").asText();
        int received = proxy.received().size();
        cluster.stop("global");
        cluster.wipeData("global");
        LocalCluster.Result globalRestart =
            cluster.launcher("up", "--zones", "dr-1,dr-2", "--no-build");
        assertThat(globalRestart.exitCode()).as(globalRestart.output()).isZero();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    cluster
                        .get(global, "/status/rebuild")
                        .json()
                        .get("checksum")
                        .asText()
                        .equals(globalChecksum));
        assertThat(
                cluster.get(global, "/status/rebuild").json().at("/commandSide/outcome").asText())
            .isEqualTo("RESTORED");
        // A mesh and a policy created before the loss are still global's to update.
        assertThat(cluster.put(global, "/meshes/ledger", mesh("ledger", false)).status())
            .isEqualTo(200);
        assertThat(
                cluster
                    .put(global, "/meshes/ledger/meshtimeouts/ledger-timeouts", timeout("5s"))
                    .status())
            .isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    cluster
                        .get(zone2, "/meshes/ledger/meshtimeouts/ledger-timeouts")
                        .body()
                        .contains("5s"));
        assertThat(cluster.get(zone2, "/meshes/ledger").body()).contains("false");
        // Zones kept serving; their proxies saw nothing of it.
        assertThat(proxy.received()).hasSize(received);
        assertThat(EchoServers.who(client, 2000)).isEqualTo("orders-v1");
      } finally {
        client.shutdownNow();
      }
    }
  }

  /** Waits until the proxy has been sent nothing new for a while: its config has settled. */
  private static void awaitQuiet(AdsRecorder proxy) {
    int[] seen = {-1};
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              int now = proxy.received().size();
              boolean unchanged = now == seen[0];
              seen[0] = now;
              return unchanged;
            });
  }

  private static List<String> clustersOf(AdsRecorder proxy, int connection) {
    return proxy.versions(AdsRecorder.CLUSTERS, connection);
  }

  private static String last(List<String> versions) {
    return versions.get(versions.size() - 1);
  }
}
