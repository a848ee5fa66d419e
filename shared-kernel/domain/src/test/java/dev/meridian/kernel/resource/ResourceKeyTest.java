package dev.meridian.kernel.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written parts of ResourceKey must agree with their obvious definitions. */
class ResourceKeyTest {

  private static final List<String> PARTS = List.of("", "a", "ab", "a/b", "dp-1", "dp-10", "mesh");

  @Test
  void hasLogKeyIsEqualityWithTheBuiltLogKey() {
    List<ResourceKey> keys = keys();
    List<String> candidates = new ArrayList<>();
    for (ResourceKey key : keys) {
      String logKey = key.logKey();
      candidates.add(logKey);
      candidates.add(logKey + "/");
      candidates.add(logKey.substring(0, logKey.length() - 1));
      candidates.add("x" + logKey);
    }
    candidates.add("");
    candidates.add("/");
    for (ResourceKey key : keys) {
      for (String candidate : candidates) {
        assertThat(key.hasLogKey(candidate))
            .as("%s has log key %s", key, candidate)
            .isEqualTo(key.logKey().equals(candidate));
      }
    }
  }

  @Test
  void equalsHashCodeAndOrderFollowKindMeshAndName() {
    Comparator<ResourceKey> byFields =
        Comparator.comparing(ResourceKey::kind)
            .thenComparing(ResourceKey::mesh)
            .thenComparing(ResourceKey::name);
    List<ResourceKey> keys = keys();
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      ResourceKey a = keys.get(random.nextInt(keys.size()));
      ResourceKey b = keys.get(random.nextInt(keys.size()));
      // A copy, so equality is not identity.
      ResourceKey copy = new ResourceKey(b.kind(), b.mesh(), b.name());
      boolean same = a.kind() == b.kind() && a.mesh().equals(b.mesh()) && a.name().equals(b.name());
      assertThat(a.equals(copy)).isEqualTo(same);
      if (same) {
        assertThat(a.hashCode()).isEqualTo(copy.hashCode());
      }
      assertThat(Integer.signum(a.compareTo(copy)))
          .isEqualTo(Integer.signum(byFields.compare(a, copy)));
    }
  }

  private static List<ResourceKey> keys() {
    List<ResourceKey> keys = new ArrayList<>();
    for (ResourceKind kind : ResourceKind.values()) {
      for (String mesh : PARTS) {
        for (String name : PARTS) {
          if (!name.isEmpty()) {
            keys.add(new ResourceKey(kind, kind.meshScoped() ? mesh : "", name));
          }
        }
      }
    }
    return keys;
  }
}
