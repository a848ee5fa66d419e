package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.meridian.kernel.xds.XdsResources;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A shared set of resources is the set made for the resources on their own. */
class ResourceSetsTest {
  final AtomicInteger created = new AtomicInteger();
  final ResourceSets sets =
      new ResourceSets(
          messages -> {
            created.incrementAndGet();
            return direct(messages);
          });

  static SnapshotResources<?> direct(SortedMap<String, Message> messages) {
    List<VersionedResource<?>> versioned = new ArrayList<>();
    messages.values().forEach(m -> versioned.add(VersionedResource.create(m)));
    return SnapshotResources.create(versioned, XdsResources.version(messages));
  }

  static Cluster cluster(String name, int seconds) {
    return Cluster.newBuilder()
        .setName(name)
        .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(seconds))
        .build();
  }

  @Test
  void randomSetsHaveTheResourcesAndVersionOfTheirOwnSet() {
    Random random = new Random(42);
    List<Cluster> pool = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pool.add(cluster("c-" + (i % 6), i / 6 + 1));
    }
    for (int round = 0; round < 1_000; round++) {
      SortedMap<String, Message> messages = new TreeMap<>();
      for (int i = random.nextInt(5); i > 0; i--) {
        Cluster cluster = pool.get(random.nextInt(pool.size()));
        messages.put(cluster.getName(), cluster);
      }
      SnapshotResources<Cluster> shared = sets.of(messages);
      SnapshotResources<?> own = direct(messages);

      assertThat(shared.version()).isEqualTo(own.version());
      assertThat(shared.resources()).isEqualTo(own.resources());
    }
  }

  @Test
  void theSameResourcesGetOneSetWhateverTheirMap() {
    Cluster a = cluster("a", 1);
    Cluster b = cluster("b", 2);
    SortedMap<String, Message> first = new TreeMap<>();
    first.put("a", a);
    first.put("b", b);

    SnapshotResources<Cluster> once = sets.of(first);
    SnapshotResources<Cluster> again = sets.of(new TreeMap<>(first));

    assertThat(again).isSameAs(once);
    assertThat(created).hasValue(1);
  }

  @Test
  void anEqualButOtherResourceIsAnotherSetWithTheSameVersion() {
    SortedMap<String, Message> first = new TreeMap<>();
    first.put("a", cluster("a", 1));
    SortedMap<String, Message> second = new TreeMap<>();
    second.put("a", cluster("a", 1));

    SnapshotResources<Cluster> one = sets.of(first);
    SnapshotResources<Cluster> other = sets.of(second);

    assertThat(other).isNotSameAs(one);
    assertThat(other.version()).isEqualTo(one.version());
  }
}
