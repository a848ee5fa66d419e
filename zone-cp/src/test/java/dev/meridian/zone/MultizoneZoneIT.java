package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecord;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MeshEvent;
import dev.meridian.kernel.event.PolicyEvent;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.TopicReader;
import dev.meridian.zone.support.RunningZone;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zone in multizone mode: meshes arrive from the global topic, the zone refuses to write them
 * itself, and only the global topic may carry them.
 */
class MultizoneZoneIT {
  static final String GLOBAL = "http://global.example:5681";
  @TempDir static Path dataDir;
  static RunningZone zone;
  static Http http;

  @BeforeAll
  static void start() {
    zone =
        RunningZone.start(
            "mz-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of("meridian.mode", "multizone", "meridian.global-control-plane", GLOBAL));
    http = new Http(zone.baseUrl());
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/").status() == 200);
  }

  @AfterAll
  static void stop() {
    zone.close();
  }

  static void publish(String topic, String origin, String mesh) {
    EventEnvelope envelope =
        new EventEnvelope(
            UUID.randomUUID().toString(),
            origin,
            ResourceKey.mesh(mesh).logKey(),
            0,
            Instant.now(),
            "alice",
            new MeshEvent.MeshCreated(mesh, MeshSpec.empty()));
    LogRecord record = new LogRecordCodec().encode(envelope);
    ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, record.key(), record.value());
    record.headers().forEach((name, value) -> out.headers().add(name, value));
    TopicReader.write(out);
  }

  @Test
  void aMeshFromTheGlobalTopicAppearsAndTakesDataplanes() {
    String mesh = "payments-" + UUID.randomUUID().toString().substring(0, 6);
    publish(LogSource.GLOBAL_TOPIC, LogSource.GLOBAL_ORIGIN, mesh);
    await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/meshes/" + mesh).status() == 200);

    String dataplane =
        """
        {"type": "Dataplane", "mesh": "%s", "name": "api-1",
         "networking": {"address": "10.0.0.1",
           "inbound": [{"port": 8080, "tags": {"kuma.io/service": "api"}}]}}
        """
            .formatted(mesh);
    assertThat(http.put("/meshes/" + mesh + "/dataplanes/api-1", dataplane).status())
        .isEqualTo(201);
    assertThat(TopicReader.readKey(zone.topic(), "dataplane/" + mesh + "/api-1")).hasSize(1);
  }

  @Test
  void noDefaultMeshIsCreatedByAZoneInMultizoneMode() {
    assertThat(TopicReader.readKey(zone.topic(), "mesh/default")).isEmpty();
  }

  @Test
  void meshWritesAreRefusedNamingTheGlobalControlPlane() {
    Http.Response put = http.put("/meshes/local", "{\"type\": \"Mesh\", \"name\": \"local\"}");
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.contentType()).startsWith("application/problem+json");
    assertThat(put.json().get("detail").asText()).contains(GLOBAL).contains("multizone");
    assertThat(http.delete("/meshes/local").status()).isEqualTo(405);
  }

  @Test
  void policyWritesAreRefusedButPoliciesFromTheGlobalTopicApply() {
    Http.Response put =
        http.put(
            "/meshes/default/meshtimeouts/t",
            "{\"type\": \"MeshTimeout\", \"mesh\": \"default\", \"name\": \"t\", \"spec\":"
                + " {\"targetRef\": {\"kind\": \"Mesh\"}, \"to\": [{\"targetRef\": {\"kind\":"
                + " \"Mesh\"}, \"default\": {\"idleTimeout\": \"1s\"}}]}}");
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.json().get("detail").asText()).contains(GLOBAL);
    assertThat(http.delete("/meshes/default/meshtimeouts/t").status()).isEqualTo(405);

    String mesh = "shop-" + UUID.randomUUID().toString().substring(0, 6);
    publish(LogSource.GLOBAL_TOPIC, LogSource.GLOBAL_ORIGIN, mesh);
    ResourceKey key = new ResourceKey(ResourceKind.MESH_RETRY, mesh, "retry-all");
    PolicySpec spec =
        new PolicySpec(
            null,
            DomainJson.toTree(
                Map.of(
                    "targetRef",
                    Map.of("kind", "Mesh"),
                    "to",
                    java.util.List.of(
                        Map.of(
                            "targetRef",
                            Map.of("kind", "Mesh"),
                            "default",
                            Map.of("grpc", Map.of("numRetries", 2)))))));
    EventEnvelope envelope =
        new EventEnvelope(
            UUID.randomUUID().toString(),
            LogSource.GLOBAL_ORIGIN,
            key.logKey(),
            0,
            Instant.now(),
            "alice",
            PolicyEvent.created(key, spec));
    LogRecord record = new LogRecordCodec().encode(envelope);
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(LogSource.GLOBAL_TOPIC, record.key(), record.value());
    record.headers().forEach((name, value) -> out.headers().add(name, value));
    TopicReader.write(out);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> http.get("/meshes/" + mesh + "/meshretries/retry-all").status() == 200);
    assertThat(http.get("/meshretries").json().findValuesAsText("name")).contains("retry-all");
  }

  @Test
  void meshEventsFromAnywhereButTheGlobalTopicAreRejected() {
    MeterRegistry meters = zone.bean(MeterRegistry.class);
    String onZoneTopic = "rogue-" + UUID.randomUUID().toString().substring(0, 6);
    String wrongOrigin = "forged-" + UUID.randomUUID().toString().substring(0, 6);
    publish(zone.topic(), zone.zone(), onZoneTopic);
    publish(LogSource.GLOBAL_TOPIC, "zone-x", wrongOrigin);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                rejected(meters, "KIND_NOT_OWNED_BY_SOURCE") >= 1
                    && rejected(meters, "ORIGIN_MISMATCH") >= 1);
    assertThat(http.get("/meshes/" + onZoneTopic).status()).isEqualTo(404);
    assertThat(http.get("/rejections").json().get("items").findValuesAsText("key"))
        .contains("mesh/" + onZoneTopic, "mesh/" + wrongOrigin);
    assertThat(http.get("/meshes/" + wrongOrigin).status()).isEqualTo(404);
  }

  private static double rejected(MeterRegistry meters, String reason) {
    return meters.find("meridian_events_rejected_total").tag("reason", reason).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
