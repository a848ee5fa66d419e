package dev.meridian.kernel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.validation.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Server-side filters of a dataplane overview list ({@code /meshes/{mesh}/dataplanes+insights}),
 * combined with AND: {@code tag=<key>:<value>} (repeatable, Kuma's form; an inbound or the gateway
 * carries it), {@code name=} (part of the name), {@code online=true|false} and {@code
 * nack=true|false} (some xDS type rejected on the proxy's latest connection). A list of 10,000
 * proxies is filtered where it lives, and only the page asked for travels.
 */
public record DataplaneOverviewFilter(
    List<Map.Entry<String, String>> tags, String name, Boolean online, Boolean nack)
    implements Predicate<JsonNode> {

  public static final DataplaneOverviewFilter NONE =
      new DataplaneOverviewFilter(List.of(), null, null, null);

  /** The filters of a request's query; every malformed one is reported, with its field. */
  public static DataplaneOverviewFilter parse(Function<String, String[]> parameters) {
    List<Violation> violations = new ArrayList<>();
    List<Map.Entry<String, String>> tags = new ArrayList<>();
    String[] rawTags = parameters.apply("tag");
    for (String raw : rawTags == null ? new String[0] : rawTags) {
      int colon = raw.indexOf(':');
      if (colon <= 0) {
        violations.add(new Violation("tag", "must be <key>:<value>, e.g. kuma.io/service:web"));
      } else {
        tags.add(Map.entry(raw.substring(0, colon), raw.substring(colon + 1)));
      }
    }
    String name = first(parameters.apply("name"));
    Boolean online = bool(first(parameters.apply("online")), "online", violations);
    Boolean nack = bool(first(parameters.apply("nack")), "nack", violations);
    if (!violations.isEmpty()) {
      throw ApiFailure.invalid("Bad Request", "Invalid filter", violations);
    }
    return new DataplaneOverviewFilter(
        List.copyOf(tags), name == null || name.isEmpty() ? null : name, online, nack);
  }

  /**
   * Only the filters on what the insights say (online, NACK): where the resources are filtered
   * first with Kuma's own name and tag rules, these are what is left to test.
   */
  public DataplaneOverviewFilter insightsOnly() {
    return new DataplaneOverviewFilter(List.of(), null, online, nack);
  }

  public boolean filters() {
    return !tags.isEmpty() || name != null || online != null || nack != null;
  }

  /**
   * One page of overviews: without filters only the page's items are rendered; with filters every
   * overview is rendered and tested, then paged, so {@code total} counts the matches.
   */
  public <T> ObjectNode page(
      List<T> dataplanes,
      Function<T, ObjectNode> overview,
      String rawOffset,
      String rawSize,
      IntFunction<String> nextUrl) {
    if (!filters()) {
      return ResourceRequests.page(dataplanes, rawOffset, rawSize, nextUrl, overview);
    }
    List<ObjectNode> matching = dataplanes.stream().map(overview).filter(this).toList();
    return ResourceRequests.page(matching, rawOffset, rawSize, nextUrl, node -> node);
  }

  @Override
  public boolean test(JsonNode overview) {
    if (name != null && !overview.path("name").asText().contains(name)) {
      return false;
    }
    JsonNode insight = overview.path("dataplaneInsight");
    if (online != null && insight.path("online").asBoolean(false) != online) {
      return false;
    }
    if (nack != null && rejected(insight) != nack) {
      return false;
    }
    JsonNode networking = overview.path("dataplane").path("networking");
    for (Map.Entry<String, String> tag : tags) {
      if (!carries(networking, tag)) {
        return false;
      }
    }
    return true;
  }

  private static boolean carries(JsonNode networking, Map.Entry<String, String> tag) {
    for (JsonNode inbound : networking.path("inbound")) {
      if (tag.getValue().equals(inbound.path("tags").path(tag.getKey()).asText(null))) {
        return true;
      }
    }
    return tag.getValue()
        .equals(networking.path("gateway").path("tags").path(tag.getKey()).asText(null));
  }

  /** Some xDS type (not the total) rejected a response on the latest connection. */
  private static boolean rejected(JsonNode insight) {
    JsonNode subscriptions = insight.path("subscriptions");
    if (subscriptions.isEmpty()) {
      return false;
    }
    JsonNode status = subscriptions.get(subscriptions.size() - 1).path("status");
    for (Iterator<Map.Entry<String, JsonNode>> it = status.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> type = it.next();
      if (!type.getKey().equals("total")
          && type.getValue().path("responsesRejected").asLong(0) > 0) {
        return true;
      }
    }
    return false;
  }

  private static String first(String[] values) {
    return values == null || values.length == 0 ? null : values[0];
  }

  private static Boolean bool(String raw, String field, List<Violation> violations) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.valueOf(raw);
    }
    violations.add(new Violation(field, "must be true or false"));
    return null;
  }
}
