package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reading a DataplaneInsight (Kuma's shape, as {@code dataplanes+insights} serves it). */
final class Insights {
  /** The xDS types proxy-status shows, by the short names the insight uses. */
  static final List<String> TYPES = List.of("cds", "lds", "rds", "eds");

  private Insights() {}

  static List<JsonNode> subscriptions(JsonNode insight) {
    List<JsonNode> out = new ArrayList<>();
    insight.path("subscriptions").forEach(out::add);
    return out;
  }

  /** The stream that connected last, as Kuma's "latest subscription". */
  static Optional<JsonNode> latest(JsonNode insight) {
    return latestConnected(subscriptions(insight));
  }

  /** Of these streams, the one that connected last (times compared as instants, not text). */
  static Optional<JsonNode> latestConnected(List<JsonNode> subscriptions) {
    return subscriptions.stream()
        .filter(s -> s.hasNonNull("connectTime"))
        .max(Comparator.comparing(s -> Instant.parse(s.path("connectTime").asText())));
  }

  static long total(JsonNode insight, String counter) {
    return subscriptions(insight).stream()
        .mapToLong(s -> s.path("status").path("total").path(counter).asLong(0))
        .sum();
  }

  static boolean online(JsonNode insight) {
    return insight.path("online").asBoolean(false);
  }

  /**
   * Where the proxy stands with one xDS type on its live stream, in istioctl proxy-status's words:
   * NOT SENT (nothing of that type sent), STALE (a response sent and not yet answered), NACKED (the
   * proxy's last rejection was of that type), SYNCED (every response answered, the last one
   * accepted).
   */
  static String typeStatus(JsonNode subscription, String type) {
    JsonNode counters = subscription.path("status").path(type);
    long sent = counters.path("responsesSent").asLong(0);
    long acknowledged = counters.path("responsesAcknowledged").asLong(0);
    long rejected = counters.path("responsesRejected").asLong(0);
    if (sent == 0) {
      return "NOT SENT";
    }
    if (sent > acknowledged + rejected) {
      return "STALE";
    }
    if (rejected > 0 && rejectedLast(subscription, type)) {
      return "NACKED";
    }
    return "SYNCED";
  }

  /** {@code lastRejection} is {@code <type URL>: <reason>}. */
  private static boolean rejectedLast(JsonNode subscription, String type) {
    String last = subscription.path("lastRejection").asText("");
    int colon = last.indexOf(": ");
    String typeUrl = colon < 0 ? last : last.substring(0, colon);
    return shortType(typeUrl).equals(type);
  }

  static String shortType(String typeUrl) {
    if (typeUrl.endsWith(".Cluster")) {
      return "cds";
    }
    if (typeUrl.endsWith(".ClusterLoadAssignment")) {
      return "eds";
    }
    if (typeUrl.endsWith(".Listener")) {
      return "lds";
    }
    if (typeUrl.endsWith(".RouteConfiguration")) {
      return "rds";
    }
    return typeUrl.toLowerCase(Locale.ROOT);
  }
}
