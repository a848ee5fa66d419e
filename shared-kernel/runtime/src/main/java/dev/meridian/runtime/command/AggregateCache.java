package dev.meridian.runtime.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * The aggregates last used, so that a command finds its aggregate in memory instead of replaying
 * its events from the event store: a bounded, least-recently-used map. Axon's caching repository
 * puts an aggregate here once its unit of work commits and removes it when the unit of work rolls
 * back, so the cache only ever holds what the store holds. That holds because this control plane is
 * the only writer of its event store (one database per control plane); the store is written outside
 * the aggregates only by the command side's recovery, which runs before any command and clears this
 * cache when it is done.
 */
public final class AggregateCache implements Cache {
  private final int capacity;
  private final Map<Object, Object> entries;

  public AggregateCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
            return size() > AggregateCache.this.capacity;
          }
        };
  }

  public int capacity() {
    return capacity;
  }

  public synchronized int size() {
    return entries.size();
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <K, V> V get(K key) {
    return (V) entries.get(key);
  }

  @Override
  public synchronized void put(Object key, Object value) {
    if (value == null) {
      entries.remove(key);
    } else {
      entries.put(key, value);
    }
  }

  @Override
  public synchronized boolean putIfAbsent(Object key, Object value) {
    Objects.requireNonNull(value, "value");
    return entries.putIfAbsent(key, value) == null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
    return (T) entries.computeIfAbsent(key, k -> valueSupplier.get());
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
    entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
  }

  @Override
  public synchronized boolean remove(Object key) {
    return entries.remove(key) != null;
  }

  @Override
  public synchronized void removeAll() {
    entries.clear();
  }

  @Override
  public synchronized boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  /** Nothing listens to aggregate cache entries; a listener would be silently ignored, so: no. */
  @Override
  public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
    throw new UnsupportedOperationException("the aggregate cache takes no entry listeners");
  }
}
