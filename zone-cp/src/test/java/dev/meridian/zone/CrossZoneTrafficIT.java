package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecord;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MeshEvent;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.TopicReader;
import dev.meridian.testkit.grpc.EchoServers;
import dev.meridian.testkit.grpc.XdsClients;
import dev.meridian.zone.support.RunningZone;
import dev.meridian.zone.xds.DataplaneServer;
import io.grpc.ManagedChannel;
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
 * Two zones in multizone mode on one broker: a proxyless gRPC client registered in zone A reaches a
 * service that only zone B has, through zone B's ZoneIngress. The gRPC test server itself stands in
 * as the ingress's advertised address (a proxyless client dials the ingress endpoint directly, so a
 * forwarding process would add nothing the test checks).
 */
class CrossZoneTrafficIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  static final String MESH = "xz-" + RUN;
  @TempDir static Path dataA;
  @TempDir static Path dataB;
  static RunningZone zoneA;
  static RunningZone zoneB;
  static Http httpA;
  static Http httpB;
  static EchoServers.Echo ordersInZoneB;

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
    ordersInZoneB = EchoServers.start("orders-in-zone-b");
    publishMesh(MESH);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                httpA.get("/meshes/" + MESH).status() == 200
                    && httpB.get("/meshes/" + MESH).status() == 200);
  }

  @AfterAll
  static void stop() {
    zoneA.close();
    zoneB.close();
    ordersInZoneB.close();
  }

  static void publishMesh(String mesh) {
    LogRecord record =
        new LogRecordCodec()
            .encode(
                new EventEnvelope(
                    UUID.randomUUID().toString(),
                    LogSource.GLOBAL_ORIGIN,
                    ResourceKey.mesh(mesh).logKey(),
                    0,
                    Instant.now(),
                    "test",
                    new MeshEvent.MeshCreated(mesh, MeshSpec.empty())));
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(LogSource.GLOBAL_TOPIC, record.key(), record.value());
    record.headers().forEach((name, value) -> out.headers().add(name, value));
    TopicReader.write(out);
  }

  static String orders(String name, int port) {
    return """
        {"type": "Dataplane", "mesh": "%s", "name": "%s",
         "networking": {"address": "127.0.0.1",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "orders",
                                             "kuma.io/protocol": "grpc"}}]}}
        """
        .formatted(MESH, name, port);
  }

  @Test
  void aClientInZoneAReachesAServiceOfZoneBThroughZoneBsIngress() {
    assertThat(
            httpB
                .put("/meshes/" + MESH + "/dataplanes/orders-1", orders("orders-1", 18081))
                .status())
        .isEqualTo(201);
    String ingress =
        """
        {"type": "ZoneIngress", "name": "ingress-b",
         "networking": {"address": "127.0.0.1", "port": %d,
                        "advertisedAddress": "127.0.0.1", "advertisedPort": %d}}
        """
            .formatted(ordersInZoneB.port(), ordersInZoneB.port());
    assertThat(httpB.put("/zoneingresses/ingress-b", ingress).status()).isEqualTo(201);
    JsonNode published = httpB.get("/zoneingresses/ingress-b").json();
    assertThat(published.get("zone").asText()).isEqualTo(zoneB.zone());
    assertThat(published.at("/availableServices/0/instances").asInt()).isEqualTo(1);

    String shop =
        """
        {"type": "Dataplane", "mesh": "%s", "name": "shop-1",
         "networking": {"address": "127.0.0.1",
           "inbound": [{"port": 18080, "tags": {"kuma.io/service": "shop"}}],
           "outbound": [{"port": 10001, "tags": {"kuma.io/service": "orders"}}]}}
        """
            .formatted(MESH);
    assertThat(httpA.put("/meshes/" + MESH + "/dataplanes/shop-1", shop).status()).isEqualTo(201);

    int adsA = zoneA.bean(DataplaneServer.class).port();
    ManagedChannel channel = XdsClients.channel(adsA, MESH, "shop-1", "orders");
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> EchoServers.who(channel, 2000).equals("orders-in-zone-b"));

      // Zone B's ingress is an endpoint in zone B's locality, weighted by its instances...
      JsonNode locality =
          httpA
              .get("/meshes/" + MESH + "/dataplanes/shop-1/xds")
              .json()
              .at("/xds/endpoints/resources/orders/endpoints/0");
      assertThat(locality.at("/locality/zone").asText()).isEqualTo(zoneB.zone());
      assertThat(locality.at("/loadBalancingWeight").asInt()).isEqualTo(1);

      // ...and a second instance in zone B doubles the weight zone A sees, with no restart.
      assertThat(
              httpB
                  .put("/meshes/" + MESH + "/dataplanes/orders-2", orders("orders-2", 18082))
                  .status())
          .isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  httpA
                          .get("/meshes/" + MESH + "/dataplanes/shop-1/xds")
                          .json()
                          .at("/xds/endpoints/resources/orders/endpoints/0/loadBalancingWeight")
                          .asInt()
                      == 2);
      assertThat(EchoServers.who(channel, 2000)).isEqualTo("orders-in-zone-b");
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void zoneAKeepsOnlyZoneBsIngressesNotItsDataplanes() {
    assertThat(
            httpB
                .put("/meshes/" + MESH + "/dataplanes/only-in-b", orders("only-in-b", 18083))
                .status())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> httpB.get("/meshes/" + MESH + "/dataplanes/only-in-b").status() == 200);
    assertThat(httpA.get("/meshes/" + MESH + "/dataplanes/only-in-b").status()).isEqualTo(404);
  }
}
