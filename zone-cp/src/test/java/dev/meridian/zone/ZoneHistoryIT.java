package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.history.CommandSideRecovery;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.runtime.command.EventStoreRestore;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.TopicReader;
import dev.meridian.zone.support.RunningZone;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log remembers: a zone answers "what did it look like then", "who changed what", and comes
 * back from the log alone when its data folder is lost.
 */
class ZoneHistoryIT {
  @TempDir Path first;
  @TempDir Path replacement;

  static String dataplane(String name, String address, int port) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "%s",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "%s"}}]}}
        """
        .formatted(name, address, port, name.replaceAll("-\\d+$", ""));
  }

  static String at(Instant time) {
    return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
  }

  /** A moment strictly between two changes, as an operator would pick it. */
  static Instant settle() {
    Instant now = Instant.now();
    await().pollDelay(Duration.ofMillis(20)).until(() -> Instant.now().isAfter(now.plusMillis(10)));
    return Instant.now();
  }

  @Test
  void pointInTimeReadsAuditDiffAndExportMatchWhatWasLive() throws Exception {
    String zoneName = "history-" + UUID.randomUUID().toString().substring(0, 8);
    try (RunningZone zone = RunningZone.start(zoneName, first)) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/meshes/default").status() == 200);

      assertThat(
              http.put("/meshes/default/dataplanes/web-1", dataplane("web-1", "10.0.0.1", 8080))
                  .status())
          .isEqualTo(201);
      assertThat(
              http.put("/meshes/default/dataplanes/db-1", dataplane("db-1", "10.0.0.9", 5432))
                  .status())
          .isEqualTo(201);
      Instant t1 = settle();
      String listAtT1 = http.get("/meshes/default/dataplanes").body();
      String web1AtT1 = http.get("/meshes/default/dataplanes/web-1").body();
      String xdsAtT1 = http.get("/meshes/default/dataplanes/web-1/xds").body();

      assertThat(
              http.put("/meshes/default/dataplanes/web-1", dataplane("web-1", "10.0.0.2", 8080))
                  .status())
          .isEqualTo(200);
      assertThat(http.delete("/meshes/default/dataplanes/db-1").status()).isEqualTo(200);
      Instant t2 = settle();
      String listAtT2 = http.get("/meshes/default/dataplanes").body();

      // Reads at a past moment equal what the API answered live then.
      assertThat(http.get("/meshes/default/dataplanes?at=" + at(t1)).json())
          .isEqualTo(DomainJson.canonical().readTree(listAtT1));
      assertThat(http.get("/meshes/default/dataplanes/web-1?at=" + at(t1)).json())
          .isEqualTo(DomainJson.canonical().readTree(web1AtT1));
      assertThat(http.get("/meshes/default/dataplanes/db-1?at=" + at(t2)).status()).isEqualTo(404);
      assertThat(http.get("/meshes/default/dataplanes?at=" + at(t2)).json())
          .isEqualTo(DomainJson.canonical().readTree(listAtT2));
      assertThat(http.get("/meshes/default/dataplanes/web-1/xds?at=" + at(t1)).json().get("xds"))
          .isEqualTo(DomainJson.canonical().readTree(xdsAtT1).get("xds"));

      // The audit log: newest first, every change with who and before/after.
      JsonNode audit = http.get("/audit/events?mesh=default&type=Dataplane").json();
      assertThat(audit.get("total").asInt()).isEqualTo(4);
      assertThat(audit.get("items"))
          .extracting(e -> e.get("name").asText() + ":" + e.get("operation").asText())
          .containsExactly("db-1:DELETE", "web-1:UPDATE", "db-1:CREATE", "web-1:CREATE");
      JsonNode update = audit.at("/items/1");
      assertThat(update.get("actor").asText()).isEqualTo("anonymous");
      assertThat(update.get("origin").asText()).isEqualTo(zoneName);
      assertThat(update.at("/before/networking/address").asText()).isEqualTo("10.0.0.1");
      assertThat(update.at("/after/networking/address").asText()).isEqualTo("10.0.0.2");

      // A log position names the moment just after that change.
      String position = URLEncoder.encode(update.get("position").asText(), StandardCharsets.UTF_8);
      assertThat(
              http.get("/meshes/default/dataplanes/web-1?at=" + position)
                  .json()
                  .at("/networking/address")
                  .asText())
          .isEqualTo("10.0.0.2");
      assertThat(http.get("/meshes/default/dataplanes/db-1?at=" + position).status())
          .isEqualTo(200);

      // The diff between the two moments is exact.
      JsonNode diff = http.get("/meshes/default/_diff?from=" + at(t1) + "&to=" + at(t2)).json();
      assertThat(diff.get("added")).isEmpty();
      assertThat(diff.get("removed"))
          .extracting(r -> r.get("name").asText())
          .containsExactly("db-1");
      assertThat(diff.at("/changed/0/name").asText()).isEqualTo("web-1");
      assertThat(diff.at("/changed/0/changes")).hasSize(1);
      assertThat(diff.at("/changed/0/changes/0/path").asText()).isEqualTo("networking.address");

      // The export at t1 is the mesh as it was, in documents PUT accepts.
      Http.Response export = http.get("/meshes/default/_export?at=" + at(t1));
      assertThat(export.status()).isEqualTo(200);
      List<JsonNode> documents =
          DomainJson.yaml().readerFor(JsonNode.class).<JsonNode>readValues(export.body()).readAll();
      assertThat(documents)
          .extracting(d -> d.get("type").asText() + "/" + d.get("name").asText())
          .containsExactly(
              "Mesh/default",
              "Dataplane/db-1",
              "Dataplane/web-1",
              // Kuma's initial policy, created with the mesh.
              "MeshTrafficPermission/allow-all-default");
      assertThat(
              http.put("/meshes/default/dataplanes/db-1", DomainJson.toJson(documents.get(1)))
                  .status())
          .isEqualTo(201);

      // Provenance: the cluster of service web traces back to web-1's latest change.
      String shop =
          """
          {"type": "Dataplane", "mesh": "default", "name": "shop-1",
           "networking": {"address": "10.0.0.7",
             "inbound": [{"port": 9000, "tags": {"kuma.io/service": "shop"}}],
             "outbound": [{"port": 10001, "tags": {"kuma.io/service": "web"}}]}}
          """;
      assertThat(http.put("/meshes/default/dataplanes/shop-1", shop).status()).isEqualTo(201);
      JsonNode provenance = http.get("/meshes/default/dataplanes/shop-1/_provenance").json();
      JsonNode webCluster = provenance.at("/clusters/web");
      assertThat(webCluster)
          .extracting(c -> c.get("type").asText() + "/" + c.get("name").asText())
          .containsExactlyInAnyOrder("Dataplane/shop-1", "Dataplane/web-1", "Mesh/default");
      JsonNode fromWeb1 =
          java.util.stream.StreamSupport.stream(webCluster.spliterator(), false)
              .filter(c -> c.get("name").asText().equals("web-1"))
              .findFirst()
              .orElseThrow();
      assertThat(fromWeb1.get("position").asText()).isEqualTo(update.get("position").asText());
      assertThat(fromWeb1.get("actor").asText()).isEqualTo("anonymous");
      assertThat(provenance.at("/listeners").fieldNames())
          .toIterable()
          .contains("outbound:127.0.0.1:10001");

      // A policy for calls to web is traced too.
      String timeout =
          """
          {"type": "MeshTimeout", "mesh": "default", "name": "web-timeouts",
           "spec": {"targetRef": {"kind": "Mesh"},
                    "to": [{"targetRef": {"kind": "MeshService", "name": "web"},
                            "default": {"connectionTimeout": "2s"}}]}}
          """;
      assertThat(http.put("/meshes/default/meshtimeouts/web-timeouts", timeout).status())
          .isEqualTo(201);
      assertThat(
              http.get("/meshes/default/dataplanes/shop-1/_provenance").json().at("/clusters/web"))
          .extracting(c -> c.get("type").asText() + "/" + c.get("name").asText())
          .contains("MeshTimeout/web-timeouts");

      // Bad history parameters are field errors.
      Http.Response bad = http.get("/meshes/default/dataplanes?at=noon");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().at("/invalid_parameters/0/field").asText()).isEqualTo("at");
      assertThat(http.get("/audit/events?since=yesterday").status()).isEqualTo(400);
    }
  }

  @Test
  void aZoneWhoseDataFolderIsLostComesBackFromTheLogAlone() {
    String zoneName = "dr-" + UUID.randomUUID().toString().substring(0, 8);
    String checksum;
    String created;
    try (RunningZone zone = RunningZone.start(zoneName, first)) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/meshes/default").status() == 200);
      http.put("/meshes/default/dataplanes/api-1", dataplane("api-1", "10.0.0.1", 7000));
      http.put("/meshes/default/dataplanes/api-1", dataplane("api-1", "10.0.0.2", 7000));
      http.put("/meshes/default/dataplanes/old-1", dataplane("old-1", "10.0.0.3", 7000));
      assertThat(http.delete("/meshes/default/dataplanes/old-1").status()).isEqualTo(200);
      created = http.get("/meshes/default/dataplanes/api-1").json().get("creationTime").asText();
      checksum = zone.bean(Projection.class).checksum();
    }
    int recordsBefore = TopicReader.readAll("meridian.zone." + zoneName).size();

    // A new, empty data folder: nothing local survives.
    try (RunningZone zone = RunningZone.start(zoneName, replacement)) {
      Http http = new Http(zone.baseUrl());
      Projection projection = zone.bean(Projection.class);
      assertThat(zone.bean(EventStoreRestore.class).outcome())
          .isEqualTo(CommandSideRecovery.Outcome.RESTORED);
      await().atMost(Duration.ofSeconds(30)).until(() -> checksum.equals(projection.checksum()));
      JsonNode status = http.get("/status/rebuild").json();
      assertThat(status.get("checksum").asText()).isEqualTo(checksum);
      assertThat(status.at("/commandSide/restoredEvents").asInt()).isEqualTo(recordsBefore);
      assertThat(status.at("/readSide/done").asBoolean()).isTrue();
      assertThat(http.get("/meshes/default/dataplanes/api-1").json().get("creationTime").asText())
          .isEqualTo(created);
      // Nothing was published again, and the default mesh was not created anew.
      assertThat(TopicReader.readAll(zone.topic())).hasSize(recordsBefore);

      // Resources created before the loss can be updated, deleted and created again.
      assertThat(
              http.put("/meshes/default/dataplanes/api-1", dataplane("api-1", "10.0.0.4", 7000))
                  .status())
          .isEqualTo(200);
      assertThat(
              http.put("/meshes/default/dataplanes/old-1", dataplane("old-1", "10.0.0.3", 7000))
                  .status())
          .isEqualTo(201);
      assertThat(http.delete("/meshes/default/dataplanes/api-1").status()).isEqualTo(200);
      assertThat(TopicReader.readAll(zone.topic())).hasSize(recordsBefore + 3);
      assertThat(zone.bean(dev.meridian.runtime.log.ProjectionFeed.class).rejections().total())
          .isZero();
    }

    // An operator can force the same from a store that is not empty.
    String finalChecksum;
    try (RunningZone zone = RunningZone.start(zoneName, replacement)) {
      Projection projection = zone.bean(Projection.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> zone.bean(dev.meridian.runtime.log.ProjectionFeed.class).caughtUp());
      assertThat(zone.bean(EventStoreRestore.class).outcome())
          .isEqualTo(CommandSideRecovery.Outcome.NOT_NEEDED);
      finalChecksum = projection.checksum();
    }
    try (RunningZone zone =
        RunningZone.start(
            zoneName, replacement, java.util.Map.of("meridian.rebuild-from-log", "true"))) {
      Http http = new Http(zone.baseUrl());
      assertThat(zone.bean(EventStoreRestore.class).outcome())
          .isEqualTo(CommandSideRecovery.Outcome.RESTORED);
      Projection projection = zone.bean(Projection.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> finalChecksum.equals(projection.checksum()));
      assertThat(
              http.put("/meshes/default/dataplanes/old-1", dataplane("old-1", "10.0.0.5", 7000))
                  .status())
          .isEqualTo(200);
      assertThat(TopicReader.readAll(zone.topic())).hasSize(recordsBefore + 4);
    }

    // A restore cut short (some events written back, the publisher's token not yet) is redone.
    String url = "jdbc:h2:file:" + replacement.resolve("event-store");
    try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, "sa", "");
        java.sql.Statement sql = db.createStatement()) {
      sql.executeUpdate("DELETE FROM token_entry");
      sql.executeUpdate(
          "DELETE FROM domain_event_entry"
              + " WHERE global_index > (SELECT MIN(global_index) FROM domain_event_entry)");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    try (RunningZone zone = RunningZone.start(zoneName, replacement)) {
      assertThat(zone.bean(EventStoreRestore.class).outcome())
          .isEqualTo(CommandSideRecovery.Outcome.RESTORED);
      Http http = new Http(zone.baseUrl());
      Projection projection = zone.bean(Projection.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> zone.bean(dev.meridian.runtime.log.ProjectionFeed.class).caughtUp());
      assertThat(TopicReader.readAll(zone.topic())).hasSize(recordsBefore + 4);
      assertThat(
              http.put("/meshes/default/dataplanes/old-1", dataplane("old-1", "10.0.0.6", 7000))
                  .status())
          .isEqualTo(200);
      assertThat(TopicReader.readAll(zone.topic())).hasSize(recordsBefore + 5);
      assertThat(
              projection.get(
                  dev.meridian.kernel.resource.ResourceKey.dataplane("default", "old-1")))
          .isPresent();
    }

    // A store whose events were lost but whose publisher token row was not is restored too.
    try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, "sa", "");
        java.sql.Statement sql = db.createStatement()) {
      sql.executeUpdate("DELETE FROM domain_event_entry");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    try (RunningZone zone = RunningZone.start(zoneName, replacement)) {
      assertThat(zone.bean(EventStoreRestore.class).outcome())
          .isEqualTo(CommandSideRecovery.Outcome.RESTORED);
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> zone.bean(dev.meridian.runtime.log.ProjectionFeed.class).caughtUp());
      assertThat(
              http.put("/meshes/default/dataplanes/old-1", dataplane("old-1", "10.0.0.7", 7000))
                  .status())
          .isEqualTo(200);
      assertThat(TopicReader.readAll(zone.topic())).hasSize(recordsBefore + 6);
    }

    // A store that lags its topic (say, restored from an older backup) catches up at start, so a
    // later write of an aggregate it lacked the newest events of is not lost.
    try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, "sa", "");
        java.sql.Statement sql = db.createStatement()) {
      sql.executeUpdate(
          "DELETE FROM domain_event_entry WHERE global_index >="
              + " (SELECT MAX(global_index) - 1 FROM domain_event_entry)");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    try (RunningZone zone = RunningZone.start(zoneName, replacement)) {
      assertThat(zone.bean(EventStoreRestore.class).outcome())
          .isEqualTo(CommandSideRecovery.Outcome.CAUGHT_UP);
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> zone.bean(dev.meridian.runtime.log.ProjectionFeed.class).caughtUp());
      assertThat(TopicReader.readAll(zone.topic())).hasSize(recordsBefore + 6);
      assertThat(
              http.put("/meshes/default/dataplanes/old-1", dataplane("old-1", "10.0.0.8", 7000))
                  .status())
          .isEqualTo(200);
      assertThat(
              http.get("/meshes/default/dataplanes/old-1")
                  .json()
                  .at("/networking/address")
                  .asText())
          .isEqualTo("10.0.0.8");
      assertThat(TopicReader.readAll(zone.topic())).hasSize(recordsBefore + 7);
    }
  }
}
