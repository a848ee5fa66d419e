package dev.meridian.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataplaneOverviewFilterTest {

  static ObjectNode overview(String name, String service, String zone, boolean online, int nacks) {
    try {
      return (ObjectNode)
          DomainJson.canonical()
              .readTree(
                  """
                  {"type": "DataplaneOverview", "mesh": "default", "name": "%s",
                   "dataplane": {"networking": {"address": "10.0.0.1", "inbound": [
                     {"port": 7000, "tags": {"kuma.io/service": "%s", "kuma.io/zone": "%s"}}]}},
                   "dataplaneInsight": {"online": %s, "subscriptions": [
                     {"id": "old", "status": {"cds": {"responsesRejected": 9}}},
                     {"id": "new", "status": {
                        "total": {"responsesSent": 4, "responsesRejected": %d},
                        "cds": {"responsesSent": 2, "responsesAcknowledged": 2},
                        "lds": {"responsesSent": 2, "responsesRejected": %d}}}]}}
                  """
                      .formatted(name, service, zone, online, nacks, nacks));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static DataplaneOverviewFilter parse(Map<String, String[]> query) {
    return DataplaneOverviewFilter.parse(query::get);
  }

  @Test
  void filtersCombineWithAnd() {
    List<ObjectNode> all =
        List.of(
            overview("web-1", "web", "zone-1", true, 0),
            overview("web-2", "web", "zone-2", false, 0),
            overview("api-1", "api", "zone-1", true, 1));

    assertThat(names(all, Map.of("tag", new String[] {"kuma.io/service:web"})))
        .containsExactly("web-1", "web-2");
    assertThat(
            names(
                all,
                Map.of(
                    "tag", new String[] {"kuma.io/service:web", "kuma.io/zone:zone-1"},
                    "online", new String[] {"true"})))
        .containsExactly("web-1");
    assertThat(names(all, Map.of("online", new String[] {"false"}))).containsExactly("web-2");
    // A NACK counts on the latest connection only, per type.
    assertThat(names(all, Map.of("nack", new String[] {"true"}))).containsExactly("api-1");
    assertThat(names(all, Map.of("name", new String[] {"-1"}))).containsExactly("web-1", "api-1");
    assertThat(parse(Map.of()).filters()).isFalse();
  }

  @Test
  void aFilteredPageCountsTheMatchesAndLinksTheNextPage() {
    List<ObjectNode> all =
        IntStream.range(0, 30)
            .mapToObj(i -> overview("dp-" + i, i % 3 == 0 ? "web" : "api", "zone-1", true, 0))
            .toList();
    ObjectNode page =
        parse(Map.of("tag", new String[] {"kuma.io/service:web"}))
            .page(all, o -> o, "0", "4", offset -> "next?offset=" + offset);
    assertThat(page.get("total").asInt()).isEqualTo(10);
    assertThat(page.get("items")).hasSize(4);
    assertThat(page.get("next").asText()).isEqualTo("next?offset=4");
  }

  @Test
  void malformedFiltersAreReportedWithTheirFields() {
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "tag", new String[] {"no-colon"},
                        "online", new String[] {"yes"},
                        "nack", new String[] {"1"})))
        .isInstanceOfSatisfying(
            ApiFailure.class,
            f -> {
              assertThat(f.problem().status()).isEqualTo(400);
              assertThat(f.problem().invalidParameters())
                  .extracting(Problem.InvalidParameter::field)
                  .containsExactly("tag", "online", "nack");
            });
  }

  private static List<String> names(List<ObjectNode> all, Map<String, String[]> query) {
    DataplaneOverviewFilter filter = parse(query);
    return all.stream()
        .filter(filter)
        .map(JsonNode.class::cast)
        .map(o -> o.get("name").asText())
        .toList();
  }
}
