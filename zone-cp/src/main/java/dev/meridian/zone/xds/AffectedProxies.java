package dev.meridian.zone.xds;

import dev.meridian.kernel.resource.ResourceKey;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which connected proxies a change of dataplanes concerns, looked up by what changed instead of by
 * asking every proxy: the proxies of a changed dataplane, and the callers of a service whose
 * endpoints changed. A change therefore costs the proxies it affects, not the zone's size.
 *
 * <p>Safe for concurrent use: streams open and close on gRPC threads while the generator's threads
 * record what the proxies they regenerate call. A proxy recorded after it closed stays until a
 * look-up finds it dead ({@code live}) and drops it.
 */
final class AffectedProxies<P> {
  private final Map<ResourceKey, Set<P>> byDataplane = new ConcurrentHashMap<>();
  private final Map<String, Set<P>> byService = new ConcurrentHashMap<>();

  void opened(P proxy, ResourceKey dataplane) {
    add(byDataplane, dataplane, proxy);
  }

  void closed(P proxy, ResourceKey dataplane, Set<String> calls) {
    remove(byDataplane, dataplane, proxy);
    calls.forEach(service -> remove(byService, service, proxy));
  }

  /** The proxy now calls {@code after} instead of {@code before}. */
  void calls(P proxy, Set<String> before, Set<String> after) {
    if (before == after) {
      return;
    }
    for (String service : after) {
      if (!before.contains(service)) {
        add(byService, service, proxy);
      }
    }
    for (String service : before) {
      if (!after.contains(service)) {
        remove(byService, service, proxy);
      }
    }
  }

  /** The live proxies of the given dataplanes and the live callers of the given services. */
  Set<P> of(Collection<ResourceKey> dataplanes, Collection<String> services, Predicate<P> live) {
    Set<P> out = new LinkedHashSet<>();
    for (ResourceKey dataplane : dataplanes) {
      collect(byDataplane.get(dataplane), live, out);
    }
    for (String service : services) {
      collect(byService.get(service), live, out);
    }
    return out;
  }

  private static <P> void collect(Set<P> proxies, Predicate<P> live, Set<P> out) {
    if (proxies == null) {
      return;
    }
    proxies.removeIf(p -> !live.test(p));
    out.addAll(proxies);
  }

  /** Adds and removes run under the key's lock, so an add never lands in a set just dropped. */
  private static <K, P> void add(Map<K, Set<P>> index, K key, P proxy) {
    index.compute(
        key,
        (k, proxies) -> {
          Set<P> out = proxies != null ? proxies : ConcurrentHashMap.newKeySet();
          out.add(proxy);
          return out;
        });
  }

  private static <K, P> void remove(Map<K, Set<P>> index, K key, P proxy) {
    index.computeIfPresent(
        key,
        (k, proxies) -> {
          proxies.remove(proxy);
          return proxies.isEmpty() ? null : proxies;
        });
  }
}
