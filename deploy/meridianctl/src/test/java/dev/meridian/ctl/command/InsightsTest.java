package dev.meridian.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.api.ApiClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a proxy's or a zone's insight (the API's shape) reads as in meridianctl's tables. */
class InsightsTest {
  static JsonNode json(String text) throws Exception {
    return ApiClient.JSON.readTree(text);
  }

  static final String CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

  @Test
  void eachXdsTypeIsSyncedStaleNotSentOrNacked() throws Exception {
    JsonNode stream =
        json(
            """
            {"connectTime": "2026-01-01T00:00:00Z",
             "lastRejection": "%s: unknown field",
             "status": {
               "cds": {"responsesSent": 3, "responsesAcknowledged": 2, "responsesRejected": 1},
               "lds": {"responsesSent": 2, "responsesAcknowledged": 2, "responsesRejected": 0},
               "eds": {"responsesSent": 2, "responsesAcknowledged": 1, "responsesRejected": 0}}}
            """
                .formatted(CLUSTER));
    assertThat(Insights.TYPES.stream().map(t -> Insights.typeStatus(stream, t)))
        .containsExactly("NACKED", "SYNCED", "NOT SENT", "STALE");
  }

  @Test
  void theLatestStreamIsTheOneThatConnectedLastCountingFractionsOfSeconds() throws Exception {
    JsonNode insight =
        json(
            """
            {"subscriptions": [
              {"id": "late", "connectTime": "2026-01-01T00:00:00.27Z"},
              {"id": "early", "connectTime": "2026-01-01T00:00:00.2Z"}]}
            """);
    assertThat(Insights.latest(insight).orElseThrow().path("id").asText()).isEqualTo("late");
  }

  @Test
  void zonesShowStatusAgesLiveControlPlanesAndLag() throws Exception {
    JsonNode zones =
        json(
            """
            [{"name": "east", "online": true, "zoneInsight": {"subscriptions": [
                {"connectTime": "2026-01-01T00:00:00Z", "disconnectTime": "2026-01-01T00:01:00Z",
                 "status": {"lastUpdateTime": "2026-01-01T00:01:00Z", "consumerLag": 0}},
                {"connectTime": "2026-01-01T00:02:00Z",
                 "status": {"lastUpdateTime": "2026-01-01T00:09:55Z", "consumerLag": 12}}]}},
             {"name": "west", "online": false, "zoneInsight": {"subscriptions": []}}]
            """);
    StringWriter out = new StringWriter();
    InspectCommand.Zones.table(
            List.of(zones.get(0), zones.get(1)), Instant.parse("2026-01-01T00:10:00Z"))
        .print(new PrintWriter(out));
    assertThat(out.toString())
        .isEqualTo(
            """
            NAME   STATUS    LAST CONNECTED AGO   LAST UPDATED AGO   CONTROL PLANES   LOG LAG
            east   Online    8m                   5s                 1                12
            west   Offline   never                never              0                -
            """);
  }

  @Test
  void policyColumnsReadAsKumactlNamesThem() {
    assertThat(InspectCommand.Meshes.columnName(dev.meridian.ctl.api.Kind.MESH_HTTP_ROUTE))
        .isEqualTo("HTTP ROUTES");
    assertThat(InspectCommand.Meshes.columnName(dev.meridian.ctl.api.Kind.MESH_RETRY))
        .isEqualTo("RETRIES");
    assertThat(InspectCommand.Meshes.columnName(dev.meridian.ctl.api.Kind.MESH_TRAFFIC_PERMISSION))
        .isEqualTo("TRAFFIC PERMISSIONS");
  }
}
