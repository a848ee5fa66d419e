package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.e2e.support.ControlPlaneProcess;
import dev.meridian.e2e.support.CtlProcess;
import dev.meridian.testkit.KafkaFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * meridianctl with two contexts, global and a zone, each its own JVM on one broker: policies
 * applied on global reach the zone, the zone's dataplane shows on global, {@code inspect zones}
 * sees the zone online, and a rollback on global reverts global's policy and leaves the zone's
 * dataplane to the zone, saying so.
 */
class MeridianctlMultizoneIT {
  static final String ZONE = "cli-mz-zone";

  @TempDir Path work;

  @Test
  void globalAndAZoneAreDrivenFromOneConfig() throws IOException {
    Path logs = Files.createDirectories(Path.of("target", "meridianctl-it"));
    Map<String, String> global = new LinkedHashMap<>();
    global.put("meridian.data-dir", work.resolve("global").toString());
    global.put("meridian.kafka.bootstrap-servers", KafkaFixture.shared().bootstrapServers());
    global.put("meridian.kafka.zone-discovery-interval", "300ms");
    Map<String, String> zone = new LinkedHashMap<>();
    zone.put("meridian.zone", ZONE);
    zone.put("meridian.mode", "multizone");
    zone.put("meridian.data-dir", work.resolve("zone").toString());
    zone.put("meridian.kafka.bootstrap-servers", KafkaFixture.shared().bootstrapServers());
    zone.put("meridian.heartbeat-interval", "1s");
    zone.put("meridian.dataplane-server.port", Integer.toString(ControlPlaneProcess.freePort()));
    try (ControlPlaneProcess g =
            ControlPlaneProcess.start(
                "cli-mz-global", ControlPlaneProcess.globalJar(), global, logs);
        ControlPlaneProcess z =
            ControlPlaneProcess.start(ZONE, ControlPlaneProcess.zoneJar(), zone, logs)) {
      CtlProcess ctl =
          new CtlProcess(work).env("MERIDIANCTL_CONFIG", work.resolve("ctl-config").toString());
      ok(
          ctl.run(
              "config",
              "control-planes",
              "add",
              "--name",
              ZONE,
              "--address",
              "http://127.0.0.1:" + z.apiPort()));
      ok(
          ctl.run(
              "config",
              "control-planes",
              "add",
              "--name",
              "global",
              "--address",
              "http://127.0.0.1:" + g.apiPort()));

      // Global is current (added last): the mesh and its policy are written there.
      ok(
          ctl.runWithInput(
              """
          type: Mesh
          name: fleet
          ---
          type: MeshTimeout
          mesh: fleet
          name: fleet-timeout
          spec:
            targetRef: {kind: Mesh}
            to:
              - targetRef: {kind: Mesh}
                default: {http: {requestTimeout: 5s}}
          """,
              "apply",
              "-f",
              "-"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> z.http().get("/meshes/fleet/meshtimeouts/fleet-timeout").status() == 200);
      Instant policyApplied = pause();

      ok(ctl.run("config", "control-planes", "switch", "--name", ZONE));
      CtlProcess.Result meshOnZone =
          ctl.runWithInput("type: Mesh\nname: elsewhere\n", "apply", "-f", "-");
      assertThat(meshOnZone.exitCode()).isEqualTo(1);
      assertThat(meshOnZone.err()).startsWith("Error: ").doesNotContain("Exception");
      assertThat(meshOnZone.err().lines()).hasSize(1);
      ok(
          ctl.runWithInput(
              """
          type: Dataplane
          mesh: fleet
          name: fleet-1
          networking:
            address: 10.9.0.1
            inbound:
              - port: 8080
                tags: {kuma.io/service: fleet}
          """,
              "apply",
              "-f",
              "-"));

      ok(ctl.run("config", "control-planes", "switch", "--name", "global"));
      ok(
          ctl.runWithInput(
              """
          type: MeshTimeout
          mesh: fleet
          name: fleet-timeout
          spec:
            targetRef: {kind: Mesh}
            to:
              - targetRef: {kind: Mesh}
                default: {http: {requestTimeout: 9s}}
          """,
              "apply",
              "-f",
              "-"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> g.http().get("/meshes/fleet/dataplanes/fleet-1").status() == 200);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(MeridianctlIT.row(ctl.run("inspect", "zones"), ZONE).subList(0, 2))
                      .containsExactly(ZONE, "Online"));
      assertThat(
              MeridianctlIT.row(ctl.run("inspect", "dataplanes", "-m", "fleet"), "fleet-1").get(2))
          .isEqualTo("kuma.io/service=fleet kuma.io/zone=" + ZONE);
      assertThat(MeridianctlIT.row(ctl.run("get", "dataplanes", "-m", "fleet"), "fleet-1").get(3))
          .isEqualTo("10.9.0.1");

      CtlProcess.Result rollback =
          ctl.run("rollback", "-m", "fleet", "--to", policyApplied.toString(), "--yes");
      ok(rollback);
      assertThat(rollback.out().lines().toList())
          .contains(
              "  revert MeshTimeout fleet/fleet-timeout (spec.to[0].default.http.requestTimeout)",
              "  skip Dataplane fleet/fleet-1: owned by its zone; roll it back there",
              "done: revert MeshTimeout fleet/fleet-timeout (spec.to[0].default.http.requestTimeout)");
      assertThat(
              g.http()
                  .get("/meshes/fleet/meshtimeouts/fleet-timeout")
                  .json()
                  .at("/spec/to/0/default/http/requestTimeout")
                  .asText())
          .isEqualTo("5s");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  z.http()
                      .get("/meshes/fleet/meshtimeouts/fleet-timeout")
                      .json()
                      .at("/spec/to/0/default/http/requestTimeout")
                      .asText()
                      .equals("5s"));
      assertThat(g.http().get("/meshes/fleet/dataplanes/fleet-1").status()).isEqualTo(200);
    }
  }

  static void ok(CtlProcess.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  static Instant pause() {
    return MeridianctlIT.pause();
  }
}
