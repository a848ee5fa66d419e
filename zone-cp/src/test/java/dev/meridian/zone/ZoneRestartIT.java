package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.TopicReader;
import dev.meridian.zone.support.RunningZone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** A zone restarted with its data folder has everything, and re-publishes nothing. */
class ZoneRestartIT {
  @TempDir Path dataDir;

  @Test
  void restartingWithTheDataFolderKeepsEverythingAndWritesNoDuplicates() {
    String zoneName = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    String body =
        """
        {"type": "Dataplane", "mesh": "default", "name": "api-1",
         "networking": {"address": "10.0.0.9",
           "inbound": [{"port": 7000, "tags": {"kuma.io/service": "api"}}]}}
        """;
    String checksum;
    String created;
    try (RunningZone zone = RunningZone.start(zoneName, dataDir)) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/meshes/default").status() == 200);
      assertThat(http.put("/meshes/default/dataplanes/api-1", body).status()).isEqualTo(201);
      assertThat(http.delete("/meshes/default").status()).isEqualTo(400);
      created = http.get("/meshes/default/dataplanes/api-1").json().get("creationTime").asText();
      checksum = zone.bean(Projection.class).checksum();
    }
    int recordsBefore = TopicReader.readAll("meridian.zone." + zoneName).size();

    try (RunningZone zone = RunningZone.start(zoneName, dataDir)) {
      Http http = new Http(zone.baseUrl());
      Projection projection = zone.bean(Projection.class);
      await().atMost(Duration.ofSeconds(30)).until(() -> checksum.equals(projection.checksum()));
      assertThat(http.get("/meshes/default/dataplanes/api-1").json().get("creationTime").asText())
          .isEqualTo(created);

      // The command side remembers too: this is an update of the old dataplane, sequence 1.
      assertThat(
              http.put("/meshes/default/dataplanes/api-1", body.replace("7000", "7001")).status())
          .isEqualTo(200);
      assertThat(sequences(zone.topic(), "dataplane/default/api-1")).containsExactly("0", "1");
      // The default mesh was not created a second time; only the update was appended.
      assertThat(TopicReader.readAll(zone.topic())).hasSize(recordsBefore + 1);
    }
  }

  /**
   * Before one aggregate wrote every kind, each kind had its own and the event store recorded its
   * name as the events' type. Such a store still loads: an update continues the old sequence.
   */
  @Test
  void anEventStoreWrittenByTheEarlierPerKindAggregatesStillServesUpdates() {
    String zoneName = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
    String body =
        """
        {"type": "Dataplane", "mesh": "default", "name": "old-1",
         "networking": {"address": "10.0.0.8",
           "inbound": [{"port": 7000, "tags": {"kuma.io/service": "old"}}]}}
        """;
    try (RunningZone zone = RunningZone.start(zoneName, dataDir)) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/meshes/default").status() == 200);
      assertThat(http.put("/meshes/default/dataplanes/old-1", body).status()).isEqualTo(201);
      JdbcTemplate jdbc = new JdbcTemplate(zone.bean(DataSource.class));
      assertThat(
              jdbc.update(
                  "UPDATE domain_event_entry SET type = 'DataplaneAggregate'"
                      + " WHERE aggregate_identifier = 'dataplane/default/old-1'"))
          .isEqualTo(1);
      jdbc.update(
          "UPDATE domain_event_entry SET type = 'MeshAggregate'"
              + " WHERE aggregate_identifier = 'mesh/default'");
    }

    try (RunningZone zone = RunningZone.start(zoneName, dataDir)) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/meshes/default/dataplanes/old-1").status() == 200);
      assertThat(
              http.put("/meshes/default/dataplanes/old-1", body.replace("7000", "7001")).status())
          .isEqualTo(200);
      assertThat(sequences(zone.topic(), "dataplane/default/old-1")).containsExactly("0", "1");
      // The mesh, created under the old MeshAggregate's name, is updated, not created again.
      assertThat(
              http.put(
                      "/meshes/default",
                      "{\"type\": \"Mesh\", \"name\": \"default\", \"routing\": {\"localityAwareLoadBalancing\": true}}")
                  .status())
          .isEqualTo(200);
      assertThat(sequences(zone.topic(), "mesh/default")).containsExactly("0", "1");
    }
  }

  /** The aggregate sequences of a resource's records on a topic, in log order. */
  private static List<String> sequences(String topic, String key) {
    return TopicReader.readKey(topic, key).stream()
        .map(
            r ->
                new String(
                    r.headers().lastHeader(LogRecordCodec.SEQUENCE).value(),
                    StandardCharsets.UTF_8))
        .toList();
  }
}
