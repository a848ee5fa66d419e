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
import dev.meridian.kernel.xds.envoy.ZoneIngressRenderer;
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
  private final EnvoySecrets secrets;
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

  /** The proxies of each dataplane and the callers of each service, for a change's fan-out. */
  private final AffectedProxies<Proxy> affected = new AffectedProxies<>();

  /** Proxies still serving clusters they no longer use (make-before-break). */
  private final Set<Proxy> retiringProxies = ConcurrentHashMap.newKeySet();

  /** Connected zone ingresses: few, and concerned by every dataplane change. */
  private final Set<Proxy> ingresses = ConcurrentHashMap.newKeySet();

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

    /** The SDS secrets it was served (Envoy in an mTLS mesh), else null. */
    EnvoySecrets.ProxySecrets secrets;

    /** When a regeneration is scheduled to renew its certificate, else null. */
    Instant renewalAt;

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

  /** A generator without a mesh CA: mTLS config is rendered, no certificate is served. */
  public XdsSnapshots(Projection projection, ZoneProperties properties, MeterRegistry meters) {
    this(projection, properties, meters, EnvoySecrets.NONE);
  }

  @org.springframework.beans.factory.annotation.Autowired
  public XdsSnapshots(
      Projection projection,
      ZoneProperties properties,
      MeterRegistry meters,
      EnvoySecrets secrets) {
    this.projection = projection;
    this.secrets = secrets;
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
          if (proxy == null) {
            affected.opened(p, dataplane);
            if (isIngress(p)) {
              ingresses.add(p);
            }
          }
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
          affected.closed(proxy, proxy.dataplane, proxy.outboundServices);
          ingresses.remove(proxy);
          retiringProxies.remove(proxy);
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
    // A mesh's Secrets hold its CA: Envoy proxies of the mesh may get other certificates.
    Set<String> secretMeshes =
        keys.stream()
            .filter(k -> k.kind() == ResourceKind.SECRET)
            .map(ResourceKey::mesh)
            .collect(Collectors.toSet());
    List<Proxy> candidates = candidates(keys, groups, changedServices, policyMeshes, secretMeshes);
    // Loaded once here, read by every thread of the pass.
    candidates.forEach(p -> policies(p.dataplane.mesh()));
    inParallel(
        candidates,
        proxy -> {
          try {
            boolean direct =
                isIngress(proxy)
                    || groups.contains(proxy.group)
                    || keys.contains(proxy.dataplane)
                    || proxy.outboundServices.stream().anyMatch(changedServices::contains)
                    || !proxy.retiring.isEmpty()
                    || servesSecretsOf(proxy, secretMeshes);
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

  private static boolean isIngress(Proxy proxy) {
    return proxy.dataplane.kind() == ResourceKind.ZONE_INGRESS;
  }

  private static boolean servesSecretsOf(Proxy proxy, Set<String> meshes) {
    return proxy.kind == ProxyKind.ENVOY && meshes.contains(proxy.dataplane.mesh());
  }

  /**
   * The proxies a pass regenerates (or, for a policy change only, checks): found by what changed,
   * so a dataplane write costs the proxies it affects; only a policy change looks at every proxy of
   * its mesh.
   */
  private List<Proxy> candidates(
      Set<ResourceKey> keys,
      Set<String> groups,
      Set<String> changedServices,
      Set<String> policyMeshes,
      Set<String> secretMeshes) {
    java.util.function.Predicate<Proxy> live = p -> proxies.get(p.group) == p;
    Set<Proxy> found = new java.util.LinkedHashSet<>();
    for (String group : groups) {
      Proxy proxy = proxies.get(group);
      if (proxy != null) {
        found.add(proxy);
      }
    }
    found.addAll(affected.of(keys, changedServices, live));
    retiringProxies.removeIf(p -> !live.test(p));
    found.addAll(retiringProxies);
    if (!policyMeshes.isEmpty() || !secretMeshes.isEmpty()) {
      for (Proxy proxy : proxies.values()) {
        if (policyMeshes.contains(proxy.dataplane.mesh()) || servesSecretsOf(proxy, secretMeshes)) {
          found.add(proxy);
        }
      }
    }
    // An ingress passes traffic to services of every mesh: any dataplane change may concern it.
    if (keys.stream().anyMatch(k -> k.kind() == ResourceKind.DATAPLANE)) {
      ingresses.removeIf(p -> !live.test(p));
      found.addAll(ingresses);
    }
    return new java.util.ArrayList<>(found);
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
   * Updates the endpoints of the meshes the keys touch with just those keys (a ZoneIngress offers
   * services of any mesh: every indexed mesh takes it); returns the services whose endpoints
   * changed. A mesh seen for the first time is indexed whole, and all its services count as
   * changed.
   */
  private Set<String> refreshEndpoints(Set<ResourceKey> keys) {
    if (keys.stream().anyMatch(k -> k.kind() == ResourceKind.ZONE)) {
      // A zone enabled or disabled changes what every mesh may reach across zones: re-index.
      return reindexAll();
    }
    Map<String, List<ResourceKey>> byMesh = new HashMap<>();
    List<ResourceKey> ingresses = new java.util.ArrayList<>();
    for (ResourceKey key : keys) {
      if (key.kind() == ResourceKind.DATAPLANE) {
        byMesh.computeIfAbsent(key.mesh(), m -> new java.util.ArrayList<>()).add(key);
      } else if (key.kind() == ResourceKind.ZONE_INGRESS) {
        ingresses.add(key);
      }
    }
    if (!ingresses.isEmpty()) {
      endpointsByMesh
          .keySet()
          .forEach(mesh -> byMesh.computeIfAbsent(mesh, m -> new java.util.ArrayList<>()));
      byMesh.values().forEach(meshKeys -> meshKeys.addAll(ingresses));
    }
    Set<String> changed = new HashSet<>();
    byMesh.forEach(
        (mesh, meshKeys) -> {
          ServiceEndpoints index = endpointsByMesh.get(mesh);
          if (index == null) {
            index = index(mesh);
            endpointsByMesh.put(mesh, index);
            changed.addAll(index.services());
          } else {
            changed.addAll(index.update(meshKeys, this::currentSpec));
          }
        });
    return changed;
  }

  /** Every indexed mesh indexed anew; the services whose endpoints differ from before. */
  private Set<String> reindexAll() {
    Set<String> changed = new HashSet<>();
    for (String mesh : List.copyOf(endpointsByMesh.keySet())) {
      ServiceEndpoints before = endpointsByMesh.get(mesh);
      ServiceEndpoints after = index(mesh);
      endpointsByMesh.put(mesh, after);
      Set<String> services = new HashSet<>(after.services());
      services.addAll(before.services());
      for (String service : services) {
        if (!before.cluster(service).equals(after.cluster(service))) {
          changed.add(service);
        }
      }
    }
    return changed;
  }

  private Optional<dev.meridian.kernel.resource.ResourceSpec> currentSpec(ResourceKey key) {
    return projection.get(key).map(Resource::spec);
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
    // By key, as later updates name them: an ingress's update then replaces what it offered.
    List<ResourceKey> keys = new java.util.ArrayList<>();
    projection.list(ResourceKind.ZONE_INGRESS, null).forEach(r -> keys.add(r.key()));
    projection.list(ResourceKind.DATAPLANE, mesh).forEach(r -> keys.add(r.key()));
    ServiceEndpoints index =
        ServiceEndpoints.empty(
            zone,
            mesh,
            dev.meridian.kernel.zone.Zones.disabled(projection.list(ResourceKind.ZONE, null)));
    index.update(keys, key -> projection.get(key).map(Resource::spec));
    return index;
  }

  /** Regenerates with {@code knownRules} when the caller has just built them (null: build them). */
  private void regenerate(Proxy proxy, ProxyRules knownRules) {
    Optional<Resource> dataplane = projection.get(proxy.dataplane);
    if (dataplane.isEmpty()) {
      // Unknown (or deregistered) dataplane: the proxy keeps what it has; nothing new is sent.
      return;
    }
    Timer.Sample sample = Timer.start(meters);
    if (isIngress(proxy)) {
      XdsResources served =
          keepRetiringClusters(
              proxy,
              intern(
                  ZoneIngressRenderer.render(
                      (ZoneIngressSpec) dataplane.get().spec(), zone, this::endpoints)));
      if (valid(proxy, served)) {
        setSnapshot(proxy, served, null);
      }
      sample.stop(generation);
      return;
    }
    ProxyRules rules =
        knownRules != null ? knownRules : shapeRules.of(dataplane.get(), this::policies);
    ProxyModel model =
        ProxyModelBuilder.build(dataplane.get(), zone, endpoints(proxy.dataplane.mesh()), rules);
    Map<MemoKey, Message> used = new HashMap<>();
    XdsResources rendered = intern(render(model, proxy.kind, reusing(proxy.rendered, used)));
    XdsResources served = keepRetiringClusters(proxy, rendered);
    if (!valid(proxy, served)) {
      return;
    }
    EnvoySecrets.ProxySecrets proxySecrets = secretsOf(proxy, dataplane.get(), rules);
    proxy.rules = rules;
    proxy.rendered = used;
    proxy.secrets = proxySecrets;
    scheduleRenewal(proxy);
    // Route backends are called too: their endpoint changes concern this proxy.
    Set<String> calls =
        serviceSets.intern(
            model.clusters().stream()
                .map(c -> rules.serviceOf(c.service()))
                .collect(Collectors.toUnmodifiableSet()));
    affected.calls(proxy, proxy.outboundServices, calls);
    proxy.outboundServices = calls;
    setSnapshot(proxy, served, proxySecrets);
    sample.stop(generation);
  }

  /** Whether {@code served} passes the checks; counted and logged when not (and not served). */
  private boolean valid(Proxy proxy, XdsResources served) {
    List<String> errors =
        XdsValidation.validate(
            served, m -> checkedEndpoints.getIfPresent(m) != null, this::listenerChecks);
    if (!errors.isEmpty()) {
      meters.counter("meridian_xds_invalid_snapshots_total").increment();
      log.error("Not serving invalid config to {}: {}", proxy.group, errors);
      return false;
    }
    return true;
  }

  /** Sets the proxy's snapshot, unless it has exactly these versions already. */
  private void setSnapshot(
      Proxy proxy, XdsResources served, EnvoySecrets.ProxySecrets proxySecrets) {
    Snapshot snapshot =
        new SharedSnapshot(
            resourceSets.of(served.clusters()),
            resourceSets.of(served.endpoints()),
            resourceSets.of(served.listeners()),
            resourceSets.of(served.routes()),
            resourceSets.of(secretMessages(proxySecrets)));
    if (proxy.current == null || !sameVersions(proxy.current, snapshot)) {
      proxy.previous = proxy.current;
      proxy.current = snapshot;
      proxy.setAtNanos = System.nanoTime();
      cache.setSnapshot(proxy.group, snapshot);
    }
  }

  /**
   * The SDS secrets of an Envoy proxy in an mTLS mesh; null otherwise, or while the mesh CA has not
   * reached this zone (its listeners then wait for them, and a Secret event brings them).
   */
  private EnvoySecrets.ProxySecrets secretsOf(Proxy proxy, Resource dataplane, ProxyRules rules) {
    if (proxy.kind != ProxyKind.ENVOY || !rules.mtls()) {
      return null;
    }
    dev.meridian.kernel.mtls.MeshMtls mtls =
        projection
            .get(ResourceKey.mesh(proxy.dataplane.mesh()))
            .map(
                r ->
                    dev.meridian.kernel.mtls.MeshMtls.of(
                        (dev.meridian.kernel.resource.MeshSpec) r.spec()))
            .orElse(dev.meridian.kernel.mtls.MeshMtls.of(null));
    return secrets
        .of(
            proxy.dataplane.mesh(),
            (dev.meridian.kernel.resource.DataplaneSpec) dataplane.spec(),
            mtls)
        .orElse(null);
  }

  private SortedMap<String, Message> secretMessages(EnvoySecrets.ProxySecrets proxySecrets) {
    SortedMap<String, Message> out = new TreeMap<>();
    if (proxySecrets != null) {
      proxySecrets.secrets().forEach(secret -> out.put(secret.getName(), interner.intern(secret)));
    }
    return out;
  }

  /**
   * Regenerates the proxy when its certificate is due for renewal: two thirds into its life, so it
   * is replaced while the old one is still valid and no connection sees an expired certificate.
   */
  private void scheduleRenewal(Proxy proxy) {
    Instant renewAt = proxy.secrets == null ? null : proxy.secrets.renewAt();
    if (renewAt == null || renewAt.equals(proxy.renewalAt)) {
      return;
    }
    proxy.renewalAt = renewAt;
    long delay = Math.max(1, Duration.between(Instant.now(), renewAt).toMillis());
    generator.schedule(
        () -> {
          if (renewAt.equals(proxy.renewalAt)) {
            proxy.renewalAt = null;
            pendingGroups.add(proxy.group);
            schedule();
          }
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  /**
   * The certificates each connected rendering of this dataplane is served, by their metadata (what
   * an inspection may show of them); empty for renderings served none.
   */
  public Map<String, List<EnvoySecrets.CertificateInfo>> servedCertificates(ResourceKey dataplane) {
    Map<String, List<EnvoySecrets.CertificateInfo>> out = new TreeMap<>();
    proxies.values().stream()
        .filter(p -> p.dataplane.equals(dataplane) && p.current != null && p.secrets != null)
        .forEach(
            p ->
                out.put(
                    p.kind.name().toLowerCase(java.util.Locale.ROOT), p.secrets.certificates()));
    return out;
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
      retiringProxies.remove(proxy);
      return rendered;
    }
    retiringProxies.add(proxy);
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
        && a.routes().version().equals(b.routes().version())
        && a.secrets().version().equals(b.secrets().version());
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
        .flatMap(
            resource ->
                dev.meridian.kernel.xds.ProxyRendering.render(
                    view, resource, zone, kind == ProxyKind.GRPC));
  }

  @Override
  public void destroy() {
    generator.shutdownNow();
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }
}
