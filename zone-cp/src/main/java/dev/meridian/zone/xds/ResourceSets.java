package dev.meridian.zone.xds;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * One {@link SnapshotResources} (its content-hash version, its versioned wrappers, its maps) per
 * distinct set of resources of one type, instead of one per proxy. Resources are interned, so a set
 * is recognised by its names and the identity of its resources, which is cheap to compare: 1,000
 * proxies served the same clusters share one set, hashed once, and a proxy whose listeners did not
 * change gets the set it already has. A set lives as long as a snapshot holds it.
 */
final class ResourceSets {
  private final Function<SortedMap<String, Message>, SnapshotResources<?>> create;
  private final Cache<Key, SnapshotResources<?>> sets =
      CacheBuilder.newBuilder().weakValues().build();

  /** {@code create} makes the set of resources the first time they are seen. */
  ResourceSets(Function<SortedMap<String, Message>, SnapshotResources<?>> create) {
    this.create = create;
  }

  @SuppressWarnings("unchecked")
  <T extends Message> SnapshotResources<T> of(SortedMap<String, Message> resources) {
    Key key = new Key(resources);
    SnapshotResources<?> set = sets.getIfPresent(key);
    if (set == null) {
      try {
        set = sets.get(key, () -> create.apply(resources));
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    return (SnapshotResources<T>) set;
  }

  /** Names compared by value, resources by identity (they are interned). */
  static final class Key {
    private final String[] names;
    private final Message[] resources;
    private final int hash;

    Key(SortedMap<String, Message> messages) {
      names = new String[messages.size()];
      resources = new Message[messages.size()];
      int i = 0;
      int h = 1;
      for (Map.Entry<String, Message> entry : messages.entrySet()) {
        names[i] = entry.getKey();
        resources[i] = entry.getValue();
        h = 31 * (31 * h + names[i].hashCode()) + System.identityHashCode(resources[i]);
        i++;
      }
      hash = h;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Key other)
          || hash != other.hash
          || resources.length != other.resources.length) {
        return false;
      }
      for (int i = 0; i < resources.length; i++) {
        if (resources[i] != other.resources[i] || !names[i].equals(other.names[i])) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
