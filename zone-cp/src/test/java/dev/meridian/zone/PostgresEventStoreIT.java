package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.testkit.Http;
import dev.meridian.testkit.PostgresDatabase;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event store on a real PostgreSQL server (the one at {@code meridian.test.postgres.url},
 * 127.0.0.1:5432 by default), in a database of the test's own: writes, a restart that keeps
 * everything, and payloads stored inline as bytea rather than as large objects.
 */
class PostgresEventStoreIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dataDir;

  @Test
  void writesSurviveARestartAndEventsAreStoredInline() throws SQLException {
    String zoneName = "pg-" + RUN;
    String body =
        """
        {"type": "Dataplane", "mesh": "default", "name": "pg-1",
         "networking": {"address": "10.0.0.5",
           "inbound": [{"port": 7000, "tags": {"kuma.io/service": "pg"}}]}}
        """;
    try (PostgresDatabase database = PostgresDatabase.create("meridian_it_" + RUN)) {
      try (RunningZone zone = RunningZone.start(zoneName, dataDir, database.settings())) {
        Http http = new Http(zone.baseUrl());
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> http.get("/meshes/default").status() == 200);
        assertThat(http.put("/meshes/default/dataplanes/pg-1", body).status()).isEqualTo(201);
      }
      try (RunningZone zone = RunningZone.start(zoneName, dataDir, database.settings())) {
        Http http = new Http(zone.baseUrl());
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> http.get("/meshes/default/dataplanes/pg-1").status() == 200);
        // The command side is on PostgreSQL too: this is an update, not a second creation.
        assertThat(
                http.put("/meshes/default/dataplanes/pg-1", body.replace("7000", "7001")).status())
            .isEqualTo(200);
      }
      try (Connection db = database.connect();
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
}
