package dev.meridian.zone.xds;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import com.google.protobuf.Message;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.policy.RulesBuilder;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.kernel.xds.ProxyModel;
import dev.meridian.kernel.xds.ProxyModelBuilder;
import dev.meridian.kernel.xds.ServiceEndpoints;
import dev.meridian.kernel.xds.SharedResources;
import dev.meridian.kernel.xds.XdsResources;
import dev.meridian.kernel.xds.XdsValidation;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import dev.meridian.kernel.xds.grpc.GrpcProxylessRenderer;
import dev.meridian.runtime.log.ProjectionListener;
import dev.meridian.zone.config.ZoneProperties;
import io.envoyproxy.controlplane.cache.SnapshotCache;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps every connected proxy's snapshot in step with the projection. Work is driven by one
 * generator thread: changes are coalesced, only proxies a change affects are regenerated (spread
 * over {@code generator-threads} threads, the generator thread included), and a snapshot is set
 * only if it validates and differs from what the proxy has. Within one pass, a resource rendered
 * from inputs equal to another proxy's is rendered once ({@link SharedResources#memo}).
 *
 * <p>A proxy's config depends on its own Dataplane, on the endpoints of the services it calls and
 * on the policies of its mesh. So a change affects the changed dataplanes' own proxies, the proxies
 * with an outbound (or a route backend) to a service whose endpoints changed, and — when a policy
 * of a mesh changed — the proxies of that mesh whose merged rules are no longer the same.
 */
@Component
public class XdsSnapshots implements ProjectionListener, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(XdsSnapshots.class);

  private final ShardedSnapshotCache cache =
      new ShardedSnapshotCache(ProxyKind::group, ShardedSnapshotCache.DEFAULT_SHARDS);
  private final Projection projection;
  private final String zone;
  private final Duration retireDelay;
  private final MeterRegistry meters;
  private final Timer generation;
  private final Timer delivery;
  private final io.micrometer.core.instrument.Counter renderedResources;
  private final ScheduledExecutorService generator =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "xds-generator");
            t.setDaemon(true);
            return t;
          });

  /** Helpers of the generator thread within a pass; none with one generator thread. */
  private final ExecutorService helpers;

  private final int generatorThreads;

  /** Below this many affected proxies a pass stays on the generator thread. */
  static final int PARALLEL_THRESHOLD = 16;

  /**
   * Resources equal across proxies (a service's cluster and endpoints, an outbound listener on the
   * same port) are held once, however many proxies are served them — and so is the cache's
   * versioned wrapper of each, and its digest.
   */
  private final Interner<Message> interner = Interners.newWeakInterner();

  private final Interner<Set<String>> serviceSets = Interners.newWeakInterner();
  private final Cache<Message, VersionedResource<Message>> versioned =
      CacheBuilder.newBuilder().weakKeys().weakValues().build();
  private final Cache<Message, byte[]> digests = CacheBuilder.newBuilder().weakKeys().build();

  /** Per-service resources, rendered once per endpoints index (keys are identity-compared). */
  private final Map<String, Cache<ProxyModel.ServiceCluster, Message>> perService =
      new ConcurrentHashMap<>();

  /** Endpoints that passed their checks when rendered; proxies' snapshots skip re-checking them. */
  private final Cache<Message, Boolean> checkedEndpoints =
      CacheBuilder.newBuilder().weakKeys().build();

  /**
   * Each shared listener's own checks (its parsed filters, what it refers to), computed once: a
   * proxy's validation only looks its references up in that proxy's resources.
   */
  private final Cache<Message, XdsValidation.ListenerChecks> listenerChecks =
      CacheBuilder.newBuilder().weakKeys().build();

  /**
   * Resources rendered in the current pass, by their inputs: proxies whose outbounds and rules are
   * equal get the rendering of the first. Cleared at the start of each pass.
   */
  private final Map<MemoKey, Message> memo = new ConcurrentHashMap<>();

  /** Each distinct set of resources of a type, versioned once however many proxies get it. */
  private final ResourceSets resourceSets =
      new ResourceSets(
          messages -> SnapshotResources.create(versionedAll(messages), version(messages)));

  /** The rules of a pass, built once per selection shape. */
  private final ShapeRules shapeRules = new ShapeRules();

  /**
   * A memo key: the kind and the inputs, whose (deep) hash is computed once per key rather than on
   * every look-up in the previous config, the pass memo and the used map.
   */
  static final class MemoKey {
    final String kind;
    final Object inputs;
    private final int hash;

    MemoKey(String kind, Object inputs) {
      this.kind = kind;
      this.inputs = inputs;
      this.hash = 31 * kind.hashCode() + inputs.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o == this
          || (o instanceof MemoKey other
              && hash == other.hash
              && kind.equals(other.kind)
              && inputs.equals(other.inputs));
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final SharedResources shared =
      new SharedResources() {
        @Override
        public <T extends Message> T get(
            String kind,
            ProxyModel.ServiceCluster service,
            java.util.function.Function<ProxyModel.ServiceCluster, T> render) {
          return sharedResource(kind, service, render);
        }

        @Override
        public <T extends Message> T memo(
            String kind, Object inputs, java.util.function.Supplier<T> render) {
          return memoized(kind, inputs, render);
        }
      };

  private final Map<String, Proxy> proxies = new ConcurrentHashMap<>();
  // Generator-thread state.
  private final Set<ResourceKey> pendingKeys = ConcurrentHashMap.newKeySet();
  private final Set<String> pendingGroups = ConcurrentHashMap.newKeySet();
  private final Map<String, ServiceEndpoints> endpointsByMesh = new ConcurrentHashMap<>();
  private final Map<String, List<Resource>> policiesByMesh = new ConcurrentHashMap<>();
  private volatile boolean scheduled;

  /** One connected proxy (a cache group) and what it was last served. */
  static final class Proxy {
    final String group;
    final ResourceKey dataplane;
    final ProxyKind kind;
    int streams;
    volatile Snapshot current;
    Snapshot previous;
    Set<String> outboundServices = Set.of();
    ProxyRules rules = ProxyRules.NONE;

    /**
     * What this proxy's last served config was rendered from, by inputs: a resource whose inputs
     * did not change since is taken from here instead of being rendered again.
     */
    Map<MemoKey, Message> rendered = Map.of();

    /** When the newest snapshot was set, until the proxy acknowledges it (xds_delivery). */
    volatile long setAtNanos;

    final Map<String, Instant> retiring = new HashMap<>();

    Proxy(String group, ResourceKey dataplane, ProxyKind kind) {
      this.group = group;
      this.dataplane = dataplane;
      this.kind = kind;
    }
  }

  public XdsSnapshots(Projection projection, ZoneProperties properties, MeterRegistry meters) {
    this.projection = projection;
    this.zone = properties.zone();
    this.retireDelay = properties.dataplaneServer().retireDelay();
    this.meters = meters;
    this.generatorThreads = properties.dataplaneServer().generatorThreads();
    this.helpers =
        generatorThreads > 1
            ? Executors.newFixedThreadPool(
                generatorThreads - 1,
                new java.util.concurrent.ThreadFactory() {
                  private final java.util.concurrent.atomic.AtomicInteger count =
                      new java.util.concurrent.atomic.AtomicInteger();

                  @Override
                  public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "xds-generator-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  }
                })
            : null;
    this.generation =
        Timer.builder("xds_generation")
            .description("Time to generate and set one proxy's snapshot")
            .register(meters);
    this.delivery =
        Timer.builder("xds_delivery")
            .description("Time from a proxy's new snapshot being set to the proxy acknowledging it")
            .register(meters);
    meters.gauge("meridian_xds_connected_proxies", proxies, Map::size);
    this.renderedResources =
        io.micrometer.core.instrument.Counter.builder("meridian_xds_resources_rendered_total")
            .description(
                "Listeners and clusters rendered anew: not reused from a proxy's previous config"
                    + " nor from another proxy's in the same pass")
            .register(meters);
  }

  public SnapshotCache<String, Snapshot> cache() {
    return cache;
  }

  /** A stream of {@code group} opened for {@code dataplane}: serve it as soon as possible. */
  void streamOpened(String group, ResourceKey dataplane, ProxyKind kind) {
    proxies.compute(
        group,
        (g, proxy) -> {
          Proxy p = proxy == null ? new Proxy(g, dataplane, kind) : proxy;
          p.streams++;
          return p;
        });
    pendingGroups.add(group);
    schedule();
  }

  void streamClosed(String group) {
    proxies.computeIfPresent(
        group,
        (g, proxy) -> {
          proxy.streams--;
          if (proxy.streams > 0) {
            return proxy;
          }
          cache.clearSnapshot(g);
          return null;
        });
  }

  /** A proxy acknowledged a response: the newest snapshot, if pending, counts as delivered. */
  void acknowledged(String group) {
    Proxy proxy = proxies.get(group);
    if (proxy != null && proxy.setAtNanos != 0) {
      delivery.record(System.nanoTime() - proxy.setAtNanos, TimeUnit.NANOSECONDS);
      proxy.setAtNanos = 0;
    }
  }

  /** A proxy rejected what it was sent: go back to the previous snapshot to stop the re-send. */
  void rejected(String group, String typeUrl, String reason) {
    meters
        .counter("xds_delivery_rejected_total", "type", DataplaneInsights.shortType(typeUrl))
        .increment();
    generator.execute(
        () -> {
          Proxy proxy = proxies.get(group);
          if (proxy == null) {
            return;
          }
          log.warn("{} rejected {}: {}", group, typeUrl, reason);
          if (proxy.previous != null) {
            cache.setSnapshot(group, proxy.previous);
            proxy.current = proxy.previous;
          } else {
            cache.clearSnapshot(group);
            proxy.current = null;
          }
        });
  }

  @Override
  public void changed(Set<ResourceKey> keys) {
    pendingKeys.addAll(keys);
    schedule();
  }

  private void schedule() {
    if (!scheduled) {
      scheduled = true;
      generator.execute(this::generate);
    }
  }

  private void generate() {
    scheduled = false;
    memo.clear();
    shapeRules.newPass();
    Set<ResourceKey> keys = drain(pendingKeys);
    Set<String> groups = drain(pendingGroups);
    Set<String> changedServices = refreshEndpoints(keys);
    Set<String> policyMeshes = refreshPolicies(keys);
    List<Proxy> candidates = new java.util.ArrayList<>();
    for (Proxy proxy : proxies.values()) {
      if (groups.contains(proxy.group)
          || keys.contains(proxy.dataplane)
          || proxy.outboundServices.stream().anyMatch(changedServices::contains)
          || !proxy.retiring.isEmpty()
          || policyMeshes.contains(proxy.dataplane.mesh())) {
        candidates.add(proxy);
      }
    }
    // Loaded once here, read by every thread of the pass.
    candidates.forEach(p -> policies(p.dataplane.mesh()));
    inParallel(
        candidates,
        proxy -> {
          try {
            boolean direct =
                groups.contains(proxy.group)
                    || keys.contains(proxy.dataplane)
                    || proxy.outboundServices.stream().anyMatch(changedServices::contains)
                    || !proxy.retiring.isEmpty();
            if (direct) {
              regenerate(proxy, null);
            } else {
              // Only the mesh's policies changed: regenerate if they mean something else here.
              ProxyRules rules = changedRules(proxy);
              if (rules != null) {
                regenerate(proxy, rules);
              }
            }
          } catch (RuntimeException e) {
            // One proxy's failure must not stop the others from being served.
            meters.counter("meridian_xds_generation_failures_total").increment();
            log.error("Could not generate config for {}", proxy.group, e);
          }
        });
    memo.clear();
    shapeRules.newPass();
  }

  /**
   * Runs {@code work} for every proxy, each proxy on exactly one thread: the generator thread and
   * its helpers take the next proxy until none is left. Returns when all are done.
   */
  private void inParallel(List<Proxy> candidates, java.util.function.Consumer<Proxy> work) {
    int threads = Math.min(generatorThreads, candidates.size() / PARALLEL_THRESHOLD + 1);
    if (helpers == null || threads <= 1) {
      candidates.forEach(work);
      return;
    }
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    Runnable drainAll =
        () -> {
          for (int i = next.getAndIncrement(); i < candidates.size(); i = next.getAndIncrement()) {
            work.accept(candidates.get(i));
          }
        };
    List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
    for (int t = 1; t < threads; t++) {
      running.add(helpers.submit(drainAll));
    }
    drainAll.run();
    for (java.util.concurrent.Future<?> helper : running) {
      try {
        helper.get();
      } catch (java.util.concurrent.ExecutionException e) {
        log.error("A generator thread failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Forgets the policies of meshes whose policies (or the mesh itself) changed; returns them. */
  private Set<String> refreshPolicies(Set<ResourceKey> keys) {
    Set<String> meshes = new HashSet<>();
    for (ResourceKey key : keys) {
      if (key.kind().isPolicy()) {
        meshes.add(key.mesh());
      } else if (key.kind() == ResourceKind.MESH) {
        meshes.add(key.name());
      }
    }
    meshes.forEach(policiesByMesh::remove);
    return meshes;
  }

  private List<Resource> policies(String mesh) {
    return policiesByMesh.computeIfAbsent(mesh, this::loadPolicies);
  }

  private List<Resource> loadPolicies(String mesh) {
    return loadPolicies(projection, mesh);
  }

  private static List<Resource> loadPolicies(Projection projection, String mesh) {
    return projection.policiesWithMesh(mesh);
  }

  /**
   * The proxy's rules under the mesh's policies now, if they mean something else than what it was
   * served; null if not (or its dataplane is gone).
   */
  private ProxyRules changedRules(Proxy proxy) {
    return projection
        .get(proxy.dataplane)
        .map(dp -> shapeRules.of(dp, this::policies))
        .filter(rules -> !rules.equals(proxy.rules))
        .orElse(null);
  }

  private static <T> Set<T> drain(Set<T> pending) {
    Set<T> drained = new HashSet<>(pending);
    pending.removeAll(drained);
    return drained;
  }

  /**
   * Re-indexes the meshes the keys touch (all meshes when a ZoneIngress changed: it offers services
   * of any mesh); returns the services whose endpoints changed.
   */
  private Set<String> refreshEndpoints(Set<ResourceKey> keys) {
    Set<String> meshes =
        keys.stream()
            .filter(k -> k.kind() == ResourceKind.DATAPLANE)
            .map(ResourceKey::mesh)
            .collect(Collectors.toCollection(HashSet::new));
    // An ingress, or a zone enabled or disabled, changes what other zones offer to every mesh.
    if (keys.stream()
        .anyMatch(k -> k.kind() == ResourceKind.ZONE_INGRESS || k.kind() == ResourceKind.ZONE)) {
      meshes.addAll(endpointsByMesh.keySet());
    }
    Set<String> changed = new HashSet<>();
    for (String mesh : meshes) {
      ServiceEndpoints before = endpointsByMesh.get(mesh);
      ServiceEndpoints after = index(mesh);
      endpointsByMesh.put(mesh, after);
      Set<String> services = new HashSet<>(after.services());
      if (before != null) {
        services.addAll(before.services());
      }
      for (String service : services) {
        if (before == null || !before.cluster(service).equals(after.cluster(service))) {
          changed.add(service);
        }
      }
    }
    return changed;
  }

  private ServiceEndpoints endpoints(String mesh) {
    return endpointsByMesh.computeIfAbsent(mesh, this::index);
  }

  /**
   * A mesh's endpoints: this zone's dataplanes, and other zones' services behind their ingresses.
   */
  private ServiceEndpoints index(String mesh) {
    return index(projection, mesh);
  }

  private ServiceEndpoints index(Projection projection, String mesh) {
    List<ZoneIngressSpec> ingresses =
        projection.list(ResourceKind.ZONE_INGRESS, null).stream()
            .map(r -> (ZoneIngressSpec) r.spec())
            .toList();
    return ServiceEndpoints.index(
        projection.list(ResourceKind.DATAPLANE, mesh),
        ingresses,
        zone,
        mesh,
        dev.meridian.kernel.zone.Zones.disabled(projection.list(ResourceKind.ZONE, null)));
  }

  /** Regenerates with {@code knownRules} when the caller has just built them (null: build them). */
  private void regenerate(Proxy proxy, ProxyRules knownRules) {
    Optional<Resource> dataplane = projection.get(proxy.dataplane);
    if (dataplane.isEmpty()) {
      // Unknown (or deregistered) dataplane: the proxy keeps what it has; nothing new is sent.
      return;
    }
    Timer.Sample sample = Timer.start(meters);
    ProxyRules rules =
        knownRules != null ? knownRules : shapeRules.of(dataplane.get(), this::policies);
    ProxyModel model =
        ProxyModelBuilder.build(dataplane.get(), zone, endpoints(proxy.dataplane.mesh()), rules);
    Map<MemoKey, Message> used = new HashMap<>();
    XdsResources rendered = intern(render(model, proxy.kind, reusing(proxy.rendered, used)));
    XdsResources served = keepRetiringClusters(proxy, rendered);
    List<String> errors =
        XdsValidation.validate(
            served, m -> checkedEndpoints.getIfPresent(m) != null, this::listenerChecks);
    if (!errors.isEmpty()) {
      meters.counter("meridian_xds_invalid_snapshots_total").increment();
      log.error("Not serving invalid config to {}: {}", proxy.group, errors);
      return;
    }
    proxy.rules = rules;
    proxy.rendered = used;
    // Route backends are called too: their endpoint changes concern this proxy.
    proxy.outboundServices =
        serviceSets.intern(
            model.clusters().stream()
                .map(c -> rules.serviceOf(c.service()))
                .collect(Collectors.toUnmodifiableSet()));
    Snapshot snapshot =
        new SharedSnapshot(
            resourceSets.of(served.clusters()),
            resourceSets.of(served.endpoints()),
            resourceSets.of(served.listeners()),
            resourceSets.of(served.routes()));
    if (proxy.current == null || !sameVersions(proxy.current, snapshot)) {
      proxy.previous = proxy.current;
      proxy.current = snapshot;
      proxy.setAtNanos = System.nanoTime();
      cache.setSnapshot(proxy.group, snapshot);
    }
    sample.stop(generation);
  }

  private XdsResources render(ProxyModel model, ProxyKind kind) {
    return render(model, kind, shared);
  }

  private static XdsResources render(ProxyModel model, ProxyKind kind, SharedResources source) {
    return kind == ProxyKind.GRPC
        ? GrpcProxylessRenderer.render(model, source)
        : EnvoySidecarRenderer.render(model, source);
  }

  /**
   * The shared source, first looking in what one proxy's previous config was rendered from; records
   * into {@code used} what this rendering took, for the next time.
   */
  private SharedResources reusing(Map<MemoKey, Message> previous, Map<MemoKey, Message> used) {
    return new SharedResources() {
      @Override
      public <T extends Message> T get(
          String kind,
          ProxyModel.ServiceCluster service,
          java.util.function.Function<ProxyModel.ServiceCluster, T> render) {
        return shared.get(kind, service, render);
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T extends Message> T memo(
          String kind, Object inputs, java.util.function.Supplier<T> render) {
        MemoKey key = new MemoKey(kind, inputs);
        Message message = previous.get(key);
        if (message == null) {
          message = memoized(key, render);
        }
        used.put(key, message);
        return (T) message;
      }
    };
  }

  /**
   * A shared listener's checks, computed once. Looked up before computing: Guava's {@code
   * computeIfAbsent} locks and allocates even when the checks are there.
   */
  private XdsValidation.ListenerChecks listenerChecks(Listener listener) {
    XdsValidation.ListenerChecks checks = listenerChecks.getIfPresent(listener);
    return checks != null
        ? checks
        : listenerChecks
            .asMap()
            .computeIfAbsent(listener, l -> XdsValidation.listenerChecks(listener));
  }

  /** One service's resource of a kind, rendered, interned and (endpoints) checked only once. */
  @SuppressWarnings("unchecked")
  private <T extends Message> T sharedResource(
      String kind,
      ProxyModel.ServiceCluster service,
      java.util.function.Function<ProxyModel.ServiceCluster, T> render) {
    Cache<ProxyModel.ServiceCluster, Message> byService =
        perService.computeIfAbsent(kind, k -> CacheBuilder.newBuilder().weakKeys().build());
    try {
      return (T)
          byService.get(
              service,
              () -> {
                Message message = interner.intern(render.apply(service));
                if (message instanceof ClusterLoadAssignment assignment
                    && XdsValidation.checkEndpoints(assignment).isEmpty()) {
                  checkedEndpoints.put(message, Boolean.TRUE);
                }
                return message;
              });
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not render " + kind + " of " + service.service(), e);
    }
  }

  /** A resource of a pass rendered once per distinct inputs, and interned. */
  @SuppressWarnings("unchecked")
  private <T extends Message> T memoized(
      String kind, Object inputs, java.util.function.Supplier<T> render) {
    return memoized(new MemoKey(kind, inputs), render);
  }

  @SuppressWarnings("unchecked")
  private <T extends Message> T memoized(MemoKey key, java.util.function.Supplier<T> render) {
    Message message = memo.get(key);
    if (message == null) {
      renderedResources.increment();
      message = interner.intern(render.get());
      Message raced = memo.putIfAbsent(key, message);
      if (raced != null) {
        message = raced;
      }
    }
    return (T) message;
  }

  private String version(SortedMap<String, Message> resources) {
    return XdsResources.version(resources, this::digest);
  }

  private byte[] digest(Message message) {
    byte[] digest = digests.getIfPresent(message);
    if (digest == null) {
      digest = XdsResources.digest(message);
      digests.put(message, digest);
    }
    return digest;
  }

  private List<VersionedResource<?>> versionedAll(SortedMap<String, Message> messages) {
    List<VersionedResource<?>> out = new java.util.ArrayList<>(messages.size());
    for (Message message : messages.values()) {
      try {
        out.add(
            versioned.get(
                message,
                () ->
                    VersionedResource.create(
                        message, java.util.HexFormat.of().formatHex(digest(message), 0, 8))));
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
    // One wrapper per resource, not per proxy: see SharedSnapshot.
    return out;
  }

  /**
   * Make-before-break: a cluster the new config no longer has is still served for {@code
   * retireDelay}, so a client switching routes never finds its old cluster gone first.
   */
  private XdsResources keepRetiringClusters(Proxy proxy, XdsResources rendered) {
    // Read from the served snapshot as it is: copying it for every proxy cost more than the check.
    Snapshot previous = proxy.current;
    Instant now = Instant.now();
    if (previous != null) {
      for (String name : previous.clusters().resources().keySet()) {
        if (!rendered.clusters().containsKey(name)) {
          proxy.retiring.putIfAbsent(name, now.plus(retireDelay));
        }
      }
    }
    proxy.retiring.keySet().removeIf(rendered.clusters()::containsKey);
    proxy.retiring.values().removeIf(deadline -> !deadline.isAfter(now));
    if (proxy.retiring.isEmpty()) {
      return rendered;
    }
    SortedMap<String, Message> clusters = new TreeMap<>(rendered.clusters());
    SortedMap<String, Message> endpoints = new TreeMap<>(rendered.endpoints());
    for (String name : proxy.retiring.keySet()) {
      clusters.put(name, previous.clusters().resources().get(name));
      Message assignment = previous.endpoints().resources().get(name);
      if (assignment != null) {
        endpoints.put(name, assignment);
      }
    }
    Instant next = proxy.retiring.values().stream().min(Instant::compareTo).orElse(now);
    long delay = Math.max(1, Duration.between(now, next).toMillis());
    generator.schedule(
        () -> {
          pendingGroups.add(proxy.group);
          schedule();
        },
        delay,
        TimeUnit.MILLISECONDS);
    return new XdsResources(rendered.listeners(), rendered.routes(), clusters, endpoints);
  }

  private XdsResources intern(XdsResources resources) {
    // Most of a rendering comes from the memo and the per-service resources, already interned:
    // then it is served as it is, without copying its maps.
    if (interned(resources.listeners())
        && interned(resources.routes())
        && interned(resources.clusters())
        && interned(resources.endpoints())) {
      return resources;
    }
    return new XdsResources(
        internAll(resources.listeners()),
        internAll(resources.routes()),
        internAll(resources.clusters()),
        internAll(resources.endpoints()));
  }

  private boolean interned(SortedMap<String, Message> messages) {
    for (Message message : messages.values()) {
      if (interner.intern(message) != message) {
        return false;
      }
    }
    return true;
  }

  private SortedMap<String, Message> internAll(SortedMap<String, Message> messages) {
    SortedMap<String, Message> out = new TreeMap<>();
    messages.forEach((name, message) -> out.put(name, interner.intern(message)));
    return out;
  }

  private static boolean sameVersions(Snapshot a, Snapshot b) {
    return a.clusters().version().equals(b.clusters().version())
        && a.endpoints().version().equals(b.endpoints().version())
        && a.listeners().version().equals(b.listeners().version())
        && a.routes().version().equals(b.routes().version());
  }

  /** What a proxy of this dataplane is being served, per connected rendering. */
  public Map<String, XdsResources> served(ResourceKey dataplane) {
    Map<String, XdsResources> out = new TreeMap<>();
    proxies.values().stream()
        .filter(p -> p.dataplane.equals(dataplane) && p.current != null)
        .forEach(
            p -> out.put(p.kind.name().toLowerCase(java.util.Locale.ROOT), resourcesOf(p.current)));
    return out;
  }

  private static XdsResources resourcesOf(Snapshot snapshot) {
    return new XdsResources(
        new TreeMap<>(snapshot.listeners().resources()),
        new TreeMap<>(snapshot.routes().resources()),
        new TreeMap<>(snapshot.clusters().resources()),
        new TreeMap<>(snapshot.endpoints().resources()));
  }

  /** What a proxy of this dataplane would be served, rendered now (for inspecting offline ones). */
  public Optional<XdsResources> render(ResourceKey dataplane, ProxyKind kind) {
    return render(projection, dataplane, kind);
  }

  /** The proxy model of a dataplane as the live projection has it. */
  public Optional<ProxyModel> model(ResourceKey dataplane) {
    return projection
        .get(dataplane)
        .map(
            resource ->
                ProxyModelBuilder.build(
                    resource,
                    zone,
                    index(dataplane.mesh()),
                    RulesBuilder.build(resource, loadPolicies(dataplane.mesh()))));
  }

  /**
   * What a proxy of this dataplane would be served from another view of the resources (the log at
   * an earlier moment): the same generation, so the same content gives the same versions.
   */
  public Optional<XdsResources> render(Projection view, ResourceKey dataplane, ProxyKind kind) {
    return view.get(dataplane)
        .map(
            resource -> {
              ProxyModel model =
                  ProxyModelBuilder.build(
                      resource,
                      zone,
                      index(view, dataplane.mesh()),
                      RulesBuilder.build(resource, loadPolicies(view, dataplane.mesh())));
              return render(model, kind);
            });
  }

  @Override
  public void destroy() {
    generator.shutdownNow();
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }
}
