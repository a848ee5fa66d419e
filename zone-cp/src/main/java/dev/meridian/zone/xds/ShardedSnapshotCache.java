package dev.meridian.zone.xds;

import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.NodeGroup;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.SnapshotCache;
import io.envoyproxy.controlplane.cache.StatusInfo;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The zone's snapshot cache: java-control-plane's {@link SimpleCache}, split into a fixed number of
 * independent shards, each group always in the same one.
 *
 * <p>One {@code SimpleCache} serialises everything it serves: {@code setSnapshot} is {@code
 * synchronized} and answers the group's open watches (building and sending the responses) while
 * holding the monitor and keeping its cache-wide lock contended, and every request of every proxy
 * (each ACK opens a new watch) takes that lock. Here a group's snapshot, watches and responses are
 * exactly what one {@code SimpleCache} does for it — versions, the "no response while the requested
 * version is current" rule, resource-name subscriptions, delta watches — but setting the snapshot
 * of one group only contends with the groups of its own shard: pushes to different proxies run in
 * parallel, and an ACK waits for at most the pushes of its shard.
 */
final class ShardedSnapshotCache implements SnapshotCache<String, Snapshot> {
  /** Enough that two generator threads and the gRPC threads rarely meet in one shard. */
  static final int DEFAULT_SHARDS = 256;

  private final NodeGroup<String> groups;
  private final List<SimpleCache<String>> shards;

  ShardedSnapshotCache(NodeGroup<String> groups, int shardCount) {
    if (shardCount < 1) {
      throw new IllegalArgumentException("shard count must be at least 1: " + shardCount);
    }
    this.groups = groups;
    List<SimpleCache<String>> list = new ArrayList<>(shardCount);
    for (int i = 0; i < shardCount; i++) {
      list.add(new SimpleCache<>(groups));
    }
    this.shards = List.copyOf(list);
  }

  /** The shard a group lives in (stable for the lifetime of the cache). */
  int shardOf(String group) {
    int h = group.hashCode();
    return Math.floorMod(h ^ (h >>> 16), shards.size());
  }

  private SimpleCache<String> shard(String group) {
    return shards.get(shardOf(group));
  }

  @Override
  public Watch createWatch(
      boolean ads,
      XdsRequest request,
      Set<String> knownResourceNames,
      Consumer<Response> responseConsumer,
      boolean hasClusterChanged,
      boolean allowDefaultEmptyEdsUpdate) {
    // The shard hashes the node again to the same group: it answers exactly as one cache would.
    return shard(groups.hash(request.v3Request().getNode()))
        .createWatch(
            ads,
            request,
            knownResourceNames,
            responseConsumer,
            hasClusterChanged,
            allowDefaultEmptyEdsUpdate);
  }

  @Override
  public DeltaWatch createDeltaWatch(
      DeltaXdsRequest request,
      String requesterVersion,
      Map<String, String> resourceVersions,
      Set<String> pendingResources,
      boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer,
      boolean hasClusterChanged) {
    return shard(groups.hash(request.v3Request().getNode()))
        .createDeltaWatch(
            request,
            requesterVersion,
            resourceVersions,
            pendingResources,
            isWildcard,
            responseConsumer,
            hasClusterChanged);
  }

  @Override
  public boolean clearSnapshot(String group) {
    return shard(group).clearSnapshot(group);
  }

  @Override
  public Snapshot getSnapshot(String group) {
    return shard(group).getSnapshot(group);
  }

  @Override
  public void setSnapshot(String group, Snapshot snapshot) {
    shard(group).setSnapshot(group, snapshot);
  }

  @Override
  public Collection<String> groups() {
    List<String> all = new ArrayList<>();
    for (SimpleCache<String> shard : shards) {
      all.addAll(shard.groups());
    }
    return List.copyOf(all);
  }

  @Override
  public StatusInfo<String> statusInfo(String group) {
    return shard(group).statusInfo(group);
  }
}
