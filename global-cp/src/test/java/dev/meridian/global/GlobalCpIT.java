package dev.meridian.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecord;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.zone.Heartbeat;
import dev.meridian.runtime.log.LogPublisher;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The global control plane against a real broker: meshes written here go to {@code
 * meridian.global}; dataplanes written by zones on their topics show up here with their zone, and a
 * zone's topic cannot speak for another zone.
 */
class GlobalCpIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  static final String ZONE_A = "east-" + RUN;
  @TempDir static Path dataDir;
  static ConfigurableApplicationContext global;
  static Http http;

  @BeforeAll
  static void start() {
    global =
        new SpringApplicationBuilder(GlobalCpApplication.class)
            .run(
                "--meridian.data-dir=" + dataDir,
                "--meridian.kafka.bootstrap-servers=" + KafkaFixture.shared().bootstrapServers(),
                "--meridian.kafka.zone-discovery-interval=300ms",
                "--meridian.zones.offline-timeout=2s",
                "--server.port=0",
                "--server.address=127.0.0.1");
    int port = ((WebServerApplicationContext) global).getWebServer().getPort();
    http = new Http("http://127.0.0.1:" + port);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> http.get("/actuator/health/readiness").status() == 200);
  }

  @AfterAll
  static void stop() {
    global.close();
  }

  static void publish(String topic, String origin, DomainEvent event, long sequence) {
    LogRecord record =
        new LogRecordCodec()
            .encode(
                new EventEnvelope(
                    UUID.randomUUID().toString(),
                    origin,
                    event.key().logKey(),
                    sequence,
                    Instant.now(),
                    "zone-operator",
                    event));
    ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, record.key(), record.value());
    record.headers().forEach((name, value) -> out.headers().add(name, value));
    TopicReader.write(out);
  }

  static DataplaneSpec dataplane(String zoneTag, String service) {
    return new DataplaneSpec(
        new DataplaneSpec.Networking(
            "10.0.0.1",
            null,
            List.of(
                new DataplaneSpec.Inbound(
                    8080,
                    null,
                    null,
                    null,
                    Map.of("kuma.io/service", service, "kuma.io/zone", zoneTag),
                    null,
                    null,
                    null)),
            null,
            null,
            null));
  }

  @Test
  void aMeshWrittenOnGlobalIsPublishedToTheGlobalTopic() {
    String mesh = "orders-" + RUN;
    assertThat(
            http.put("/meshes/" + mesh, "{\"type\": \"Mesh\", \"name\": \"" + mesh + "\"}")
                .status())
        .isEqualTo(201);
    var records = TopicReader.readKey(LogSource.GLOBAL_TOPIC, ResourceKey.mesh(mesh).logKey());
    assertThat(records).hasSize(1);
    assertThat(
            new String(
                records.get(0).headers().lastHeader(LogRecordCodec.ORIGIN).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("global");
    assertThat(http.get("/meshes/" + mesh).status()).isEqualTo(200);
    assertThat(http.put("/meshes/" + mesh, "{\"type\": \"Mesh\", \"name\": \"other\"}").status())
        .isEqualTo(400);
  }

  /**
   * ADR 014: the thread that committed a write appends it at once; the tracking processor, which
   * still reads every stored event, finds it acknowledged and adds no copy.
   */
  @Test
  void theCommittingThreadAppendsEachWriteAndTheTrackingProcessorAddsNoCopy() {
    String mesh = "ledger-" + RUN;
    MeterRegistry meters = global.getBean(MeterRegistry.class);
    double onCommitBefore = appends(meters, "commit");
    double byProcessorBefore = appends(meters, "tracking-processor");

    assertThat(
            http.put("/meshes/" + mesh, "{\"type\": \"Mesh\", \"name\": \"" + mesh + "\"}")
                .status())
        .isEqualTo(201);
    for (String backend : List.of("builtin", "other")) {
      String body =
          """
          {"type": "Mesh", "name": "%s", "metrics": {"enabledBackend": "%s",
           "backends": [{"name": "%s", "type": "prometheus"}]}}
          """
              .formatted(mesh, backend, backend);
      assertThat(http.put("/meshes/" + mesh, body).status()).isEqualTo(200);
    }
    TrackingEventProcessor publisher =
        global
            .getBean(EventProcessingConfiguration.class)
            .eventProcessor(LogPublisher.PROCESSING_GROUP, TrackingEventProcessor.class)
            .orElseThrow();
    long head = global.getBean(EventStore.class).createHeadToken().position().orElseThrow();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                publisher.processingStatus().values().stream()
                    .allMatch(status -> status.getCurrentPosition().orElse(-1) >= head));

    double onCommit = appends(meters, "commit") - onCommitBefore;
    double byProcessor = appends(meters, "tracking-processor") - byProcessorBefore;
    // The three writes of the mesh, and the signing key and the allow-all permission its
    // creation gave it.
    assertThat(onCommit + byProcessor).isEqualTo(5);
    assertThat(onCommit)
        .as("each PUT answers once its predecessor is on the log")
        .isGreaterThanOrEqualTo(2);
    assertThat(TopicReader.readKey(LogSource.GLOBAL_TOPIC, ResourceKey.mesh(mesh).logKey()))
        .extracting(
            r ->
                new String(
                    r.headers().lastHeader(LogRecordCodec.SEQUENCE).value(),
                    StandardCharsets.UTF_8))
        .containsExactly("0", "1", "2");
  }

  private static double appends(MeterRegistry meters, String publisher) {
    var counter = meters.find("meridian_log_appends_total").tag("publisher", publisher).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void policiesAreWrittenOnGlobalPublishedToTheGlobalTopicAndDeletedWithTheirMesh() {
    String mesh = "billing-" + RUN;
    assertThat(
            http.put("/meshes/" + mesh, "{\"type\": \"Mesh\", \"name\": \"" + mesh + "\"}")
                .status())
        .isEqualTo(201);
    String timeout =
        """
        {"type": "MeshTimeout", "mesh": "%s", "name": "slow-backend",
         "spec": {"targetRef": {"kind": "Mesh"},
           "to": [{"targetRef": {"kind": "MeshService", "name": "backend"},
                   "default": {"http": {"requestTimeout": "2s"}}}]}}
        """
            .formatted(mesh);
    String path = "/meshes/" + mesh + "/meshtimeouts/slow-backend";
    assertThat(http.put(path, timeout).status()).isEqualTo(201);
    assertThat(http.put(path, timeout).status()).isEqualTo(200);
    var records =
        TopicReader.readKey(LogSource.GLOBAL_TOPIC, "meshtimeout/" + mesh + "/slow-backend");
    assertThat(records).hasSize(1);
    assertThat(
            new String(
                records.get(0).headers().lastHeader(LogRecordCodec.EVENT_TYPE).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("PolicyCreated");
    assertThat(http.get(path).json().at("/spec/to/0/default/http/requestTimeout").asText())
        .isEqualTo("2s");
    assertThat(http.get("/meshes/" + mesh + "/meshtimeouts").json().get("total").asInt())
        .isEqualTo(1);
    assertThat(http.get("/meshtimeouts").json().findValuesAsText("name")).contains("slow-backend");

    // Bad input: every violation with its path, and nothing written.
    Http.Response bad =
        http.put(
            "/meshes/" + mesh + "/meshretries/bad",
            "{\"type\": \"MeshRetry\", \"mesh\": \""
                + mesh
                + "\", \"name\": \"bad\", \"spec\": {\"targetRef\": {\"kind\": \"Mesh\"}}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/invalid_parameters/0/field").asText()).isEqualTo("spec.to");
    assertThat(TopicReader.readKey(LogSource.GLOBAL_TOPIC, "meshretry/" + mesh + "/bad")).isEmpty();

    // The mesh takes its policies with it.
    assertThat(http.delete("/meshes/" + mesh).status()).isEqualTo(200);
    assertThat(http.get(path).status()).isEqualTo(404);
    assertThat(TopicReader.readKey(LogSource.GLOBAL_TOPIC, "meshtimeout/" + mesh + "/slow-backend"))
        .hasSize(2);
  }

  @Test
  void dataplanesOfAZoneAppearWithTheirZoneAndForgeriesAreRejected() {
    String mesh = "shop-" + RUN;
    assertThat(
            http.put("/meshes/" + mesh, "{\"type\": \"Mesh\", \"name\": \"" + mesh + "\"}")
                .status())
        .isEqualTo(201);
    String zoneTopic = LogSource.zoneTopic(ZONE_A);
    TopicReader.ensureTopic(zoneTopic);
    publish(
        zoneTopic,
        ZONE_A,
        new DataplaneEvent.DataplaneRegistered(mesh, "web-1", dataplane(ZONE_A, "web")),
        0);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> http.get("/meshes/" + mesh + "/dataplanes/web-1").status() == 200);
    JsonNode web = http.get("/meshes/" + mesh + "/dataplanes/web-1").json();
    assertThat(web.at("/networking/inbound/0/tags/kuma.io~1zone").asText()).isEqualTo(ZONE_A);
    assertThat(http.get("/zones").json().findValuesAsText("name")).contains(ZONE_A);

    // Zone A's topic claiming a dataplane of another zone, and a foreign origin on it: rejected.
    MeterRegistry meters = global.getBean(MeterRegistry.class);
    publish(
        zoneTopic,
        ZONE_A,
        new DataplaneEvent.DataplaneRegistered(mesh, "spoof-1", dataplane("west", "web")),
        0);
    publish(
        zoneTopic,
        "west",
        new DataplaneEvent.DataplaneRegistered(mesh, "spoof-2", dataplane("west", "web")),
        0);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                rejected(meters, "ZONE_TAG_MISMATCH") >= 1
                    && rejected(meters, "ORIGIN_MISMATCH") >= 1);
    assertThat(http.get("/meshes/" + mesh + "/dataplanes/spoof-1").status()).isEqualTo(404);
    JsonNode rejections = http.get("/rejections").json();
    assertThat(rejections.get("items").findValuesAsText("key"))
        .contains("dataplane/" + mesh + "/spoof-1", "dataplane/" + mesh + "/spoof-2");
    assertThat(rejections.get("items").findValuesAsText("reason"))
        .contains("ZONE_TAG_MISMATCH", "ORIGIN_MISMATCH");
    assertThat(http.get("/meshes/" + mesh + "/dataplanes/spoof-2").status()).isEqualTo(404);
    assertThat(http.get("/meshes/" + mesh + "/dataplanes").json().get("total").asInt())
        .isEqualTo(1);

    // A mesh with dataplanes in a zone cannot be deleted.
    assertThat(http.delete("/meshes/" + mesh).status()).isEqualTo(400);
  }

  @Test
  void globalCountsEveryZonesDataplanesInItsInsights() {
    String mesh = "insights-" + RUN;
    assertThat(
            http.put("/meshes/" + mesh, "{\"type\": \"Mesh\", \"name\": \"" + mesh + "\"}")
                .status())
        .isEqualTo(201);
    String zoneTopic = LogSource.zoneTopic(ZONE_A);
    TopicReader.ensureTopic(zoneTopic);
    publish(
        zoneTopic,
        ZONE_A,
        new DataplaneEvent.DataplaneRegistered(mesh, "api-1", dataplane(ZONE_A, "api")),
        0);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> http.get("/mesh-insights/" + mesh).json().at("/dataplanes/total").asInt() == 1);

    JsonNode meshInsight = http.get("/mesh-insights/" + mesh).json();
    assertThat(meshInsight.at("/dataplanes/offline").asInt()).isEqualTo(1); // no proxy reported
    JsonNode api = http.get("/meshes/" + mesh + "/service-insights/api").json();
    assertThat(api.get("status").asText()).isEqualTo("offline");
    assertThat(api.get("zones").get(0).asText()).isEqualTo(ZONE_A);
    // Kuma's inspect routes answer on global too, for every zone's dataplanes.
    JsonNode inspected = http.get("/meshes/" + mesh + "/dataplanes/api-1/policies").json();
    assertThat(inspected.get("kind").asText()).isEqualTo("SidecarDataplane");
    assertThat(http.get("/meshes/" + mesh + "/dataplanes/api-1/rules").status()).isEqualTo(200);
    assertThat(
            http.get("/meshes/" + mesh + "/dataplanes?tag=kuma.io/service:ap")
                .json()
                .get("total")
                .asInt())
        .isEqualTo(1);
    JsonNode global = http.get("/global-insights").json();
    assertThat(global.get("type").asText()).isEqualTo("GlobalInsight");
    assertThat(global.at("/meshes/total").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(global.at("/dataplanes/standard/total").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(global.at("/zones/controlPlanes/total").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(http.get("/versions").json().at("/meridian/kumaCompatibility").asText())
        .isEqualTo("2.4.10");
    assertThat(http.get("/config").json().at("/meridian/data-dir").isTextual()).isTrue();
  }

  @Test
  void aZoneIsDisabledWithKumasZoneResourceAsAnEventOnTheGlobalTopic() {
    String zone = "south-" + RUN;
    Http.Response bad =
        http.put(
            "/zones/" + zone,
            "{\"type\": \"Zone\", \"name\": \"" + zone + "\", \"enabled\": \"no\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/invalid_parameters/0/field").asText()).isEqualTo("enabled");
    assertThat(TopicReader.readKey(LogSource.GLOBAL_TOPIC, ResourceKey.zone(zone).logKey()))
        .isEmpty();

    Http.Response put =
        http.put(
            "/zones/" + zone,
            "{\"type\": \"Zone\", \"name\": \"" + zone + "\", \"enabled\": false}");
    assertThat(put.status()).isEqualTo(201);
    assertThat(http.get("/zones/" + zone).json().get("enabled").asBoolean()).isFalse();
    assertThat(http.get("/zones").json().findValuesAsText("name")).contains(zone);
    assertThat(http.get("/zones+insights/" + zone).json().at("/zone/enabled").asBoolean())
        .isFalse();
    var records = TopicReader.readKey(LogSource.GLOBAL_TOPIC, ResourceKey.zone(zone).logKey());
    assertThat(records).hasSize(1);
    assertThat(new String(records.get(0).value(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"" + zone + "\",\"spec\":{\"enabled\":false}}");

    assertThat(http.delete("/zones/" + zone).status()).isEqualTo(200);
    assertThat(http.get("/zones/" + zone).status()).isEqualTo(404); // no resource, no heartbeat
  }

  @Test
  void dataplaneWritesAreRefusedOnGlobal() {
    Http.Response put =
        http.put(
            "/meshes/default/dataplanes/x",
            "{\"type\": \"Dataplane\", \"mesh\": \"default\", \"name\": \"x\"}");
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.contentType()).startsWith("application/problem+json");
    assertThat(put.json().get("detail").asText()).contains("zone's control plane");
  }

  @Test
  void aZoneIsOnlineWhileItsHeartbeatsArriveAndOfflineAfterTheTimeout() {
    String zone = "north-" + RUN;
    TopicReader.ensureTopic(Heartbeat.TOPIC);
    Instant now = Instant.now();
    beat(zone, "cp-1", now);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                http.get("/zones+insights/" + zone).status() == 200
                    && http.get("/zones+insights/" + zone).json().get("online").asBoolean());
    assertThat(http.get("/zones").json().findValuesAsText("name")).contains(zone);

    // No more heartbeats: offline once the 2 s timeout has passed.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !http.get("/zones+insights/" + zone).json().get("online").asBoolean());
    JsonNode offline = http.get("/zones+insights/" + zone).json();
    assertThat(offline.at("/zoneInsight/subscriptions/0/disconnectTime").asText()).isNotEmpty();

    // The zone's control plane restarts (a new instance): online again, with a second connection.
    beat(zone, "cp-2", Instant.now());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> http.get("/zones+insights/" + zone).json().get("online").asBoolean());
    assertThat(
            http.get("/zones+insights/" + zone)
                .json()
                .at("/zoneInsight/subscriptions")
                .findValuesAsText("id"))
        .containsExactly("cp-1", "cp-2");

    // A heartbeat filed under another zone's key is not believed.
    MeterRegistry meters = global.getBean(MeterRegistry.class);
    TopicReader.write(
        new ProducerRecord<>(
            Heartbeat.TOPIC,
            "someone-else",
            new Heartbeat(zone, "cp-x", Instant.now(), 0).toBytes()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                meters.find("meridian_heartbeats_rejected_total").counter() != null
                    && meters.find("meridian_heartbeats_rejected_total").counter().count() >= 1);
  }

  static void beat(String zone, String instance, Instant at) {
    TopicReader.write(
        new ProducerRecord<>(
            Heartbeat.TOPIC, zone, new Heartbeat(zone, instance, at, 0).toBytes()));
  }

  private static double rejected(MeterRegistry meters, String reason) {
    return meters.find("meridian_events_rejected_total").tag("reason", reason).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
