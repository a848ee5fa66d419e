package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.whatif.WhatIf;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.grpc.AdsRecorder;
import dev.meridian.zone.support.RunningZone;
import dev.meridian.zone.xds.DataplaneServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /meshes/{mesh}/_whatif} on a zone: the preview names exactly the proxies a change
 * would reconfigure, and once the change is applied, what the connected proxy is really served
 * differs from before by exactly the previewed diff. The preview writes nothing; bad documents are
 * refused with their index in every field path.
 */
class WhatIfIT {
  @TempDir static Path dataDir;
  static RunningZone zone;
  static Http http;

  static final String YAML = "application/yaml";

  static final String TIMEOUT =
      """
      type: MeshTimeout
      mesh: default
      name: backend-timeout
      spec:
        targetRef: {kind: Mesh}
        to:
          - targetRef: {kind: MeshService, name: backend}
            default: {connectionTimeout: 2s, http: {requestTimeout: 7s}}
      """;

  @BeforeAll
  static void start() {
    zone =
        RunningZone.start(
            "whatif-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of("meridian.dataplane-server.port", "0"));
    http = new Http(zone.baseUrl());
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
    register("backend-1", "127.0.0.2", "backend", null);
    register("web-1", "127.0.0.3", "web", "backend");
    register("db-1", "127.0.0.4", "db", null);
  }

  @AfterAll
  static void stop() {
    zone.close();
  }

  @Test
  void theRealChangeIsExactlyThePreviewedOneAndThePreviewWritesNothing() {
    int port = zone.bean(DataplaneServer.class).port();
    try (AdsRecorder web = new AdsRecorder(port, "default", "web-1")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> connected("web-1"));
      JsonNode before = http.get("/meshes/default/dataplanes/web-1/xds").json().path("xds");
      int changes = http.get("/audit/events?mesh=default").json().path("total").asInt();

      Http.Response previewed = http.post("/meshes/default/_whatif", TIMEOUT, YAML);
      assertThat(previewed.status()).isEqualTo(200);
      JsonNode preview = previewed.json();
      assertThat(names(preview)).containsExactly("web-1");
      assertThat(preview.at("/resources/added/0/name").asText()).isEqualTo("backend-timeout");
      // Nothing written: no policy, no event.
      assertThat(http.get("/meshes/default/meshtimeouts/backend-timeout").status()).isEqualTo(404);
      assertThat(http.get("/audit/events?mesh=default").json().path("total").asInt())
          .isEqualTo(changes);

      assertThat(http.put("/meshes/default/meshtimeouts/backend-timeout", TIMEOUT, YAML).status())
          .isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  !http.get("/meshes/default/dataplanes/web-1/xds")
                      .json()
                      .path("xds")
                      .equals(before));
      JsonNode after = http.get("/meshes/default/dataplanes/web-1/xds").json().path("xds");
      assertThat(WhatIf.diff(before, after)).isEqualTo(preview.at("/proxies/0/xds"));
    }
  }

  @Test
  void badDocumentsAreRefusedWithTheirIndexAndNothingIsPreviewed() {
    Http.Response refused =
        http.post(
            "/meshes/default/_whatif",
            TIMEOUT
                + "---\n"
                + TIMEOUT
                    .replace("backend-timeout", "broken")
                    .replace("connectionTimeout: 2s", "connectionTimeout: soon"),
            YAML);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("[1].spec.to[0].default.connectionTimeout");
    assertThat(http.post("/meshes/nope/_whatif", TIMEOUT, YAML).status()).isEqualTo(404);
  }

  static List<String> names(JsonNode preview) {
    List<String> out = new ArrayList<>();
    preview.path("proxies").forEach(p -> out.add(p.path("name").asText()));
    return out;
  }

  static boolean connected(String name) {
    return http.get("/meshes/default/dataplanes/" + name + "/xds")
        .json()
        .path("connected")
        .asBoolean();
  }

  static void register(String name, String address, String service, String outbound) {
    String outbounds =
        outbound == null
            ? ""
            : ", \"outbound\": [{\"port\": 10001, \"tags\": {\"kuma.io/service\": \""
                + outbound
                + "\"}}]";
    assertThat(
            http.put(
                    "/meshes/default/dataplanes/" + name,
                    """
                    {"type": "Dataplane", "mesh": "default", "name": "%s",
                     "networking": {"address": "%s", "inbound": [{"port": 8080,
                       "tags": {"kuma.io/service": "%s", "kuma.io/protocol": "http"}}]%s}}
                    """
                        .formatted(name, address, service, outbounds))
                .status())
        .isEqualTo(201);
  }
}
