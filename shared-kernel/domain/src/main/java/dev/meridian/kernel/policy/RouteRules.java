package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.policy.ProxyRules.RouteRule;
import dev.meridian.kernel.resource.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the MeshHTTPRoute rules of one outbound service: rules with the same {@code matches} are
 * one rule whose {@code default}s merge (later policy wins), then each match becomes a route,
 * ordered most specific first (Gateway API precedence: exact path, longer prefix, regex, then a
 * method, more headers, more query parameters). Ties keep merge order.
 */
final class RouteRules {
  private RouteRules() {}

  /** A rule as written in one policy, with that policy's key. */
  record Written(JsonNode rule, ResourceKey policy) {}

  static List<RouteRule> merge(List<Written> written) {
    Map<String, List<Written>> byMatches = new LinkedHashMap<>();
    for (Written w : written) {
      byMatches.computeIfAbsent(w.rule().path("matches").toString(), k -> new ArrayList<>()).add(w);
    }
    List<RouteRule> routes = new ArrayList<>();
    for (List<Written> same : byMatches.values()) {
      JsonNode defaults =
          MergePatch.merge(same.stream().map(w -> w.rule().path("default")).toList());
      List<ResourceKey> policies = same.stream().map(Written::policy).distinct().toList();
      List<BackendRef> backends = new ArrayList<>();
      defaults.path("backendRefs").forEach(ref -> backends.add(BackendRef.parse(ref)));
      for (JsonNode match : same.get(0).rule().path("matches")) {
        routes.add(new RouteRule(match, defaults, backends, policies));
      }
    }
    List<RouteRule> ordered = new ArrayList<>(routes);
    ordered.sort(PRECEDENCE);
    return ordered;
  }

  private static final Comparator<RouteRule> PRECEDENCE =
      Comparator.comparingInt((RouteRule r) -> -pathRank(r.match()))
          .thenComparingInt(r -> -r.match().path("path").path("value").asText("").length())
          .thenComparingInt(r -> r.match().has("method") ? 0 : 1)
          .thenComparingInt(r -> -r.match().path("headers").size())
          .thenComparingInt(r -> -r.match().path("queryParams").size());

  private static int pathRank(JsonNode match) {
    return switch (match.path("path").path("type").asText("")) {
      case "Exact" -> 3;
      case "PathPrefix" -> 2;
      case "RegularExpression" -> 1;
      default -> 0;
    };
  }
}
