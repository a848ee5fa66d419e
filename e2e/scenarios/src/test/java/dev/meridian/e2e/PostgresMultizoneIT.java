package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.e2e.support.ControlPlaneProcess;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.testkit.PostgresDatabase;
import dev.meridian.testkit.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global and a zone, each in its own JVM with its event store on the real PostgreSQL server: a mesh
 * written on global reaches the zone, a dataplane written on the zone reaches global; both restart
 * on the same databases with their state kept, publish nothing anew, and rebuild a read side
 * identical (same checksum) from the log.
 */
class PostgresMultizoneIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String ZONE = "pg-" + RUN;
  static final String MESH = "ledger-" + RUN;

  static final ObjectMapper JSON = new ObjectMapper();
  // Kept after the run (unlike the data directories) so a failure can be read up on.
  static final Path LOGS = Path.of("target", "postgres-multizone-it");

  @TempDir Path work;

  @Test
  void globalAndAZoneOnPostgresPropagateWritesAndRestartWithTheSameState() throws Exception {
    try (PostgresDatabase globalDb = PostgresDatabase.create("meridian_global_" + RUN);
        PostgresDatabase zoneDb = PostgresDatabase.create("meridian_zone_" + RUN)) {
      Map<String, String> globalSettings = globalSettings(globalDb);
      Map<String, String> zoneSettings = zoneSettings(zoneDb);
      String globalChecksum;
      String zoneChecksum;
      int globalRecords;
      int zoneRecords;

      try (ControlPlaneProcess global = startGlobal(globalSettings);
          ControlPlaneProcess zone = startZone(zoneSettings)) {
        // A mesh written on global reaches the zone over meridian.global.
        assertThat(global.http().put("/meshes/" + MESH, meshJson()).status()).isEqualTo(201);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> zone.http().get("/meshes/" + MESH).status() == 200);

        // A dataplane written on the zone reaches global, stamped with the zone.
        assertThat(
                zone.http()
                    .put("/meshes/" + MESH + "/dataplanes/ledger-1", dataplane(8080))
                    .status())
            .isEqualTo(201);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    global.http().get("/meshes/" + MESH + "/dataplanes/ledger-1").status() == 200);
        JsonNode onGlobal = global.http().get("/meshes/" + MESH + "/dataplanes/ledger-1").json();
        assertThat(onGlobal.at("/networking/inbound/0/tags/kuma.io~1zone").asText())
            .isEqualTo(ZONE);

        // Each command side is on PostgreSQL, payloads inline as bytea.
        assertEventsStored(globalDb, "mesh/" + MESH, 1);
        assertEventsStored(zoneDb, "dataplane/" + MESH + "/ledger-1", 1);

        assertLogsAreJson(zone);

        globalChecksum = checksumOnceCaughtUp(global.http());
        zoneChecksum = checksumOnceCaughtUp(zone.http());
        globalRecords = TopicReader.readAll(LogSource.GLOBAL_TOPIC).size();
        zoneRecords = TopicReader.readAll(LogSource.zoneTopic(ZONE)).size();
      }

      try (ControlPlaneProcess global = startGlobal(globalSettings);
          ControlPlaneProcess zone = startZone(zoneSettings)) {
        // The read sides are rebuilt from the log alone: identical to what they were.
        assertThat(checksumOnceCaughtUp(global.http())).isEqualTo(globalChecksum);
        assertThat(checksumOnceCaughtUp(zone.http())).isEqualTo(zoneChecksum);
        // Nothing was republished: the outboxes resumed where they were (tokens on PostgreSQL),
        // and global's default mesh was not created a second time.
        assertThat(TopicReader.readAll(LogSource.GLOBAL_TOPIC)).hasSize(globalRecords);
        assertThat(TopicReader.readAll(LogSource.zoneTopic(ZONE))).hasSize(zoneRecords);

        // The command sides kept their state: these are updates, not second creations.
        assertThat(
                zone.http()
                    .put("/meshes/" + MESH + "/dataplanes/ledger-1", dataplane(8081))
                    .status())
            .isEqualTo(200);
        assertEventsStored(zoneDb, "dataplane/" + MESH + "/ledger-1", 2);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    global
                            .http()
                            .get("/meshes/" + MESH + "/dataplanes/ledger-1")
                            .json()
                            .at("/networking/inbound/0/port")
                            .asInt()
                        == 8081);
        assertThat(global.http().delete("/meshes/" + MESH).status())
            .as("a mesh with a dataplane cannot be deleted: global still knows both")
            .isEqualTo(400);
      }
    }
  }

  private Map<String, String> globalSettings(PostgresDatabase db) {
    Map<String, String> settings = new LinkedHashMap<>(db.settings());
    settings.put("meridian.data-dir", work.resolve("global").toString());
    settings.put("meridian.kafka.bootstrap-servers", KafkaFixture.shared().bootstrapServers());
    settings.put("meridian.kafka.zone-discovery-interval", "300ms");
    return settings;
  }

  private Map<String, String> zoneSettings(PostgresDatabase db) {
    Map<String, String> settings = new LinkedHashMap<>(db.settings());
    settings.put("meridian.zone", ZONE);
    settings.put("meridian.mode", "multizone");
    settings.put("meridian.data-dir", work.resolve("zone").toString());
    settings.put("meridian.kafka.bootstrap-servers", KafkaFixture.shared().bootstrapServers());
    settings.put("meridian.heartbeat-interval", "1s");
    // JSON logs, as an operator would switch them on (LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs).
    settings.put("logging.structured.format.console", "ecs");
    settings.put(
        "meridian.dataplane-server.port", Integer.toString(ControlPlaneProcess.freePort()));
    return settings;
  }

  private ControlPlaneProcess startGlobal(Map<String, String> settings) {
    return ControlPlaneProcess.start(
        "global-" + RUN, ControlPlaneProcess.globalJar(), settings, logs());
  }

  private ControlPlaneProcess startZone(Map<String, String> settings) {
    return ControlPlaneProcess.start(ZONE, ControlPlaneProcess.zoneJar(), settings, logs());
  }

  private static Path logs() {
    try {
      return Files.createDirectories(LOGS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The projection's checksum from {@code /actuator/info}, once it has caught up. */
  private static String checksumOnceCaughtUp(Http http) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> http.get("/actuator/info").json().at("/projection/caughtUp").asBoolean());
    return http.get("/actuator/info").json().at("/projection/checksum").asText();
  }

  /** With structured logging on, every line is an ECS JSON document. */
  private static void assertLogsAreJson(ControlPlaneProcess process) throws Exception {
    var lines = process.output().stream().filter(l -> !l.isBlank()).toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      JsonNode entry = JSON.readTree(line);
      boolean level = entry.has("log.level") || entry.at("/log/level").isTextual();
      assertThat(entry.has("@timestamp") && level && entry.has("message"))
          .as("an ECS log line: %s", line)
          .isTrue();
    }
    assertThat(lines).anyMatch(l -> l.contains("Started ZoneCpApplication"));
  }

  private static void assertEventsStored(PostgresDatabase db, String aggregate, int count)
      throws SQLException {
    try (Connection connection = db.connect();
        Statement sql = connection.createStatement()) {
      ResultSet type =
          sql.executeQuery(
              "SELECT data_type FROM information_schema.columns"
                  + " WHERE table_name = 'domain_event_entry' AND column_name = 'payload'");
      assertThat(type.next()).isTrue();
      assertThat(type.getString(1)).isEqualTo("bytea");
      ResultSet events =
          sql.executeQuery(
              "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '"
                  + aggregate
                  + "'");
      events.next();
      assertThat(events.getInt(1)).as("events of %s", aggregate).isEqualTo(count);
    }
  }

  private static String meshJson() {
    return "{\"type\": \"Mesh\", \"name\": \"" + MESH + "\"}";
  }

  private static String dataplane(int port) {
    return """
        {"type": "Dataplane", "mesh": "%s", "name": "ledger-1",
         "networking": {"address": "10.0.3.1",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "ledger"}}]}}
        """
        .formatted(MESH, port);
  }
}
