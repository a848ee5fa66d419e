package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.e2e.support.LauncherLogs;
import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecord;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.testkit.grpc.EchoServers;
import dev.meridian.testkit.grpc.XdsClients;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first minutes, automated: {@code deploy/local/meridian up} starts a real Kafka
 * broker process and a zone control plane JVM, the user PUTs a Dataplane with plain HTTP, reads it
 * back stamped with the zone, sees an invalid one rejected, and {@code down} stops it all.
 */
class LocalLauncherIT {
  // Ports away from the defaults so a developer's own `meridian up` is not disturbed, and below
  // Linux's ephemeral range (32768+), where a client socket may hold the port at any moment.
  static final int KAFKA_PORT = 29092;
  static final int STRIDE = 2000;
  static final int API_PORT = STRIDE + 5681;
  static final int ADS_PORT = STRIDE + 5678;
  static final int ZONE_2_API_PORT = 2 * STRIDE + 5681;
  static final int GLOBAL_PORT = 21681;
  static final Path REPO = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  static String upOutput;

  @BeforeAll
  static void up() throws Exception {
    Result result = launcher("up", "--zones", "e2e-1,e2e-2", "--no-build");
    assertThat(result.exitCode()).as(result.output()).isZero();
    upOutput = result.output();
    assertThat(result.output())
        .contains("global      API http://127.0.0.1:" + GLOBAL_PORT)
        .contains("API http://127.0.0.1:" + API_PORT)
        .contains("API http://127.0.0.1:" + ZONE_2_API_PORT)
        .contains("ADS+bootstrap 127.0.0.1:" + ADS_PORT);
    // The default mesh is created on global and reaches both zones over the log.
    for (int port : new int[] {API_PORT, ZONE_2_API_PORT}) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> send(port, "GET", "/meshes/default", null).statusCode() == 200);
    }
  }

  @AfterAll
  static void down() throws Exception {
    Result result = launcher("down");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(listening(KAFKA_PORT)).as("Kafka stopped").isFalse();
    assertThat(listening(API_PORT)).as("zone stopped").isFalse();
    assertThat(listening(ADS_PORT)).as("dataplane server stopped").isFalse();
    assertThat(listening(ZONE_2_API_PORT)).as("zone 2 stopped").isFalse();
    assertThat(listening(GLOBAL_PORT)).as("global stopped").isFalse();
  }

  @Test
  void theMeridianctlTheLauncherPointsAtSeesBothZonesOnGlobal() throws Exception {
    Path bin = REPO.resolve("deploy/meridianctl/bin/meridianctl");
    String add =
        "meridianctl config control-planes add --name global --address http://127.0.0.1:"
            + GLOBAL_PORT;
    assertThat(upOutput).contains("meridianctl is " + bin).contains(add);
    // The printed commands, run as printed (with meridianctl being the launcher's script).
    String[] printed = add.substring("meridianctl ".length()).split(" ");
    assertThat(meridianctl(bin, printed).exitCode()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(meridianctl(bin, "inspect", "zones").output())
                    .containsPattern("(?m)^e2e-1\\s+Online\\s")
                    .containsPattern("(?m)^e2e-2\\s+Online\\s"));
  }

  /** The launcher's meridianctl script, with a config file of this test's own. */
  static Result meridianctl(Path bin, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(bin.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MERIDIANCTL_CONFIG", home.resolve("meridianctl-config").toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  @Test
  void aUserRegistersADataplaneAndReadsItBackStampedWithTheZone() throws Exception {
    String yaml =
        """
        type: Dataplane
        mesh: default
        name: backend-1
        networking:
          address: 192.168.0.2
          inbound:
            - port: 11011
              servicePort: 11012
              tags:
                kuma.io/service: backend
                kuma.io/zone: not-my-zone
        """;
    HttpResponse<String> put = send("PUT", "/meshes/default/dataplanes/backend-1", yaml);
    assertThat(put.statusCode()).isEqualTo(201);

    JsonNode read = JSON.readTree(send("GET", "/meshes/default/dataplanes/backend-1", null).body());
    assertThat(read.at("/networking/inbound/0/tags/kuma.io~1zone").asText()).isEqualTo("e2e-1");

    HttpResponse<String> bad =
        send(
            "PUT",
            "/meshes/default/dataplanes/bad",
            "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"bad\","
                + "\"networking\":{\"address\":\"\",\"inbound\":[{\"port\":8080,\"tags\":{}}]}}");
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode problem = JSON.readTree(bad.body());
    assertThat(problem.get("invalid_parameters").findValuesAsText("field"))
        .containsExactly("networking.address", "networking.inbound[0].tags[\"kuma.io/service\"]");
    assertThat(send("GET", "/meshes/default/dataplanes/bad", null).statusCode()).isEqualTo(404);

    Result status = launcher("status");
    assertThat(status.output())
        .containsPattern("kafka\\s+running")
        .containsPattern("global\\s+running\\s+UP")
        .containsPattern("e2e-1\\s+running\\s+UP")
        .containsPattern("e2e-2\\s+running\\s+UP");
  }

  @Test
  void dataplanesOfBothZonesAppearOnGlobalAndMeshesFlowFromGlobalToZones() throws Exception {
    String dataplane =
        """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "10.0.0.%d",
           "inbound": [{"port": 8080, "tags": {"kuma.io/service": "catalog"}}]}}
        """;
    assertThat(
            send(
                    API_PORT,
                    "PUT",
                    "/meshes/default/dataplanes/catalog-1",
                    dataplane.formatted("catalog-1", 1))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            send(
                    ZONE_2_API_PORT,
                    "PUT",
                    "/meshes/default/dataplanes/catalog-2",
                    dataplane.formatted("catalog-2", 2))
                .statusCode())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode list =
                  JSON.readTree(
                      send(GLOBAL_PORT, "GET", "/meshes/default/dataplanes", null).body());
              return list.get("items")
                  .findValuesAsText("name")
                  .containsAll(java.util.List.of("catalog-1", "catalog-2"));
            });
    for (String[] expected : new String[][] {{"catalog-1", "e2e-1"}, {"catalog-2", "e2e-2"}}) {
      JsonNode onGlobal =
          JSON.readTree(
              send(GLOBAL_PORT, "GET", "/meshes/default/dataplanes/" + expected[0], null).body());
      assertThat(onGlobal.at("/networking/inbound/0/tags/kuma.io~1zone").asText())
          .isEqualTo(expected[1]);
    }

    assertThat(
            send(
                    GLOBAL_PORT,
                    "PUT",
                    "/meshes/payments",
                    "{\"type\": \"Mesh\", \"name\": \"payments\"}")
                .statusCode())
        .isEqualTo(201);
    for (int port : new int[] {API_PORT, ZONE_2_API_PORT}) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> send(port, "GET", "/meshes/payments", null).statusCode() == 200);
    }

    HttpResponse<String> refused =
        send(API_PORT, "PUT", "/meshes/local", "{\"type\": \"Mesh\", \"name\": \"local\"}");
    assertThat(refused.statusCode()).isEqualTo(405);
    assertThat(refused.body()).contains("http://127.0.0.1:" + GLOBAL_PORT);
  }

  @Test
  void aProxylessGrpcClientIsRoutedToTheServiceItsZoneKnows() throws Exception {
    try (EchoServers.Echo server = EchoServers.start("orders-v1")) {
      String backend =
          """
          {"type": "Dataplane", "mesh": "default", "name": "orders-1",
           "networking": {"address": "127.0.0.1",
             "inbound": [{"port": %d, "tags": {"kuma.io/service": "orders",
                                               "kuma.io/protocol": "grpc"}}]}}
          """
              .formatted(server.port());
      String client =
          """
          {"type": "Dataplane", "mesh": "default", "name": "shop-1",
           "networking": {"address": "127.0.0.1",
             "inbound": [{"port": 18080, "tags": {"kuma.io/service": "shop"}}],
             "outbound": [{"port": 10001, "tags": {"kuma.io/service": "orders"}}]}}
          """;
      assertThat(send("PUT", "/meshes/default/dataplanes/orders-1", backend).statusCode())
          .isEqualTo(201);
      assertThat(send("PUT", "/meshes/default/dataplanes/shop-1", client).statusCode())
          .isEqualTo(201);
      ManagedChannel channel =
          XdsClients.channel(ADS_PORT, "default", "shop-1", "orders", dataplaneToken("shop-1"));
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> EchoServers.who(channel, 2000).equals("orders-v1"));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** A dataplane token issued on global, as a user asks for one. */
  static String dataplaneToken(String dataplane) throws Exception {
    HttpResponse<String> issued =
        send(
            GLOBAL_PORT,
            "POST",
            "/tokens/dataplane",
            "{\"mesh\":\"default\",\"name\":\"" + dataplane + "\",\"validFor\":\"1h\"}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    return issued.body().trim();
  }

  @Test
  void aTokenIssuedOnGlobalLetsAProxyInOnAZoneUntilGlobalRevokesIt() throws Exception {
    String dataplane =
        """
        {"type": "Dataplane", "mesh": "default", "name": "cart-1",
         "networking": {"address": "127.0.0.1",
           "inbound": [{"port": 18081, "tags": {"kuma.io/service": "cart"}}]}}
        """;
    assertThat(send("PUT", "/meshes/default/dataplanes/cart-1", dataplane).statusCode())
        .isEqualTo(201);
    String request = "{\"mesh\":\"default\",\"name\":\"cart-1\"}";
    assertThat(XdsClients.bootstrap(ADS_PORT, request).statusCode()).isEqualTo(401);

    // Global sealed the mesh's signing key on its topic; the zone opened it with the same key.
    String token = dataplaneToken("cart-1");
    String withToken =
        "{\"mesh\":\"default\",\"name\":\"cart-1\",\"dataplaneToken\":\"" + token + "\"}";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> XdsClients.bootstrap(ADS_PORT, withToken).statusCode() == 200);

    HttpResponse<String> revoked =
        send(
            GLOBAL_PORT,
            "POST",
            "/tokens/dataplane/revocations",
            "{\"token\":\"" + token + "\",\"reason\":\"e2e\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> XdsClients.bootstrap(ADS_PORT, withToken).statusCode() == 401);
    // A zone cannot revoke: revocations are written where meshes are owned.
    assertThat(
            send("POST", "/tokens/dataplane/revocations", "{\"token\":\"" + token + "\"}")
                .statusCode())
        .isEqualTo(405);
  }

  @Test
  void theDemoShowsBothZonesDataplanesOnGlobalAndItsPoliciesOnTheProxy() throws Exception {
    Result demo = launcher("demo");
    assertThat(demo.exitCode()).as(demo.output()).isZero();
    assertThat(demo.output())
        .contains("POST /apply the policies backend-timeouts and backend-canary -> 200");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                JSON.readTree(send(GLOBAL_PORT, "GET", "/meshes/demo/dataplanes", null).body())
                        .get("total")
                        .asInt()
                    == 3);
    JsonNode dataplanes =
        JSON.readTree(send(GLOBAL_PORT, "GET", "/meshes/demo/dataplanes", null).body());
    assertThat(dataplanes.get("items"))
        .extracting(d -> d.at("/networking/inbound/0/tags/kuma.io~1zone").asText())
        .containsExactlyInAnyOrder("e2e-1", "e2e-1", "e2e-2");
    String rules = send("GET", "/meshes/demo/dataplanes/web-1/_rules", null).body();
    assertThat(rules).contains("backend-timeouts").contains("backend-canary");
  }

  @Test
  void aKilledZoneGoesOfflineOnGlobalAndComesBackWithoutReplayingItsResources() throws Exception {
    String dataplane =
        """
        {"type": "Dataplane", "mesh": "default", "name": "ledger-1",
         "networking": {"address": "10.0.2.1",
           "inbound": [{"port": 8080, "tags": {"kuma.io/service": "ledger"}}]}}
        """;
    assertThat(
            send(ZONE_2_API_PORT, "PUT", "/meshes/default/dataplanes/ledger-1", dataplane)
                .statusCode())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                send(GLOBAL_PORT, "GET", "/meshes/default/dataplanes/ledger-1", null).statusCode()
                    == 200);
    await().atMost(Duration.ofSeconds(30)).until(() -> zoneOnline("e2e-2"));
    String modified =
        JSON.readTree(send(GLOBAL_PORT, "GET", "/meshes/default/dataplanes/ledger-1", null).body())
            .get("modificationTime")
            .asText();
    double appliedBefore = appliedFrom("e2e-2");
    assertThat(appliedBefore).as("global has applied zone-2's events").isPositive();

    // Kill zone-2's process the hard way.
    long pid = Long.parseLong(Files.readString(home.resolve("run/e2e-2.pid")).trim());
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await().atMost(Duration.ofSeconds(30)).until(() -> !zoneOnline("e2e-2"));

    // Start it again: it comes back online and resumes from the log, publishing nothing anew.
    Result restart = launcher("up", "--zones", "e2e-1,e2e-2", "--no-build");
    assertThat(restart.exitCode()).as(restart.output()).isZero();
    await().atMost(Duration.ofSeconds(60)).until(() -> zoneOnline("e2e-2"));
    JsonNode insight =
        JSON.readTree(send(GLOBAL_PORT, "GET", "/zones+insights/e2e-2", null).body());
    assertThat(insight.at("/zoneInsight/subscriptions").size()).isGreaterThanOrEqualTo(2);
    assertThat(
            JSON.readTree(
                    send(GLOBAL_PORT, "GET", "/meshes/default/dataplanes/ledger-1", null).body())
                .get("modificationTime")
                .asText())
        .isEqualTo(modified);
    assertThat(appliedFrom("e2e-2")).isEqualTo(appliedBefore);
  }

  @Test
  void aClientInZoneOneReachesAServerOfZoneTwoThroughZoneTwosIngress() throws Exception {
    try (EchoServers.Echo server = EchoServers.start("billing-in-e2e-2")) {
      String billing =
          """
          {"type": "Dataplane", "mesh": "default", "name": "billing-1",
           "networking": {"address": "127.0.0.1",
             "inbound": [{"port": 18090, "tags": {"kuma.io/service": "billing",
                                                 "kuma.io/protocol": "grpc"}}]}}
          """;
      assertThat(
              send(ZONE_2_API_PORT, "PUT", "/meshes/default/dataplanes/billing-1", billing)
                  .statusCode())
          .isEqualTo(201);
      // The test server stands in as zone 2's ingress: a proxyless client dials the ingress
      // directly.
      String ingress =
          """
          {"type": "ZoneIngress", "name": "ingress-e2e-2",
           "networking": {"address": "127.0.0.1", "port": %d,
                          "advertisedAddress": "127.0.0.1", "advertisedPort": %d}}
          """
              .formatted(server.port(), server.port());
      assertThat(send(ZONE_2_API_PORT, "PUT", "/zoneingresses/ingress-e2e-2", ingress).statusCode())
          .isEqualTo(201);
      String client =
          """
          {"type": "Dataplane", "mesh": "default", "name": "checkout-1",
           "networking": {"address": "127.0.0.1",
             "inbound": [{"port": 18091, "tags": {"kuma.io/service": "checkout"}}],
             "outbound": [{"port": 10002, "tags": {"kuma.io/service": "billing"}}]}}
          """;
      assertThat(send("PUT", "/meshes/default/dataplanes/checkout-1", client).statusCode())
          .isEqualTo(201);
      ManagedChannel channel =
          XdsClients.channel(
              ADS_PORT, "default", "checkout-1", "billing", dataplaneToken("checkout-1"));
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> EchoServers.who(channel, 2000).equals("billing-in-e2e-2"));
        // Its zone reports the proxy's insight to global: online, with its ACKs.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  JsonNode overview =
                      JSON.readTree(
                          send(
                                  GLOBAL_PORT,
                                  "GET",
                                  "/meshes/default/dataplanes+insights/checkout-1",
                                  null)
                              .body());
                  return overview.at("/dataplaneInsight/online").asBoolean()
                      && overview.at("/dataplaneInsight/zone").asText().equals("e2e-1")
                      && overview
                              .at(
                                  "/dataplaneInsight/subscriptions/0/status/total/responsesAcknowledged")
                              .asLong()
                          > 0;
                });
        // Zone 1's metrics, live: identity, xDS generation and delivery, the log it follows.
        String metrics = send(API_PORT, "GET", "/actuator/prometheus", null).body();
        assertThat(metrics)
            .contains("cp_info{", "product=\"Meridian\"")
            .containsPattern("xds_generation_seconds_count\\{[^}]*\\} [1-9]")
            .containsPattern("xds_delivery_seconds_count\\{[^}]*\\} [1-9]")
            .containsPattern("meridian_events_applied_total\\{[^}]*source=\"global\"[^}]*\\} [1-9]")
            .containsPattern("meridian_events_applied_total\\{[^}]*source=\"e2e-1\"[^}]*\\} [1-9]")
            .contains("meridian_log_consumer_lag{")
            .containsPattern("meridian_log_lag_records\\{[^}]*source=\"global\"[^}]*\\} \\d")
            .containsPattern("meridian_log_lag_records\\{[^}]*source=\"e2e-1\"[^}]*\\} \\d")
            .containsPattern("meridian_log_lag_records\\{[^}]*source=\"e2e-2\"[^}]*\\} \\d")
            .containsPattern("meridian_rebuild_done\\{[^}]*side=\"read\"[^}]*\\} 1\\.0")
            .containsPattern(
                "meridian_rebuild_records_remaining\\{[^}]*side=\"read\"[^}]*\\} 0\\.0");
        // Global's: identity, zones online, and what it applied from each source and how far
        // behind each is.
        assertThat(send(GLOBAL_PORT, "GET", "/actuator/prometheus", null).body())
            .contains("cp_info{", "meridian_zones_online 2.0")
            .containsPattern("meridian_events_applied_total\\{[^}]*source=\"global\"[^}]*\\} [1-9]")
            .containsPattern("meridian_events_applied_total\\{[^}]*source=\"e2e-1\"[^}]*\\} [1-9]")
            .containsPattern("meridian_events_applied_total\\{[^}]*source=\"e2e-2\"[^}]*\\} [1-9]")
            .containsPattern("meridian_log_lag_records\\{[^}]*source=\"global\"[^}]*\\} \\d")
            .containsPattern("meridian_log_lag_records\\{[^}]*source=\"e2e-1\"[^}]*\\} \\d")
            .containsPattern("meridian_log_lag_records\\{[^}]*source=\"e2e-2\"[^}]*\\} \\d")
            .containsPattern("meridian_rebuild_done\\{[^}]*side=\"read\"[^}]*\\} 1\\.0");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void aDataplaneOnZoneOnesTopicClaimingZoneTwoIsRejectedEverywhere() throws Exception {
    DataplaneSpec claimsZoneTwo =
        new DataplaneSpec(
            new DataplaneSpec.Networking(
                "10.0.9.9",
                null,
                java.util.List.of(
                    new DataplaneSpec.Inbound(
                        8080,
                        null,
                        null,
                        null,
                        Map.of("kuma.io/service", "forged", "kuma.io/zone", "e2e-2"),
                        null,
                        null,
                        null)),
                null,
                null,
                null));
    EventEnvelope forged =
        new EventEnvelope(
            java.util.UUID.randomUUID().toString(),
            "e2e-1",
            ResourceKey.dataplane("default", "forged-1").logKey(),
            0,
            java.time.Instant.now(),
            "mallory",
            new DataplaneEvent.DataplaneRegistered("default", "forged-1", claimsZoneTwo));
    LogRecord record = new LogRecordCodec().encode(forged);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers", "127.0.0.1:" + KAFKA_PORT,
                "key.serializer", StringSerializer.class,
                "value.serializer", ByteArraySerializer.class))) {
      ProducerRecord<String, byte[]> out =
          new ProducerRecord<>(LogSource.zoneTopic("e2e-1"), record.key(), record.value());
      record.headers().forEach((name, value) -> out.headers().add(name, value));
      producer.send(out).get();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> rejectedOnGlobal("ZONE_TAG_MISMATCH") >= 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                send(API_PORT, "GET", "/actuator/prometheus", null)
                    .body()
                    .lines()
                    .anyMatch(
                        l ->
                            l.startsWith("meridian_events_rejected_total{")
                                && l.contains("reason=\"ZONE_TAG_MISMATCH\"")
                                && !l.endsWith(" 0.0")));
    assertThat(send(GLOBAL_PORT, "GET", "/meshes/default/dataplanes/forged-1", null).statusCode())
        .isEqualTo(404);
    assertThat(send(API_PORT, "GET", "/meshes/default/dataplanes/forged-1", null).statusCode())
        .isEqualTo(404);
  }

  private static double rejectedOnGlobal(String reason) throws Exception {
    return send(GLOBAL_PORT, "GET", "/actuator/prometheus", null)
        .body()
        .lines()
        .filter(
            l ->
                l.startsWith("meridian_events_rejected_total")
                    && l.contains("reason=\"" + reason + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static boolean zoneOnline(String zone) throws Exception {
    HttpResponse<String> response = send(GLOBAL_PORT, "GET", "/zones+insights/" + zone, null);
    return response.statusCode() == 200 && JSON.readTree(response.body()).get("online").asBoolean();
  }

  /** Events from a zone that global has applied, from its Prometheus endpoint. */
  private static double appliedFrom(String zone) throws Exception {
    String metrics = send(GLOBAL_PORT, "GET", "/actuator/prometheus", null).body();
    return metrics
        .lines()
        .filter(
            l ->
                l.startsWith("meridian_events_applied_total")
                    && l.contains("source=\"" + zone + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return send(API_PORT, method, path, body);
  }

  private static HttpResponse<String> send(int port, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, publisher)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  record Result(int exitCode, String output) {}

  static Result launcher(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(REPO.resolve("deploy/local/meridian").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("MERIDIAN_HOME", home.toString());
    env.put("MERIDIAN_KAFKA_PORT", Integer.toString(KAFKA_PORT));
    env.put("MERIDIAN_KAFKA_CONTROLLER_PORT", Integer.toString(KAFKA_PORT + 1));
    env.put("MERIDIAN_PORT_STRIDE", Integer.toString(STRIDE));
    env.put("MERIDIAN_GLOBAL_PORT", Integer.toString(GLOBAL_PORT));
    env.put("MERIDIAN_HEARTBEAT_INTERVAL", "1s");
    env.put("MERIDIAN_ZONE_OFFLINE_TIMEOUT", "4s");
    // Proxies show dataplane tokens, as where users run the launcher (the suite's default is off).
    env.put("MERIDIAN_DATAPLANE_SERVER_AUTHENTICATION", "dataplane-token");
    Path output = Files.createTempFile("meridian-launcher", ".log");
    Process process = builder.redirectOutput(output.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("launcher did not finish: " + Files.readString(output));
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      text += LauncherLogs.tails(home.resolve("logs"), 40);
    }
    return new Result(process.exitValue(), text);
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
