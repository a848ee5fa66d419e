package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecord;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MeshEvent;
import dev.meridian.kernel.event.ZoneEvent;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ZoneSpec;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.TopicReader;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kuma's Zone {@code enabled: false}, as global writes it on its topic, followed by two zones in
 * multizone mode on one broker: zone A's proxy loses zone B's ingress as an endpoint while B is
 * disabled, and gets it back when B is enabled again; a disabled zone A reaches no other zone.
 */
class ZoneDisabledIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  static final String MESH = "zd-" + RUN;
  @TempDir static Path dataA;
  @TempDir static Path dataB;
  static RunningZone zoneA;
  static RunningZone zoneB;
  static Http httpA;
  static Http httpB;
  static int zoneSequence;

  @BeforeAll
  static void start() {
    Map<String, String> multizone =
        Map.of(
            "meridian.mode", "multizone",
            "meridian.kafka.zone-discovery-interval", "300ms",
            "meridian.dataplane-server.port", "0");
    zoneA = RunningZone.start("a-" + RUN, dataA, multizone);
    zoneB = RunningZone.start("b-" + RUN, dataB, multizone);
    httpA = new Http(zoneA.baseUrl());
    httpB = new Http(zoneB.baseUrl());
    publish(ResourceKey.mesh(MESH), 0, new MeshEvent.MeshCreated(MESH, MeshSpec.empty()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                httpA.get("/meshes/" + MESH).status() == 200
                    && httpB.get("/meshes/" + MESH).status() == 200);
    assertThat(
            httpB
                .put(
                    "/meshes/" + MESH + "/dataplanes/orders-1",
                    dataplane("orders-1", 18081, "orders", null))
                .status())
        .isEqualTo(201);
    assertThat(
            httpB
                .put(
                    "/zoneingresses/ingress-" + MESH,
                    """
                    {"type": "ZoneIngress", "name": "ingress-%s",
                     "networking": {"address": "127.0.0.1", "port": 20001,
                                    "advertisedAddress": "192.0.2.20", "advertisedPort": 20001}}
                    """
                        .formatted(MESH))
                .status())
        .isEqualTo(201);
    assertThat(
            httpA
                .put(
                    "/meshes/" + MESH + "/dataplanes/shop-1",
                    dataplane("shop-1", 18080, "shop", "orders"))
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    zoneA.close();
    zoneB.close();
  }

  /** An event as global writes it to its topic. */
  static void publish(ResourceKey key, long sequence, DomainEvent event) {
    LogRecord record =
        new LogRecordCodec()
            .encode(
                new EventEnvelope(
                    UUID.randomUUID().toString(),
                    LogSource.GLOBAL_ORIGIN,
                    key.logKey(),
                    sequence,
                    Instant.now(),
                    "admin",
                    event));
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(LogSource.GLOBAL_TOPIC, record.key(), record.value());
    record.headers().forEach((name, value) -> out.headers().add(name, value));
    TopicReader.write(out);
  }

  static void setEnabled(String zone, boolean enabled, long sequence) {
    ResourceKey key = ResourceKey.zone(zone);
    publish(
        key,
        sequence,
        sequence == 0
            ? new ZoneEvent.ZoneCreated(zone, new ZoneSpec(enabled))
            : new ZoneEvent.ZoneUpdated(zone, new ZoneSpec(enabled)));
  }

  static String dataplane(String name, int port, String service, String outbound) {
    String outbounds =
        outbound == null
            ? ""
            : ", \"outbound\": [{\"port\": 10001, \"tags\": {\"kuma.io/service\": \""
                + outbound
                + "\"}}]";
    return """
        {"type": "Dataplane", "mesh": "%s", "name": "%s",
         "networking": {"address": "127.0.0.1",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "%s",
                                             "kuma.io/protocol": "grpc"}}]%s}}
        """
        .formatted(MESH, name, port, service, outbounds);
  }

  /** The zones of the localities zone A's proxy is served for {@code orders}. */
  static List<String> ordersLocalities() {
    JsonNode endpoints =
        httpA
            .get("/meshes/" + MESH + "/dataplanes/shop-1/xds?proxyType=grpc")
            .json()
            .at("/xds/endpoints/resources/orders/endpoints");
    List<String> zones = new ArrayList<>();
    endpoints.forEach(l -> zones.add(l.at("/locality/zone").asText()));
    return zones;
  }

  @Test
  void aDisabledZoneIsNoLongerReachedFromOtherZonesAndReachesNoneItself() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ordersLocalities().equals(List.of(zoneB.zone())));

    setEnabled(zoneB.zone(), false, 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> ordersLocalities().isEmpty());

    setEnabled(zoneB.zone(), true, 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ordersLocalities().equals(List.of(zoneB.zone())));

    // Now zone A itself is disabled: its proxies keep their own zone's endpoints only.
    setEnabled(zoneA.zone(), false, 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> ordersLocalities().isEmpty());
    setEnabled(zoneA.zone(), true, 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ordersLocalities().equals(List.of(zoneB.zone())));
  }
}
