package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.testkit.Http;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event store on a real PostgreSQL server (the one at {@code meridian.test.postgres.url},
 * 127.0.0.1:5432 by default): writes, a restart that keeps everything, and payloads stored inline
 * as bytea rather than as large objects.
 */
class PostgresEventStoreIT {
  static final String SERVER =
      System.getProperty("meridian.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
  static final String USER = System.getProperty("meridian.test.postgres.user", "postgres");
  static final String PASSWORD = System.getProperty("meridian.test.postgres.password", "");
  static final String DATABASE = "meridian_it_" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir static Path dataDir;

  @BeforeAll
  static void createDatabase() throws SQLException {
    try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE DATABASE " + DATABASE);
    }
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }
  }

  static Map<String, String> postgres() {
    Map<String, String> properties = new HashMap<>();
    properties.put("spring.datasource.url", SERVER + DATABASE);
    properties.put("spring.datasource.username", USER);
    properties.put("spring.datasource.password", PASSWORD);
    return properties;
  }

  @Test
  void writesSurviveARestartAndEventsAreStoredInline() throws SQLException {
    String zoneName = "pg-" + UUID.randomUUID().toString().substring(0, 8);
    String body =
        """
        {"type": "Dataplane", "mesh": "default", "name": "pg-1",
         "networking": {"address": "10.0.0.5",
           "inbound": [{"port": 7000, "tags": {"kuma.io/service": "pg"}}]}}
        """;
    try (RunningZone zone = RunningZone.start(zoneName, dataDir, postgres())) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/meshes/default").status() == 200);
      assertThat(http.put("/meshes/default/dataplanes/pg-1", body).status()).isEqualTo(201);
    }
    try (RunningZone zone = RunningZone.start(zoneName, dataDir, postgres())) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/meshes/default/dataplanes/pg-1").status() == 200);
      // The command side is on PostgreSQL too: this is an update, not a second creation.
      assertThat(http.put("/meshes/default/dataplanes/pg-1", body.replace("7000", "7001")).status())
          .isEqualTo(200);
    }
    try (Connection db = DriverManager.getConnection(SERVER + DATABASE, USER, PASSWORD);
        Statement sql = db.createStatement()) {
      ResultSet types =
          sql.executeQuery(
              "SELECT data_type FROM information_schema.columns"
                  + " WHERE table_name = 'domain_event_entry' AND column_name = 'payload'");
      assertThat(types.next()).isTrue();
      assertThat(types.getString(1)).isEqualTo("bytea");
      ResultSet events =
          sql.executeQuery(
              "SELECT count(*) FROM domain_event_entry"
                  + " WHERE aggregate_identifier = 'dataplane/default/pg-1'");
      events.next();
      assertThat(events.getInt(1)).isEqualTo(2);
    }
  }
}
