package dev.meridian.zone.xds;

import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.zone.config.ManagementInstance;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * What each proxy's xDS streams did, Kuma's DataplaneInsight: when it connected and disconnected,
 * and per resource type how many responses were sent, acknowledged and rejected.
 */
@Component
public class DataplaneInsights implements dev.meridian.runtime.insight.DataplaneConnectivity {
  /** Streams kept per dataplane: the live ones and the most recent closed ones. */
  static final int HISTORY = 5;

  private final Map<ResourceKey, List<Subscription>> byDataplane = new ConcurrentHashMap<>();
  private final Map<Long, Subscription> byStream = new ConcurrentHashMap<>();
  private final Clock clock;
  private final String instanceId;

  public DataplaneInsights() {
    this(Clock.systemUTC(), ManagementInstance.id());
  }

  DataplaneInsights(Clock clock, String instanceId) {
    this.clock = clock;
    this.instanceId = instanceId;
  }

  /** Counters of one resource type on one stream. */
  public static final class Counters {
    long sent;
    long acknowledged;
    long rejected;

    Map<String, Object> toMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("responsesSent", sent);
      out.put("responsesAcknowledged", acknowledged);
      out.put("responsesRejected", rejected);
      return out;
    }
  }

  /** One xDS stream of one proxy. */
  public static final class Subscription {
    final long streamId;
    final String kind;
    final Instant connectTime;
    volatile Instant disconnectTime;
    volatile Instant lastUpdateTime;
    volatile String lastRejection;
    final Map<String, Counters> byType = new ConcurrentHashMap<>();

    Subscription(long streamId, String kind, Instant connectTime) {
      this.streamId = streamId;
      this.kind = kind;
      this.connectTime = connectTime;
    }

    boolean online() {
      return disconnectTime == null;
    }
  }

  void connected(long streamId, ResourceKey dataplane, ProxyKind kind) {
    Subscription subscription = new Subscription(streamId, kind.name(), clock.instant());
    byStream.put(streamId, subscription);
    byDataplane.compute(
        dataplane,
        (key, list) -> {
          List<Subscription> updated = list == null ? new ArrayList<>() : new ArrayList<>(list);
          updated.add(subscription);
          // Keep every live stream and the newest closed ones.
          while (updated.size() > HISTORY && !updated.get(0).online()) {
            updated.remove(0);
          }
          return updated;
        });
  }

  void disconnected(long streamId) {
    Subscription subscription = byStream.remove(streamId);
    if (subscription != null) {
      subscription.disconnectTime = clock.instant();
    }
  }

  void sent(long streamId, String type) {
    counters(streamId, type).ifPresent(c -> c.sent++);
  }

  void acknowledged(long streamId, String type) {
    counters(streamId, type).ifPresent(c -> c.acknowledged++);
  }

  void rejected(long streamId, String type, String reason) {
    counters(streamId, type).ifPresent(c -> c.rejected++);
    Subscription subscription = byStream.get(streamId);
    if (subscription != null) {
      subscription.lastRejection = type + ": " + reason;
    }
  }

  private Optional<Counters> counters(long streamId, String type) {
    Subscription subscription = byStream.get(streamId);
    if (subscription == null) {
      return Optional.empty();
    }
    subscription.lastUpdateTime = clock.instant();
    return Optional.of(subscription.byType.computeIfAbsent(type, t -> new Counters()));
  }

  /** The dataplanes that have, or had, a proxy connected. */
  public java.util.Set<ResourceKey> dataplanes() {
    return java.util.Set.copyOf(byDataplane.keySet());
  }

  @Override
  public boolean online(ResourceKey dataplane) {
    return byDataplane.getOrDefault(dataplane, List.of()).stream().anyMatch(Subscription::online);
  }

  /** Kuma's DataplaneInsight shape: {@code {subscriptions: [...]}}. */
  public Map<String, Object> insight(ResourceKey dataplane) {
    List<Map<String, Object>> subscriptions = new ArrayList<>();
    for (Subscription s : byDataplane.getOrDefault(dataplane, List.of())) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", Long.toString(s.streamId));
      out.put("controlPlaneInstanceId", instanceId);
      out.put("proxyKind", s.kind);
      out.put("connectTime", s.connectTime.toString());
      if (s.disconnectTime != null) {
        out.put("disconnectTime", s.disconnectTime.toString());
      }
      Map<String, Object> status = new LinkedHashMap<>();
      if (s.lastUpdateTime != null) {
        status.put("lastUpdateTime", s.lastUpdateTime.toString());
      }
      Counters total = new Counters();
      s.byType
          .values()
          .forEach(
              c -> {
                total.sent += c.sent;
                total.acknowledged += c.acknowledged;
                total.rejected += c.rejected;
              });
      status.put("total", total.toMap());
      s.byType.forEach((type, counters) -> status.put(shortType(type), counters.toMap()));
      out.put("status", status);
      if (s.lastRejection != null) {
        out.put("lastRejection", s.lastRejection);
      }
      subscriptions.add(out);
    }
    Map<String, Object> insight = new LinkedHashMap<>();
    insight.put("subscriptions", subscriptions);
    return insight;
  }

  /**
   * {@code type.googleapis.com/envoy.config.cluster.v3.Cluster} → {@code cds}, as Kuma shows it.
   */
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
    return typeUrl.substring(typeUrl.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
  }
}
