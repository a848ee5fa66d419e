package dev.meridian.kernel.zone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which zones global knows, whether each is online, and the history of its control plane's
 * connections (Kuma's ZoneInsight subscriptions). Pure: time comes in with every call.
 *
 * <p>A zone is online while its heartbeats are younger than {@code offlineAfter}. A heartbeat from
 * a new instance closes the previous instance's subscription and opens one of its own.
 */
public final class ZoneRegistry {
  private final Duration offlineAfter;
  private final int history;
  private final Map<String, List<Subscription>> zones = new ConcurrentHashMap<>();

  /** One zone control plane instance's connection, as heard through its heartbeats. */
  public record Subscription(
      String instanceId,
      Instant connectTime,
      Instant lastHeartbeat,
      Instant disconnectTime,
      long consumerLag) {
    boolean open() {
      return disconnectTime == null;
    }

    Subscription beat(Heartbeat heartbeat) {
      return new Subscription(
          instanceId, connectTime, heartbeat.timestamp(), null, heartbeat.consumerLag());
    }

    Subscription closedAt(Instant time) {
      return new Subscription(instanceId, connectTime, lastHeartbeat, time, consumerLag);
    }
  }

  public ZoneRegistry(Duration offlineAfter, int history) {
    this.offlineAfter = offlineAfter;
    this.history = history;
  }

  /** A zone seen some other way (its topic): known, but not online until it beats. */
  public void known(String zone) {
    zones.computeIfAbsent(zone, z -> new ArrayList<>());
  }

  public synchronized void heartbeat(Heartbeat heartbeat) {
    List<Subscription> subscriptions =
        zones.computeIfAbsent(heartbeat.zone(), z -> new ArrayList<>());
    Subscription last =
        subscriptions.isEmpty() ? null : subscriptions.get(subscriptions.size() - 1);
    if (last != null && last.instanceId().equals(heartbeat.instanceId())) {
      if (heartbeat.timestamp().isAfter(last.lastHeartbeat())) {
        subscriptions.set(subscriptions.size() - 1, last.beat(heartbeat));
      }
      return;
    }
    if (last != null && last.open()) {
      subscriptions.set(subscriptions.size() - 1, last.closedAt(heartbeat.timestamp()));
    }
    subscriptions.add(
        new Subscription(
            heartbeat.instanceId(),
            heartbeat.timestamp(),
            heartbeat.timestamp(),
            null,
            heartbeat.consumerLag()));
    while (subscriptions.size() > history) {
      subscriptions.remove(0);
    }
  }

  /** Closes the subscriptions whose heartbeats stopped more than {@code offlineAfter} ago. */
  public synchronized void tick(Instant now) {
    zones.forEach(
        (zone, subscriptions) -> {
          if (subscriptions.isEmpty()) {
            return;
          }
          int lastIndex = subscriptions.size() - 1;
          Subscription last = subscriptions.get(lastIndex);
          Instant deadline = last.lastHeartbeat().plus(offlineAfter);
          if (last.open() && !now.isBefore(deadline)) {
            subscriptions.set(lastIndex, last.closedAt(deadline));
          }
        });
  }

  public boolean online(String zone) {
    List<Subscription> subscriptions = zones.getOrDefault(zone, List.of());
    return !subscriptions.isEmpty() && subscriptions.get(subscriptions.size() - 1).open();
  }

  public SortedSet<String> zones() {
    return new TreeSet<>(zones.keySet());
  }

  /** Oldest first. */
  public synchronized List<Subscription> subscriptions(String zone) {
    return List.copyOf(zones.getOrDefault(zone, List.of()));
  }

  public Optional<Subscription> current(String zone) {
    List<Subscription> subscriptions = subscriptions(zone);
    return subscriptions.isEmpty()
        ? Optional.empty()
        : Optional.of(subscriptions.get(subscriptions.size() - 1));
  }
}
