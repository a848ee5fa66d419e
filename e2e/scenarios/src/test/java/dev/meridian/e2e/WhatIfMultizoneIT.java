package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.e2e.support.ControlPlaneProcess;
import dev.meridian.e2e.support.CtlProcess;
import dev.meridian.kernel.whatif.WhatIf;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.testkit.grpc.AdsRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet-wide what-if, with global and two zones as separate processes: a MeshTimeout previewed
 * on global (by {@code meridianctl apply --dry-run} and by the API) names exactly the proxies of
 * both zones it would reconfigure, and writes nothing; once applied, what each zone really serves
 * its connected proxy differs from before by exactly the previewed diff.
 */
class WhatIfMultizoneIT {
  static final String TIMEOUT =
      """
      type: MeshTimeout
      mesh: fleet
      name: backend-timeout
      spec:
        targetRef: {kind: Mesh}
        to:
          - targetRef: {kind: MeshService, name: backend}
            default: {connectionTimeout: 3s}
      """;

  @TempDir Path work;

  @Test
  void aPreviewOnGlobalIsExactlyWhatBothZonesThenServe() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "whatif-it"));
    Map<String, String> global = new LinkedHashMap<>();
    global.put("meridian.data-dir", work.resolve("global").toString());
    global.put("meridian.kafka.bootstrap-servers", KafkaFixture.shared().bootstrapServers());
    global.put("meridian.kafka.zone-discovery-interval", "300ms");
    int adsA = ControlPlaneProcess.freePort();
    int adsB = ControlPlaneProcess.freePort();
    try (ControlPlaneProcess g =
            ControlPlaneProcess.start(
                "whatif-global", ControlPlaneProcess.globalJar(), global, logs);
        ControlPlaneProcess a = zone("whatif-zone-a", adsA, logs);
        ControlPlaneProcess b = zone("whatif-zone-b", adsB, logs)) {
      Http onGlobal = g.http();
      assertThat(
              onGlobal.put("/meshes/fleet", "{\"type\": \"Mesh\", \"name\": \"fleet\"}").status())
          .isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  a.http().get("/meshes/fleet").status() == 200
                      && b.http().get("/meshes/fleet").status() == 200);
      register(a.http(), "backend-a", "backend", null);
      register(a.http(), "web-a", "web", "backend");
      register(b.http(), "web-b", "web", "backend");
      register(b.http(), "db-b", "db", null);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> onGlobal.get("/meshes/fleet/dataplanes").json().path("total").asInt() == 4);

      try (AdsRecorder webA = new AdsRecorder(adsA, "fleet", "web-a");
          AdsRecorder webB = new AdsRecorder(adsB, "fleet", "web-b")) {
        await().atMost(Duration.ofSeconds(30)).until(() -> connected(a, "web-a"));
        await().atMost(Duration.ofSeconds(30)).until(() -> connected(b, "web-b"));
        JsonNode beforeA = served(a, "web-a");
        JsonNode beforeB = served(b, "web-b");
        int events = onGlobal.get("/audit/events?mesh=fleet").json().path("total").asInt();

        CtlProcess ctl =
            new CtlProcess(work).env("MERIDIANCTL_CONFIG", work.resolve("ctl-config").toString());
        assertThat(
                ctl.run(
                        "config",
                        "control-planes",
                        "add",
                        "--name",
                        "global",
                        "--address",
                        "http://127.0.0.1:" + g.apiPort())
                    .exitCode())
            .isZero();
        CtlProcess.Result dryRun = ctl.runWithInput(TIMEOUT, "apply", "-f", "-", "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out())
            .contains("2 proxies would change")
            .contains("web-a (zone whatif-zone-a, updated)")
            .contains("web-b (zone whatif-zone-b, updated)")
            .contains("connectTimeout: 5s -> 3s")
            .contains("Nothing was written")
            .doesNotContain("backend-a (")
            .doesNotContain("db-b (");

        JsonNode preview =
            onGlobal.post("/meshes/fleet/_whatif", TIMEOUT, "application/yaml").json();
        assertThat(names(preview)).containsExactly("web-a", "web-b");
        // Nothing was written by either preview.
        assertThat(onGlobal.get("/meshes/fleet/meshtimeouts/backend-timeout").status())
            .isEqualTo(404);
        assertThat(onGlobal.get("/audit/events?mesh=fleet").json().path("total").asInt())
            .isEqualTo(events);

        assertThat(ctl.runWithInput(TIMEOUT, "apply", "-f", "-").exitCode()).isZero();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> !served(a, "web-a").equals(beforeA) && !served(b, "web-b").equals(beforeB));
        assertThat(WhatIf.diff(beforeA, served(a, "web-a")))
            .isEqualTo(preview.at("/proxies/0/xds"));
        assertThat(WhatIf.diff(beforeB, served(b, "web-b")))
            .isEqualTo(preview.at("/proxies/1/xds"));
      }
    }
  }

  ControlPlaneProcess zone(String name, int adsPort, Path logs) {
    Map<String, String> zone = new LinkedHashMap<>();
    zone.put("meridian.zone", name);
    zone.put("meridian.mode", "multizone");
    zone.put("meridian.data-dir", work.resolve(name).toString());
    zone.put("meridian.kafka.bootstrap-servers", KafkaFixture.shared().bootstrapServers());
    zone.put("meridian.heartbeat-interval", "1s");
    zone.put("meridian.dataplane-server.port", Integer.toString(adsPort));
    return ControlPlaneProcess.start(name, ControlPlaneProcess.zoneJar(), zone, logs);
  }

  static void register(Http zone, String name, String service, String outbound) {
    String outbounds =
        outbound == null
            ? ""
            : ", \"outbound\": [{\"port\": 10001, \"tags\": {\"kuma.io/service\": \""
                + outbound
                + "\"}}]";
    assertThat(
            zone.put(
                    "/meshes/fleet/dataplanes/" + name,
                    """
                    {"type": "Dataplane", "mesh": "fleet", "name": "%s",
                     "networking": {"address": "127.0.0.1", "inbound": [{"port": %d,
                       "tags": {"kuma.io/service": "%s", "kuma.io/protocol": "http"}}]%s}}
                    """
                        .formatted(
                            name, 8000 + Math.abs(name.hashCode() % 1000), service, outbounds))
                .status())
        .isEqualTo(201);
  }

  /** What the zone serves the connected proxy of dataplane {@code name}. */
  static JsonNode served(ControlPlaneProcess zone, String name) {
    return zone.http().get("/meshes/fleet/dataplanes/" + name + "/xds").json().path("xds");
  }

  static boolean connected(ControlPlaneProcess zone, String name) {
    return zone.http()
        .get("/meshes/fleet/dataplanes/" + name + "/xds")
        .json()
        .path("connected")
        .asBoolean();
  }

  static List<String> names(JsonNode preview) {
    List<String> out = new java.util.ArrayList<>();
    preview.path("proxies").forEach(p -> out.add(p.path("name").asText()));
    return out;
  }
}
