package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.runtime.log.LogPublisher;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.TopicReader;
import dev.meridian.zone.support.RunningZone;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write path end to end: REST → aggregate → event store → outbox → Kafka → projection → REST.
 */
class DataplaneLogIT {
  @TempDir static Path dataDir;
  static RunningZone zone;
  static Http http;

  @BeforeAll
  static void start() {
    zone = RunningZone.start("log-" + UUID.randomUUID().toString().substring(0, 8), dataDir);
    http = new Http(zone.baseUrl());
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
  }

  @AfterAll
  static void stop() {
    zone.close();
  }

  static String dataplane(String name, String service, int port) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "10.0.0.1",
           "inbound": [{"port": %d, "servicePort": 8080,
                        "tags": {"kuma.io/service": "%s", "kuma.io/protocol": "http",
                                 "kuma.io/zone": "somewhere-else"}}],
           "outbound": [{"port": 33033, "tags": {"kuma.io/service": "db"}}]}}
        """
        .formatted(name, port, service);
  }

  @Test
  void putCreatesExactlyOneEventOnTheZoneTopicAndTheProjectionServesIt() {
    Http.Response created =
        http.put("/meshes/default/dataplanes/web-1", dataplane("web-1", "web", 10001));
    assertThat(created.status()).isEqualTo(201);

    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.readKey(zone.topic(), "dataplane/default/web-1");
    assertThat(records).hasSize(1);
    ConsumerRecord<String, byte[]> record = records.get(0);
    assertThat(header(record, LogRecordCodec.EVENT_TYPE)).isEqualTo("DataplaneRegistered");
    assertThat(header(record, LogRecordCodec.ORIGIN)).isEqualTo(zone.zone());
    assertThat(header(record, LogRecordCodec.SEQUENCE)).isEqualTo("0");
    assertThat(header(record, LogRecordCodec.ACTOR)).isEqualTo("anonymous");
    assertThat(new String(record.value(), StandardCharsets.UTF_8))
        .contains("\"kuma.io/zone\":\"" + zone.zone() + "\"");

    Http.Response read = http.get("/meshes/default/dataplanes/web-1");
    assertThat(read.status()).isEqualTo(200);
    JsonNode body = read.json();
    assertThat(body.get("type").asText()).isEqualTo("Dataplane");
    assertThat(body.get("name").asText()).isEqualTo("web-1");
    assertThat(body.at("/networking/inbound/0/tags/kuma.io~1zone").asText()).isEqualTo(zone.zone());
    assertThat(body.at("/networking/inbound/0/tags/kuma.io~1service").asText()).isEqualTo("web");
    assertThat(body.get("creationTime").asText()).isNotEmpty();
  }

  @Test
  void updateAppendsAnUpdatedEventAndAnIdenticalPutAppendsNothing() {
    assertThat(
            http.put("/meshes/default/dataplanes/web-2", dataplane("web-2", "web", 10002)).status())
        .isEqualTo(201);
    assertThat(
            http.put("/meshes/default/dataplanes/web-2", dataplane("web-2", "web", 10002)).status())
        .isEqualTo(200);
    assertThat(TopicReader.readKey(zone.topic(), "dataplane/default/web-2")).hasSize(1);

    assertThat(
            http.put("/meshes/default/dataplanes/web-2", dataplane("web-2", "web-v2", 10002))
                .status())
        .isEqualTo(200);
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.readKey(zone.topic(), "dataplane/default/web-2");
    assertThat(records)
        .extracting(r -> header(r, LogRecordCodec.EVENT_TYPE))
        .containsExactly("DataplaneRegistered", "DataplaneUpdated");
    assertThat(
            http.get("/meshes/default/dataplanes/web-2")
                .json()
                .at("/networking/inbound/0/tags/kuma.io~1service")
                .asText())
        .isEqualTo("web-v2");
  }

  @Test
  void aRedeliveredEventChangesNothing() {
    assertThat(
            http.put("/meshes/default/dataplanes/web-3", dataplane("web-3", "web", 10003)).status())
        .isEqualTo(201);
    Projection projection = zone.bean(Projection.class);
    MeterRegistry meters = zone.bean(MeterRegistry.class);
    String checksumBefore = projection.checksum();
    String modifiedBefore =
        http.get("/meshes/default/dataplanes/web-3").json().get("modificationTime").asText();
    double duplicatesBefore = duplicates(meters);

    ConsumerRecord<String, byte[]> original =
        TopicReader.readKey(zone.topic(), "dataplane/default/web-3").get(0);
    ProducerRecord<String, byte[]> copy =
        new ProducerRecord<>(
            original.topic(), original.partition(), original.key(), original.value());
    original.headers().forEach(h -> copy.headers().add(h));
    TopicReader.write(copy);

    await().atMost(Duration.ofSeconds(10)).until(() -> duplicates(meters) > duplicatesBefore);
    assertThat(projection.checksum()).isEqualTo(checksumBefore);
    assertThat(http.get("/meshes/default/dataplanes/web-3").json().get("modificationTime").asText())
        .isEqualTo(modifiedBefore);
  }

  @Test
  void deleteAppendsADeregisteredEventAndTheDataplaneIsGone() {
    assertThat(
            http.put("/meshes/default/dataplanes/web-4", dataplane("web-4", "web", 10004)).status())
        .isEqualTo(201);
    assertThat(http.delete("/meshes/default/dataplanes/web-4").status()).isEqualTo(200);
    assertThat(http.get("/meshes/default/dataplanes/web-4").status()).isEqualTo(404);
    assertThat(TopicReader.readKey(zone.topic(), "dataplane/default/web-4"))
        .extracting(r -> header(r, LogRecordCodec.EVENT_TYPE))
        .containsExactly("DataplaneRegistered", "DataplaneDeregistered");

    // The name can be used again; its history continues.
    assertThat(
            http.put("/meshes/default/dataplanes/web-4", dataplane("web-4", "web", 10004)).status())
        .isEqualTo(201);
    assertThat(TopicReader.readKey(zone.topic(), "dataplane/default/web-4"))
        .extracting(r -> header(r, LogRecordCodec.SEQUENCE))
        .containsExactly("0", "1", "2");
  }

  @Test
  void anEventClaimingAnotherZoneIsRejectedAndNeverApplied() {
    assertThat(
            http.put("/meshes/default/dataplanes/web-5", dataplane("web-5", "web", 10005)).status())
        .isEqualTo(201);
    ConsumerRecord<String, byte[]> original =
        TopicReader.readKey(zone.topic(), "dataplane/default/web-5").get(0);
    String spoofed =
        new String(original.value(), StandardCharsets.UTF_8)
            .replace("\"kuma.io/zone\":\"" + zone.zone() + "\"", "\"kuma.io/zone\":\"zone-2\"")
            .replace("\"kuma.io/service\":\"web\"", "\"kuma.io/service\":\"spoofed\"");
    ProducerRecord<String, byte[]> forged =
        new ProducerRecord<>(
            original.topic(), original.key(), spoofed.getBytes(StandardCharsets.UTF_8));
    original
        .headers()
        .forEach(
            h -> {
              if (h.key().equals(LogRecordCodec.SEQUENCE)) {
                forged.headers().add(h.key(), "1".getBytes(StandardCharsets.UTF_8));
              } else if (h.key().equals(LogRecordCodec.EVENT_TYPE)) {
                forged.headers().add(h.key(), "DataplaneUpdated".getBytes(StandardCharsets.UTF_8));
              } else {
                forged.headers().add(h);
              }
            });
    MeterRegistry meters = zone.bean(MeterRegistry.class);
    TopicReader.write(forged);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                meters
                        .find("meridian_events_rejected_total")
                        .tag("reason", "ZONE_TAG_MISMATCH")
                        .counter()
                    != null);
    assertThat(
            http.get("/meshes/default/dataplanes/web-5")
                .json()
                .at("/networking/inbound/0/tags/kuma.io~1service")
                .asText())
        .isEqualTo("web");
  }

  /**
   * ADR 014: the thread that committed a write appends it to the log at once; the tracking
   * processor, which still reads every stored event, finds each one acknowledged and adds no copy.
   */
  @Test
  void theCommittingThreadAppendsEachWriteAndTheTrackingProcessorAddsNoCopy() {
    MeterRegistry meters = zone.bean(MeterRegistry.class);
    double onCommitBefore = appends(meters, "commit");
    double byProcessorBefore = appends(meters, "tracking-processor");

    assertThat(
            http.put("/meshes/default/dataplanes/web-6", dataplane("web-6", "web", 10006)).status())
        .isEqualTo(201);
    for (int version = 2; version <= 5; version++) {
      assertThat(
              http.put(
                      "/meshes/default/dataplanes/web-6",
                      dataplane("web-6", "web-v" + version, 10006))
                  .status())
          .isEqualTo(200);
    }
    awaitLogPublisherCaughtUp();

    double onCommit = appends(meters, "commit") - onCommitBefore;
    double byProcessor = appends(meters, "tracking-processor") - byProcessorBefore;
    // Each PUT answers once its event is in the projection, i.e. acknowledged on the log, so the
    // next one's predecessor is known: all five go on the fast path, unless a scheduling delay let
    // the processor take one first (then it is counted there, still once).
    assertThat(onCommit + byProcessor).isEqualTo(5);
    assertThat(onCommit).isGreaterThanOrEqualTo(4);
    assertThat(TopicReader.readKey(zone.topic(), "dataplane/default/web-6"))
        .extracting(r -> header(r, LogRecordCodec.SEQUENCE))
        .containsExactly("0", "1", "2", "3", "4");
  }

  private static void awaitLogPublisherCaughtUp() {
    TrackingEventProcessor publisher =
        zone.bean(EventProcessingConfiguration.class)
            .eventProcessor(LogPublisher.PROCESSING_GROUP, TrackingEventProcessor.class)
            .orElseThrow();
    long head = zone.bean(EventStore.class).createHeadToken().position().orElseThrow();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                publisher.processingStatus().values().stream()
                    .allMatch(status -> status.getCurrentPosition().orElse(-1) >= head));
  }

  private static double appends(MeterRegistry meters, String publisher) {
    var counter = meters.find("meridian_log_appends_total").tag("publisher", publisher).counter();
    return counter == null ? 0 : counter.count();
  }

  private static double duplicates(MeterRegistry meters) {
    var counter = meters.find("meridian_events_duplicate_total").counter();
    return counter == null ? 0 : counter.count();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
