package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.e2e.support.ControlPlaneProcess;
import dev.meridian.e2e.support.CtlProcess;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.testkit.grpc.AdsRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built meridianctl, each command a JVM of its own, against a standalone zone control plane
 * (its own JVM) on a real broker: apply, get in three formats (golden files), inspect, errors,
 * history, diff, delete and an export applied back. Golden files are under {@code
 * src/test/resources/meridianctl}; regenerate them with {@code -Dgolden.update=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeridianctlIT {
  static final String ZONE = "cli-zone";
  static final String REGENERATE =
      "mvn -B verify -pl e2e/scenarios -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dit.test=MeridianctlIT -Dgolden.update=true";
  static final Path GOLDEN = Path.of("src", "test", "resources", "meridianctl");

  @TempDir static Path work;
  static ControlPlaneProcess zone;
  static int adsPort;
  static CtlProcess ctl;
  static Instant beforeApply;
  static Instant afterApply;
  static String exportAfterApply;

  @BeforeAll
  static void up() throws IOException {
    adsPort = ControlPlaneProcess.freePort();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("meridian.zone", ZONE);
    settings.put("meridian.mode", "standalone");
    settings.put("meridian.data-dir", work.resolve("zone").toString());
    settings.put("meridian.kafka.bootstrap-servers", KafkaFixture.shared().bootstrapServers());
    settings.put("meridian.dataplane-server.port", Integer.toString(adsPort));
    zone = ControlPlaneProcess.start(ZONE, ControlPlaneProcess.zoneJar(), settings, logs());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> http().get("/meshes/default").status() == 200);
    ctl = new CtlProcess(work).env("MERIDIANCTL_CONFIG", work.resolve("ctl-config").toString());
    CtlProcess.Result added =
        ctl.run(
            "config",
            "control-planes",
            "add",
            "--name",
            ZONE,
            "--address",
            "http://127.0.0.1:" + port());
    assertThat(added.exitCode()).as(added.toString()).isZero();
  }

  @AfterAll
  static void down() {
    if (zone != null) {
      zone.close();
    }
  }

  @Test
  @Order(1)
  void aMultiDocumentFileWithVariablesIsAppliedDocumentByDocument() {
    beforeApply = pause();
    CtlProcess.Result applied =
        ctl.run("apply", "-f", resource("shop.yaml"), "-v", "mesh=shop", "-v", "address=10.0.0.5");
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.out())
        .isEqualTo(
            """
            Mesh "shop" created
            Dataplane "web-1" in mesh "shop" created
            Dataplane "web-2" in mesh "shop" created
            MeshTimeout "web-timeout" in mesh "shop" created
            """);
    assertThat(
            http().get("/meshes/shop/dataplanes/web-1").json().at("/networking/address").asText())
        .isEqualTo("10.0.0.5");
    afterApply = pause();
    exportAfterApply = http().get("/meshes/shop/_export").body();
  }

  @Test
  @Order(2)
  void getPrintsTablesYamlAndJsonAsTheGoldenFilesSay() {
    // Ages are counted from a pinned "now" a minute and a half after the last change.
    ctl.env("MERIDIANCTL_NOW", newestModification("shop").plusSeconds(90).toString());
    golden("get-dataplanes.table", ctl.run("get", "dataplanes", "-m", "shop"));
    golden("get-dataplanes.yaml", ctl.run("get", "dataplanes", "-m", "shop", "-o", "yaml"));
    golden("get-dataplanes.json", ctl.run("get", "dataplanes", "-m", "shop", "-o", "json"));
    golden("get-dataplanes-page.table", ctl.run("get", "dataplanes", "-m", "shop", "--size", "1"));
    golden("get-mesh.table", ctl.run("get", "mesh", "shop"));
    golden(
        "get-meshtimeout.yaml",
        ctl.run("get", "meshtimeout", "web-timeout", "-m", "shop", "-o", "yaml"));
    golden("get-meshtimeouts.table", ctl.run("get", "meshtimeouts", "-m", "shop"));
    ctl.env("MERIDIANCTL_NOW", null);
  }

  @Test
  @Order(3)
  void inspectShowsKumasColumnsAndEachProxysSyncPerXdsType() {
    CtlProcess.Result offline = ctl.run("inspect", "dataplanes", "-m", "shop");
    assertThat(offline.exitCode()).as(offline.toString()).isZero();
    List<String> lines = offline.out().lines().toList();
    assertThat(lines.get(0).split(" {3,}"))
        .containsExactly(
            "MESH",
            "NAME",
            "TAGS",
            "STATUS",
            "LAST CONNECTED AGO",
            "LAST UPDATED AGO",
            "TOTAL UPDATES",
            "TOTAL ERRORS",
            "CERT REGENERATED AGO",
            "CERT EXPIRATION",
            "CERT REGENERATIONS",
            "CERT BACKEND",
            "SUPPORTED CERT BACKENDS",
            "KUMA-DP",
            "ENVOY",
            "DEPENDENCIES-VERSION-COMPATIBLE");
    assertThat(lines.get(1).split(" {3,}"))
        .startsWith(
            "shop",
            "web-1",
            "kuma.io/protocol=http kuma.io/service=web kuma.io/zone=cli-zone",
            "Offline",
            "never",
            "never",
            "0",
            "0");

    try (AdsRecorder proxy = new AdsRecorder(adsPort, "shop", "web-1")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(row(ctl.run("inspect", "proxy-status", "-m", "shop"), "web-1"))
                      .startsWith("shop", "web-1", "Online", "SYNCED", "SYNCED", "NOT SENT"));
      List<String> web1 = row(ctl.run("inspect", "proxy-status", "-m", "shop"), "web-1");
      // The config is as of the newest change among the resources it comes from: web-1 itself
      // or the policy, the last ones written before it connected.
      JsonNode audit = http().get("/audit/events?mesh=shop").json().path("items");
      List<String> positions = audit.findValuesAsText("position");
      assertThat(web1.get(7)).isIn(positions).matches("meridian\\.zone\\.cli-zone-\\d+@\\d+");
      assertThat(row(ctl.run("inspect", "proxy-status", "-m", "shop"), "web-2"))
          .startsWith("shop", "web-2", "Offline", "NOT SENT", "NOT SENT", "NOT SENT", "NOT SENT");
      List<String> online = row(ctl.run("inspect", "dataplanes", "-m", "shop"), "web-1");
      assertThat(online.get(3)).isEqualTo("Online");
      assertThat(Long.parseLong(online.get(6))).as("total updates").isGreaterThanOrEqualTo(2);
      assertThat(online.get(7)).as("total errors").isEqualTo("0");
    }
    List<String> meshes = row(ctl.run("inspect", "meshes"), "shop");
    assertThat(meshes.subList(0, 3)).containsExactly("shop", "0/2", "1");
  }

  @Test
  @Order(4)
  void badInputIsRefusedWithKumactlsErrorLinesAndExitCodeOne() {
    CtlProcess.Result invalid =
        ctl.runWithInput(
            """
            type: Dataplane
            mesh: shop
            name: broken
            networking:
              address: 10.0.0.7
              inbound:
                - port: 0
            """,
            "apply",
            "-f",
            "-");
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.out()).isEmpty();
    assertThat(invalid.err())
        .isEqualTo(
            """
            Error: Could not process a resource (Resource is not valid)
            * networking.inbound[0].port: port must be in the range [1, 65535]
            * networking.inbound[0].tags["kuma.io/service"]: tag has to exist
            """);
    assertThat(http().get("/meshes/shop/dataplanes/broken").status()).isEqualTo(404);

    CtlProcess.Result missing = ctl.run("get", "dataplane", "nope", "-m", "shop");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("Error: Could not retrieve a resource (Not found)\n");

    CtlProcess.Result badPage = ctl.run("get", "dataplanes", "-m", "shop", "--size", "5000");
    assertThat(badPage.exitCode()).isEqualTo(1);
    assertThat(badPage.err())
        .isEqualTo(
            "Error: Could not retrieve resources (Invalid page size)\n* size: Invalid page size of 5000. Maximum page size is 1000\n");
  }

  @Test
  @Order(5)
  void historyListsTheChangesAndFollowPrintsNewOnesAsTheyCome() throws Exception {
    CtlProcess.Result history = ctl.run("history", "--mesh", "shop", "--type", "Dataplane");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(history.out().lines().toList().get(0).split(" {3,}"))
        .containsExactly(
            "POSITION", "TIME", "ORIGIN", "ACTOR", "OPERATION", "TYPE", "MESH", "NAME");
    assertThat(row(history, "web-1").subList(2, 8))
        .containsExactly(ZONE, "anonymous", "CREATE", "Dataplane", "shop", "web-1");

    Path followed = work.resolve("follow.out");
    Process follow = ctl.startInBackground(followed, "history", "--mesh", "shop", "--follow");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> read(followed).contains("POSITION"));
      CtlProcess.Result changed =
          ctl.runWithInput(
              """
              type: Dataplane
              mesh: shop
              name: web-2
              networking:
                address: 10.0.0.9
                inbound:
                  - port: 8080
                    tags: {kuma.io/service: web, kuma.io/protocol: http, version: v2}
              """,
              "apply",
              "-f",
              "-");
      assertThat(changed.out()).isEqualTo("Dataplane \"web-2\" in mesh \"shop\" applied\n");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  read(followed)
                      .lines()
                      .anyMatch(l -> l.matches(".*UPDATE\\s+Dataplane\\s+shop\\s+web-2$")));
    } finally {
      follow.destroy();
      follow.waitFor();
    }
  }

  @Test
  @Order(6)
  void diffShowsWhatChangedBetweenTwoMoments() {
    CtlProcess.Result sinceStart =
        ctl.run(
            "diff", "-m", "shop", "--from", beforeApply.toString(), "--to", afterApply.toString());
    assertThat(sinceStart.exitCode()).as(sinceStart.toString()).isZero();
    assertThat(sinceStart.out().lines())
        .contains(
            "+ Mesh shop",
            "+ Dataplane shop/web-1",
            "+ Dataplane shop/web-2",
            "+ MeshTimeout shop/web-timeout");
    CtlProcess.Result sinceApply = ctl.run("diff", "-m", "shop", "--from", afterApply.toString());
    assertThat(sinceApply.out())
        .isEqualTo(
            "mesh shop from "
                + afterApply
                + " to now\n~ Dataplane shop/web-2\n    networking.address: \"10.0.0.6\" -> \"10.0.0.9\"\n");
    CtlProcess.Result json =
        ctl.run("diff", "-m", "shop", "--from", afterApply.toString(), "-o", "json");
    assertThat(json.out()).contains("\"changed\": [");
  }

  @Test
  @Order(7)
  void deleteRemovesAResourceAndGetAtShowsItAsItWas() {
    CtlProcess.Result deleted = ctl.run("delete", "dataplane", "web-1", "-m", "shop");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).isEqualTo("deleted Dataplane \"web-1\"\n");
    assertThat(http().get("/meshes/shop/dataplanes/web-1").status()).isEqualTo(404);
    assertThat(ctl.run("get", "dataplanes", "-m", "shop").out()).doesNotContain("web-1");

    CtlProcess.Result then =
        ctl.run("get", "dataplanes", "-m", "shop", "--at", afterApply.toString());
    assertThat(row(then, "web-1").get(3)).isEqualTo("10.0.0.5");
    assertThat(row(then, "web-2").get(3)).isEqualTo("10.0.0.6");

    // A log position from the history works as a moment too.
    String created =
        ctl.run("history", "--mesh", "shop", "--type", "Dataplane", "--name", "web-1")
            .out()
            .lines()
            .filter(l -> l.contains("   CREATE   "))
            .map(l -> l.split(" {3,}")[0])
            .findFirst()
            .orElseThrow();
    CtlProcess.Result atPosition =
        ctl.run("get", "dataplane", "web-1", "-m", "shop", "--at", created, "-o", "json");
    assertThat(atPosition.exitCode()).as(atPosition.toString()).isZero();
    assertThat(atPosition.out()).contains("\"address\": \"10.0.0.5\"");
  }

  @Test
  @Order(8)
  void anExportAppliedBackRestoresTheMeshAsItWas() {
    CtlProcess.Result export = ctl.run("export", "-m", "shop", "--at", afterApply.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(export.out()).isEqualTo(exportAfterApply);

    CtlProcess.Result applied = ctl.runWithInput(export.out(), "apply", "-f", "-");
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.out()).contains("Dataplane \"web-1\" in mesh \"shop\" created");
    assertThat(ctl.run("export", "-m", "shop").out()).isEqualTo(exportAfterApply);
  }

  @Test
  @Order(9)
  void rebuildStatusShowsBothSidesAndTheProjectionsChecksum() {
    CtlProcess.Result status = ctl.run("rebuild", "status");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out().lines().toList().get(0).split(" {3,}"))
        .containsExactly(
            "SIDE", "DONE", "OUTCOME", "RECORDS READ", "REMAINING", "PER SECOND", "ELAPSED");
    String checksum = http().get("/status/rebuild").json().path("checksum").asText();
    assertThat(status.out()).contains("checksum:  " + checksum);
  }

  @Test
  @Order(10)
  void rollbackPreviewsTheInverseChangesThenWritesThemAsTheCaller() {
    Instant good = pause();
    String exportGood = http().get("/meshes/shop/_export").body();
    assertThat(ctl.run("delete", "meshtimeout", "web-timeout", "-m", "shop").exitCode()).isZero();
    assertThat(
            ctl.runWithInput(
                    """
                    type: Dataplane
                    mesh: shop
                    name: web-2
                    networking:
                      address: 10.0.0.42
                      inbound:
                        - port: 8080
                          tags: {kuma.io/service: web, kuma.io/protocol: http, version: v2}
                    ---
                    type: Dataplane
                    mesh: shop
                    name: web-3
                    networking:
                      address: 10.0.0.43
                      inbound:
                        - port: 8080
                          tags: {kuma.io/service: web}
                    """,
                    "apply",
                    "-f",
                    "-")
                .exitCode())
        .isZero();
    String changed = http().get("/meshes/shop/_export").body();

    CtlProcess.Result preview = ctl.run("rollback", "-m", "shop", "--to", good.toString());
    assertThat(preview.exitCode()).as(preview.toString()).isZero();
    assertThat(preview.out())
        .isEqualTo(
            "Rollback of mesh shop to "
                + good
                + ":\n"
                + "  restore MeshTimeout shop/web-timeout\n"
                + "  revert Dataplane shop/web-2 (networking.address)\n"
                + "  delete Dataplane shop/web-3\n"
                + "Nothing written: rerun with --yes to make these 3 changes.\n");
    assertThat(http().get("/meshes/shop/_export").body())
        .as("the preview writes nothing")
        .isEqualTo(changed);

    // As the administrator, whose token's name the log records as the actor.
    CtlProcess.Result admin =
        ctl.run(
            "config",
            "control-planes",
            "add",
            "--name",
            "admin",
            "--address",
            "http://127.0.0.1:" + port(),
            "--auth-token-file",
            work.resolve("zone").resolve("admin-token").toString());
    assertThat(admin.exitCode()).as(admin.toString()).isZero();
    CtlProcess.Result rolledBack =
        ctl.run(
            "rollback", "-m", "shop", "--to", good.toString(), "--yes", "--reason", "OPS-7 undo");
    assertThat(rolledBack.exitCode()).as(rolledBack.toString()).isZero();
    assertThat(rolledBack.out()).endsWith("Mesh shop is as it was at " + good + ".\n");
    assertThat(http().get("/meshes/shop/_export").body()).isEqualTo(exportGood);

    CtlProcess.Result byAdmin = ctl.run("history", "--mesh", "shop", "--actor", "admin");
    assertThat(row(byAdmin, "web-timeout").subList(3, 8))
        .containsExactly("admin", "CREATE", "MeshTimeout", "shop", "web-timeout");
    assertThat(row(byAdmin, "web-2").subList(3, 8))
        .containsExactly("admin", "UPDATE", "Dataplane", "shop", "web-2");
    assertThat(row(byAdmin, "web-3").subList(3, 8))
        .containsExactly("admin", "DELETE", "Dataplane", "shop", "web-3");
    // Every change of the rollback says why.
    JsonNode audit = http().get("/audit/events?mesh=shop&actor=admin").json();
    assertThat(audit.path("items")).isNotEmpty();
    audit.path("items").forEach(e -> assertThat(e.path("reason").asText()).isEqualTo("OPS-7 undo"));
    assertThat(ctl.run("rollback", "-m", "shop", "--to", good.toString()).out())
        .contains("  nothing to change");
    assertThat(ctl.run("config", "control-planes", "switch", "--name", ZONE).exitCode()).isZero();
  }

  @Test
  @Order(11)
  void inATerminalTablesAreAlignedAndErrorsReadable() throws Exception {
    // A real terminal (tmux, 200 columns) running the launcher script, as a user types it.
    String session = "meridianctl-it-" + ProcessHandle.current().pid();
    Path launcher =
        Path.of("..", "..", "deploy", "meridianctl", "bin", "meridianctl")
            .toAbsolutePath()
            .normalize();
    tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50", "bash --norc --noprofile");
    try {
      tmux(
          "send-keys",
          "-t",
          session,
          "export MERIDIANCTL_CONFIG="
              + work.resolve("ctl-config")
              + " MERIDIANCTL_JAR="
              + CtlProcess.jar()
              + "; clear; "
              + launcher
              + " get dataplanes -m shop; "
              + launcher
              + " apply -f - <<< 'type: Dataplane'; echo \"exit=$?\"; echo END-OF-SESSION",
          "Enter");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> capture(session).lines().anyMatch(l -> l.equals("END-OF-SESSION")));
      String screen = capture(session);
      Files.writeString(logs().resolve("terminal.txt"), screen);
      List<String> lines = screen.lines().toList();
      String header = lines.stream().filter(l -> l.startsWith("MESH ")).findFirst().orElseThrow();
      for (String dataplane : List.of("web-1", "web-2")) {
        String line =
            lines.stream()
                .filter(l -> l.startsWith("shop   " + dataplane))
                .findFirst()
                .orElseThrow();
        assertThat(line.indexOf(dataplane)).isEqualTo(header.indexOf("NAME"));
        assertThat(line.indexOf("kuma.io/")).isEqualTo(header.indexOf("TAGS"));
        assertThat(line.indexOf("10.0.0.")).isEqualTo(header.indexOf("ADDRESS"));
        assertThat(line).as("the age ends the line").matches(".*   \\d+[smhd]$");
      }
      assertThat(lines)
          .containsSubsequence(
              "Error: invalid input: nothing was applied",
              "* document.name: cannot be empty",
              "* document.mesh: cannot be empty",
              "exit=1");
    } finally {
      tmux("kill-session", "-t", session);
    }
  }

  static String capture(String session) throws Exception {
    return tmux("capture-pane", "-p", "-t", session);
  }

  static String tmux(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("tmux"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("tmux %s: %s", String.join(" ", args), output).isZero();
    return output;
  }

  // ---------------------------------------------------------------------------------------------

  static Http http() {
    return zone.http();
  }

  static int port() {
    return zone.apiPort();
  }

  /** The cells of the table row whose second column is {@code name}. */
  static List<String> row(CtlProcess.Result table, String name) {
    assertThat(table.exitCode()).as(table.toString()).isZero();
    return table
        .out()
        .lines()
        .map(l -> List.of(l.split(" {3,}")))
        .filter(cells -> cells.contains(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + table.out()));
  }

  /** A moment strictly between what was written before and what is written after. */
  static Instant pause() {
    Instant before = Instant.now();
    await().until(() -> Instant.now().isAfter(before.plusMillis(20)));
    Instant moment = Instant.now();
    await().until(() -> Instant.now().isAfter(moment.plusMillis(20)));
    return moment;
  }

  static Instant newestModification(String mesh) {
    Instant newest =
        Instant.parse(http().get("/meshes/" + mesh).json().path("modificationTime").asText());
    for (String plural : List.of("dataplanes", "meshtimeouts")) {
      for (JsonNode item : http().get("/meshes/" + mesh + "/" + plural).json().path("items")) {
        Instant t = Instant.parse(item.path("modificationTime").asText());
        newest = t.isAfter(newest) ? t : newest;
      }
    }
    return newest;
  }

  /**
   * Compares with {@code <name>.golden.txt}, times masked; rewrites it with -Dgolden.update=true.
   */
  static void golden(String name, CtlProcess.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    String actual =
        result.out().replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "<time>");
    Path file = GOLDEN.resolve(name + ".golden.txt");
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        fail("golden file %s is missing; generate it with: %s", file, REGENERATE);
      }
      assertThat(actual)
          .as(
              "golden file %s differs; if the change is intended regenerate with: %s",
              file, REGENERATE)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    return GOLDEN.resolve(name).toAbsolutePath().toString();
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path logs() throws IOException {
    return Files.createDirectories(Path.of("target", "meridianctl-it"));
  }
}
