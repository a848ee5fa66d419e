package dev.meridian.runtime.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The command side's aggregate cache: bounded, least recently used out. */
class AggregateCacheTest {

  @Test
  void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
    AggregateCache cache = new AggregateCache(2);
    cache.put("a", "A");
    cache.put("b", "B");
    assertThat((String) cache.get("a")).isEqualTo("A"); // a is now the most recently used
    cache.put("c", "C");

    assertThat(cache.containsKey("a")).isTrue();
    assertThat(cache.containsKey("b")).isFalse();
    assertThat(cache.containsKey("c")).isTrue();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void removesPutsIfAbsentAndClears() {
    AggregateCache cache = new AggregateCache(10);
    assertThat(cache.putIfAbsent("a", "A")).isTrue();
    assertThat(cache.putIfAbsent("a", "other")).isFalse();
    assertThat((String) cache.get("a")).isEqualTo("A");
    cache.<String>computeIfPresent("a", v -> v + "2");
    assertThat((String) cache.get("a")).isEqualTo("A2");
    assertThat((String) cache.computeIfAbsent("b", () -> "B")).isEqualTo("B");
    assertThat(cache.remove("a")).isTrue();
    assertThat(cache.remove("a")).isFalse();
    cache.removeAll();
    assertThat(cache.size()).isZero();
  }

  @Test
  void refusesANonPositiveCapacityAndEntryListeners() {
    assertThatThrownBy(() -> new AggregateCache(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AggregateCache(1).registerCacheEntryListener(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
