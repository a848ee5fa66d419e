package dev.meridian.kernel.xds;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a zone's ingress offers other zones: per mesh and service, how many ready instances this
 * zone has. The zone control plane keeps its ingresses' {@code availableServices} equal to it.
 *
 * <p>{@link #of} computes it from every dataplane; an instance keeps it up to date one dataplane at
 * a time ({@link #update}), at the cost of that dataplane's inbounds, and lists it ({@link #list})
 * in the same order as {@link #of}. One thread at a time uses an instance.
 */
public final class AvailableServices {

  /** One (mesh, service tags) entry: its tags and how many ready inbounds have them. */
  private static final class Entry {
    final String mesh;
    final Map<String, String> tags;
    int count;

    Entry(String mesh, Map<String, String> tags) {
      this.mesh = mesh;
      this.tags = tags;
    }
  }

  /** By {@code mesh + NUL + tags}, the order {@link #of} lists them in. */
  private final TreeMap<String, Entry> entries = new TreeMap<>();

  /** The entry keys each dataplane counts in (once per ready inbound). */
  private final Map<ResourceKey, List<String>> bySource = new HashMap<>();

  private List<ZoneIngressSpec.AvailableService> listed = List.of();
  private boolean stale;

  /** Every dataplane's ready services, computed from scratch. */
  public static List<ZoneIngressSpec.AvailableService> of(Iterable<Resource> dataplanes) {
    AvailableServices services = new AvailableServices();
    for (Resource resource : dataplanes) {
      services.put(resource.key(), resource.spec());
    }
    return services.list();
  }

  /**
   * Brings the counts up to date with the given resources as {@code current} has them now (empty:
   * deleted); keys of other kinds than Dataplane are ignored. Returns whether the list changed.
   */
  public boolean update(
      Collection<ResourceKey> keys, Function<ResourceKey, Optional<ResourceSpec>> current) {
    Map<String, Integer> delta = new HashMap<>();
    for (ResourceKey key : keys) {
      if (key.kind() == ResourceKind.DATAPLANE) {
        put(key, current.apply(key).orElse(null), delta);
      }
    }
    // Changes that cancel out (a service moving between inbounds, or between two dataplanes of
    // one batch) leave the list as it was.
    return delta.values().stream().anyMatch(d -> d != 0);
  }

  private void put(ResourceKey key, ResourceSpec spec) {
    put(key, spec, new HashMap<>());
  }

  private void put(ResourceKey key, ResourceSpec spec, Map<String, Integer> delta) {
    List<String> before = bySource.getOrDefault(key, List.of());
    List<String> after = new ArrayList<>();
    if (spec instanceof DataplaneSpec dataplane && dataplane.networking() != null) {
      for (DataplaneSpec.Inbound inbound : dataplane.networking().inbounds()) {
        String entry = entryOf(key.mesh(), inbound);
        if (entry != null) {
          after.add(entry);
        }
      }
    }
    if (before.equals(after)) {
      return;
    }
    // Counted in before counted out: an entry in both never drops to zero in between.
    for (String added : after) {
      entries.get(added).count++;
      delta.merge(added, 1, Integer::sum);
    }
    for (String gone : before) {
      delta.merge(gone, -1, Integer::sum);
      Entry entry = entries.get(gone);
      if (--entry.count == 0) {
        entries.remove(gone);
      }
    }
    if (after.isEmpty()) {
      bySource.remove(key);
    } else {
      bySource.put(key, after);
    }
    stale = true;
  }

  /** The entry an inbound counts in (created if new, at count 0), or null if it offers none. */
  private String entryOf(String mesh, DataplaneSpec.Inbound inbound) {
    if (inbound == null || inbound.tags() == null || !ServiceEndpoints.isReady(inbound)) {
      return null;
    }
    String service = inbound.tags().get(DataplaneSpec.SERVICE_TAG);
    if (service == null) {
      return null;
    }
    Map<String, String> tags = new TreeMap<>();
    tags.put(DataplaneSpec.SERVICE_TAG, service);
    copy(inbound.tags(), tags, DataplaneSpec.PROTOCOL_TAG);
    copy(inbound.tags(), tags, DataplaneSpec.ZONE_TAG);
    String key = mesh + "\u0000" + tags;
    entries.computeIfAbsent(key, k -> new Entry(mesh, tags));
    return key;
  }

  /** The services with their counts, by mesh then tags; rebuilt only after a change. */
  public List<ZoneIngressSpec.AvailableService> list() {
    if (stale) {
      List<ZoneIngressSpec.AvailableService> out = new ArrayList<>(entries.size());
      for (Entry entry : entries.values()) {
        out.add(new ZoneIngressSpec.AvailableService(entry.tags, entry.count, entry.mesh));
      }
      listed = List.copyOf(out);
      stale = false;
    }
    return listed;
  }

  private static void copy(Map<String, String> from, Map<String, String> to, String tag) {
    if (from.containsKey(tag)) {
      to.put(tag, from.get(tag));
    }
  }
}
