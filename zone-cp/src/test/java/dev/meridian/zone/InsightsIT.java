package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.grpc.AdsRecorder;
import dev.meridian.zone.support.RunningZone;
import dev.meridian.zone.xds.DataplaneServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kuma's mesh and service insights, {@code /config} and {@code /versions} on a standalone zone with
 * a real broker and a real ADS stream: a connected proxy makes its dataplane online, the others
 * stay offline, and a service with both is partially degraded.
 */
class InsightsIT {
  @TempDir static Path dataDir;
  static RunningZone zone;
  static Http http;
  static AdsRecorder proxy;

  @BeforeAll
  static void start() {
    zone =
        RunningZone.start(
            "insights-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of(
                "meridian.dataplane-server.port", "0",
                "meridian.example.sample-password", "hunter2"));
    http = new Http(zone.baseUrl());
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
    for (String name : new String[] {"backend-1", "backend-2"}) {
      Http.Response put =
          http.put(
              "/meshes/default/dataplanes/" + name,
              """
              {"type": "Dataplane", "mesh": "default", "name": "%s",
               "networking": {"address": "10.0.0.%s",
                 "inbound": [{"port": 8080, "tags": {"kuma.io/service": "backend"}}]}}
              """
                  .formatted(name, name.substring(name.length() - 1)));
      assertThat(put.status()).as(put.body()).isEqualTo(201);
    }
    proxy = new AdsRecorder(zone.bean(DataplaneServer.class).port(), "default", "backend-1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> http.get("/mesh-insights/default").json().at("/dataplanes/online").asInt() == 1);
  }

  @AfterAll
  static void stop() {
    proxy.close();
    zone.close();
  }

  @Test
  void aMeshInsightCountsOnlineAndOfflineDataplanes() {
    JsonNode insight = http.get("/mesh-insights/default").json();

    assertThat(insight.get("type").asText()).isEqualTo("MeshInsight");
    assertThat(insight.get("name").asText()).isEqualTo("default");
    assertThat(insight.at("/dataplanes/total").asInt()).isEqualTo(2);
    assertThat(insight.at("/dataplanes/offline").asInt()).isEqualTo(1);
    assertThat(insight.at("/dataplanesByType/standard/online").asInt()).isEqualTo(1);
    assertThat(insight.at("/policies/MeshTrafficPermission/total").asInt()).isEqualTo(1);
    assertThat(http.get("/mesh-insights").json().findValuesAsText("name")).contains("default");
    assertThat(http.get("/mesh-insights/nowhere").status()).isEqualTo(404);
  }

  @Test
  void aServiceWithSomeDataplanesOnlineIsPartiallyDegraded() {
    JsonNode backend = http.get("/meshes/default/service-insights/backend").json();

    assertThat(backend.get("status").asText()).isEqualTo("partially_degraded");
    assertThat(backend.at("/dataplanes/online").asInt()).isEqualTo(1);
    assertThat(backend.at("/dataplanes/offline").asInt()).isEqualTo(1);
    assertThat(backend.at("/dataplanes/total").asInt()).isEqualTo(2);
    assertThat(backend.get("zones").get(0).asText()).isEqualTo(zone.zone());
    assertThat(http.get("/meshes/default/service-insights").json().get("total").asInt())
        .isEqualTo(1);
    assertThat(http.get("/meshes/default/service-insights/nobody").status()).isEqualTo(404);
  }

  @Test
  void theEffectiveConfigIsShownWithSecretsRedacted() {
    Http.Response config = http.get("/config");

    assertThat(config.status()).isEqualTo(200);
    assertThat(config.body()).doesNotContain("hunter2");
    assertThat(config.json().at("/meridian/example/sample-password").asText()).isEqualTo("*****");
    assertThat(config.json().at("/meridian/zone").asText()).isEqualTo(zone.zone());
  }

  @Test
  void versionsNameTheCompatibleKumaDpAndEnvoyAndMeridiansOwn() {
    JsonNode versions = http.get("/versions").json();

    assertThat(versions.at("/kumaDp/2.4.x/envoy").asText()).isEqualTo("~1.27.0");
    assertThat(versions.at("/meridian/kumaCompatibility").asText()).isEqualTo("2.4.10");
    assertThat(versions.at("/meridian/version").asText()).isNotEmpty();
  }
}
