package dev.meridian.zone.xds;

import dev.meridian.e2e.bench.Bench;
import dev.meridian.e2e.bench.StackSampler;
import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.xds.ProxyModel;
import dev.meridian.kernel.xds.ProxyModelBuilder;
import dev.meridian.kernel.xds.ServiceEndpoints;
import dev.meridian.kernel.xds.XdsResources;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import dev.meridian.zone.config.ZoneProperties;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import javax.management.ObjectName;

/**
 * How long the zone's real xDS generator ({@link XdsSnapshots}) takes to serve N freshly connected
 * Envoy proxies, and how much heap it keeps per proxy, against the pure cost of building and
 * rendering the same N proxy models (same run, same JVM).
 *
 * <p>The mesh: N dataplanes over 500 services (http for the first 250, grpc for the rest), each
 * with one inbound of its own service and 50 outbounds to the next 50 services, ports 10001..10050.
 * Proxies are "connected" with the generator's own {@code streamOpened}, as its ADS callbacks do,
 * without a network. Lives in {@code dev.meridian.zone.xds} for that package-private entry point.
 *
 * <p>Run (see docs/benchmarks.md): {@code mvn -B -q -Pbench -pl e2e/scenarios -am
 * process-test-classes -Dbench=dev.meridian.zone.xds.XdsGenerationBenchmark}. System properties:
 * {@code bench.sizes} (default 1000,10000), {@code bench.warmups} (rounds at 1000, default 2),
 * {@code bench.profile} (sample the generator thread), {@code bench.histogram} (class histogram
 * diff of what the generator retains at the largest N).
 */
public final class XdsGenerationBenchmark {
  static final String ZONE = "zone-1";
  static final String MESH = "default";
  static final int SERVICES = 500;
  static final int OUTBOUNDS = 50;
  static final int FIRST_OUTBOUND_PORT = 10001;
  static final int INBOUND_PORT = 8080;
  static final long TARGET_BYTES_PER_PROXY = 50_000;
  static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);

  private XdsGenerationBenchmark() {}

  /** One measured size. */
  record Result(
      int n,
      long foldNanos,
      long indexNanos,
      long buildNanos,
      long renderNanos,
      long generatorNanos,
      long timerCount,
      double timerMeanNanos,
      double timerMaxNanos,
      long projectionHeap,
      long retainedBytes,
      int affected,
      long updateNanos,
      int resourcesPerProxy,
      String profile,
      String histogram) {
    long pureNanos() {
      return indexNanos + buildNanos + renderNanos;
    }
  }

  public static void main(String[] args) {
    int[] sizes =
        Arrays.stream(System.getProperty("bench.sizes", "1000,10000").split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .toArray();
    int warmups = Integer.getInteger("bench.warmups", 2);
    boolean profile = Boolean.getBoolean("bench.profile");
    boolean histogram = Boolean.getBoolean("bench.histogram");
    int largest = Arrays.stream(sizes).max().orElse(0);

    System.out.println("# XdsGenerationBenchmark");
    System.out.println("machine: " + Bench.machine());
    System.out.printf(
        Locale.ROOT,
        "mesh: %d services (http/grpc), 1 inbound + %d outbounds per dataplane, Envoy proxies%n",
        SERVICES,
        OUTBOUNDS);
    for (int i = 0; i < warmups; i++) {
      Result warm = run(1000, false, false);
      System.out.printf(
          Locale.ROOT,
          "warm-up %d: N=1000 generator %s, pure %s%n",
          i + 1,
          Bench.ms(warm.generatorNanos()),
          Bench.ms(warm.pureNanos()));
    }
    List<Result> results = new ArrayList<>();
    for (int n : sizes) {
      Result result = run(n, profile && n == largest, histogram && n == largest);
      results.add(result);
      System.out.printf(
          Locale.ROOT,
          "N=%d done: generator %s, retained %s%n",
          n,
          Bench.ms(result.generatorNanos()),
          Bench.mib(result.retainedBytes()));
    }
    print(results);
    System.exit(0);
  }

  static void print(List<Result> results) {
    System.out.println();
    System.out.println(
        "## Initial generation: N proxies connect at once, until all have a snapshot");
    Bench.Table time =
        new Bench.Table(
            "N",
            "resources/proxy",
            "baseline: index+build+render",
            "baseline/proxy",
            "generator: all N served",
            "generator/proxy",
            "overhead vs baseline",
            "xds_generation timer mean / max");
    for (Result r : results) {
      time.row(
          r.n(),
          r.resourcesPerProxy(),
          Bench.ms(r.pureNanos()),
          Bench.us((double) r.pureNanos() / r.n()),
          Bench.ms(r.generatorNanos()),
          Bench.us((double) r.generatorNanos() / r.n()),
          Bench.ratio((double) r.generatorNanos() / r.pureNanos()),
          Bench.us(r.timerMeanNanos()) + " / " + Bench.ms(r.timerMaxNanos()));
    }
    System.out.print(time.render());
    System.out.println();
    Bench.Table parts =
        new Bench.Table(
            "N",
            "projection fold (N events)",
            "baseline: endpoints index",
            "baseline: N models built",
            "baseline: N renders (EnvoySidecarRenderer)");
    for (Result r : results) {
      parts.row(
          r.n(),
          Bench.ms(r.foldNanos()),
          Bench.ms(r.indexNanos()),
          Bench.ms(r.buildNanos()),
          Bench.ms(r.renderNanos()));
    }
    System.out.print(parts.render());
    System.out.println();
    System.out.println("## Retained heap (full GCs before/after; projection alone subtracted)");
    Bench.Table heap =
        new Bench.Table(
            "N", "projection alone", "generator retains", "per proxy", "target", "verdict");
    for (Result r : results) {
      double perProxy = (double) r.retainedBytes() / r.n();
      heap.row(
          r.n(),
          Bench.mib(r.projectionHeap()),
          Bench.mib(r.retainedBytes()),
          String.format(Locale.ROOT, "%.1f KB", perProxy / 1000),
          r.n() >= 10_000 ? "<= 50 KB at 10,000" : "(reported)",
          r.n() >= 10_000 ? (perProxy <= TARGET_BYTES_PER_PROXY ? "MET" : "MISSED") : "-");
    }
    System.out.print(heap.render());
    System.out.println();
    System.out.println(
        "## One change: a dataplane of svc-000 moves its inbound port; proxies calling svc-000"
            + " regenerated");
    Bench.Table update =
        new Bench.Table("N", "proxies affected", "change -> all affected re-served", "per proxy");
    for (Result r : results) {
      update.row(
          r.n(),
          r.affected(),
          Bench.ms(r.updateNanos()),
          Bench.us((double) r.updateNanos() / Math.max(1, r.affected())));
    }
    System.out.print(update.render());
    for (Result r : results) {
      if (r.profile() != null) {
        System.out.println();
        System.out.println("## Sampled generator thread, N=" + r.n() + " initial generation");
        System.out.print(r.profile());
      }
      if (r.histogram() != null) {
        System.out.println();
        System.out.println(
            "## What the generator retains at N=" + r.n() + " (class histogram diff)");
        System.out.print(r.histogram());
      }
    }
  }

  static Result run(int n, boolean profile, boolean histogram) {
    // Start from a clean heap: no collection of an earlier round's garbage during this one.
    Bench.heapAfterGc();
    long foldStart = System.nanoTime();
    Projection projection = projection(n);
    long foldNanos = System.nanoTime() - foldStart;
    String[] groups = new String[n];
    ResourceKey[] keys = new ResourceKey[n];
    for (int i = 0; i < n; i++) {
      keys[i] = ResourceKey.dataplane(MESH, name(i));
      groups[i] = MESH + "." + name(i) + "#" + ProxyKind.ENVOY.name();
    }

    // Baseline: the pure functions alone, the same N proxies.
    List<Resource> dataplanes = projection.list(ResourceKind.DATAPLANE, MESH);
    long t0 = System.nanoTime();
    ServiceEndpoints endpoints = ServiceEndpoints.index(dataplanes);
    long t1 = System.nanoTime();
    ProxyModel[] models = new ProxyModel[n];
    for (int i = 0; i < n; i++) {
      models[i] = ProxyModelBuilder.build(dataplanes.get(i), ZONE, endpoints);
    }
    long t2 = System.nanoTime();
    long sink = 0;
    int resourcesPerProxy = 0;
    for (int i = 0; i < n; i++) {
      XdsResources rendered = EnvoySidecarRenderer.render(models[i]);
      resourcesPerProxy =
          rendered.listeners().size() + rendered.clusters().size() + rendered.endpoints().size();
      sink += resourcesPerProxy;
    }
    long t3 = System.nanoTime();
    if (sink != (long) resourcesPerProxy * n) {
      throw new IllegalStateException("proxies rendered unequal resource counts");
    }
    models = null;
    endpoints = null;
    dataplanes = null;

    // The generator, from N proxies connecting until every one has a snapshot.
    long projectionHeap = Bench.heapAfterGc();
    Map<String, long[]> before = histogram ? classHistogram() : null;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    XdsSnapshots snapshots =
        new XdsSnapshots(
            projection,
            new ZoneProperties(ZONE, ZoneProperties.Mode.STANDALONE, null, null, null),
            meters);
    StackSampler sampler = profile ? new StackSampler("xds-generator", 1) : null;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      snapshots.streamOpened(groups[i], keys[i], ProxyKind.ENVOY);
    }
    for (String group : groups) {
      awaitSnapshot(snapshots, group, start);
    }
    long generatorNanos = System.nanoTime() - start;
    String profileReport = null;
    if (sampler != null) {
      sampler.close();
      profileReport = sampler.report(40, "dev.meridian", "io.envoyproxy", "com.google");
    }
    Timer timer = meters.get("xds_generation").timer();
    long timerCount = timer.count();
    double timerMean = timer.mean(TimeUnit.NANOSECONDS);
    double timerMax = timer.max(TimeUnit.NANOSECONDS);

    long withGenerator = Bench.heapAfterGc();
    String histogramReport = before == null ? null : histogramDiff(before, classHistogram(), n);
    Reference.reachabilityFence(snapshots);

    // One change: the first dataplane of svc-000 moves its inbound to another port.
    Set<String> affected =
        java.util.stream.IntStream.range(0, n)
            .filter(i -> callsService0(i % SERVICES))
            .mapToObj(i -> groups[i])
            .collect(Collectors.toSet());
    Map<String, String> endpointVersions = new HashMap<>();
    for (String group : affected) {
      endpointVersions.put(group, snapshots.cache().getSnapshot(group).endpoints().version());
    }
    String ownGroup = groups[0];
    String ownListeners = snapshots.cache().getSnapshot(ownGroup).listeners().version();
    long updateStart = System.nanoTime();
    apply(projection, update(0));
    snapshots.changed(Set.of(keys[0]));
    awaitChange(snapshots, ownGroup, s -> s.listeners().version(), ownListeners, updateStart);
    for (String group : affected) {
      awaitChange(
          snapshots, group, s -> s.endpoints().version(), endpointVersions.get(group), updateStart);
    }
    long updateNanos = System.nanoTime() - updateStart;
    snapshots.destroy();

    return new Result(
        n,
        foldNanos,
        t1 - t0,
        t2 - t1,
        t3 - t2,
        generatorNanos,
        timerCount,
        timerMean,
        timerMax,
        projectionHeap,
        withGenerator - projectionHeap,
        affected.size(),
        updateNanos,
        resourcesPerProxy,
        profileReport,
        histogramReport);
  }

  /** Whether a dataplane of service {@code s} has svc-000 among its outbounds. */
  static boolean callsService0(int s) {
    for (int k = 0; k < OUTBOUNDS; k++) {
      if ((s + 1 + k) % SERVICES == 0) {
        return true;
      }
    }
    return false;
  }

  static void awaitSnapshot(XdsSnapshots snapshots, String group, long start) {
    while (snapshots.cache().getSnapshot(group) == null) {
      checkDeadline(start, group);
      LockSupport.parkNanos(200_000);
    }
  }

  static void awaitChange(
      XdsSnapshots snapshots,
      String group,
      java.util.function.Function<Snapshot, String> version,
      String old,
      long start) {
    while (version.apply(snapshots.cache().getSnapshot(group)).equals(old)) {
      checkDeadline(start, group);
      LockSupport.parkNanos(200_000);
    }
  }

  static void checkDeadline(long start, String group) {
    if (System.nanoTime() - start > TIMEOUT_NANOS) {
      throw new IllegalStateException("no snapshot for " + group + " within 5 minutes");
    }
  }

  // ---------------------------------------------------------------- the mesh

  static String name(int i) {
    return String.format(Locale.ROOT, "dp-%05d", i);
  }

  static String service(int s) {
    return String.format(Locale.ROOT, "svc-%03d", s);
  }

  /** 10.x.y.z, one address per dataplane. */
  static String address(int i) {
    int a = i + 1;
    return "10." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
  }

  static DataplaneSpec spec(int i, int inboundPort) {
    int s = i % SERVICES;
    Map<String, String> tags =
        Map.of(
            DataplaneSpec.SERVICE_TAG,
            service(s),
            DataplaneSpec.PROTOCOL_TAG,
            s < SERVICES / 2 ? "http" : "grpc",
            DataplaneSpec.ZONE_TAG,
            ZONE);
    List<DataplaneSpec.Outbound> outbounds = new ArrayList<>(OUTBOUNDS);
    for (int k = 0; k < OUTBOUNDS; k++) {
      outbounds.add(
          new DataplaneSpec.Outbound(
              FIRST_OUTBOUND_PORT + k,
              null,
              Map.of(DataplaneSpec.SERVICE_TAG, service((s + 1 + k) % SERVICES))));
    }
    return new DataplaneSpec(
        new DataplaneSpec.Networking(
            address(i),
            null,
            List.of(
                new DataplaneSpec.Inbound(inboundPort, null, null, null, tags, null, null, null)),
            outbounds,
            null,
            null));
  }

  static Projection projection(int n) {
    Projection projection = new Projection();
    for (int i = 0; i < n; i++) {
      apply(
          projection,
          envelope(
              i, 0, new DataplaneEvent.DataplaneRegistered(MESH, name(i), spec(i, INBOUND_PORT))));
    }
    return projection;
  }

  static EventEnvelope update(int i) {
    return envelope(
        i, 1, new DataplaneEvent.DataplaneUpdated(MESH, name(i), spec(i, INBOUND_PORT + 1)));
  }

  static EventEnvelope envelope(int i, long sequence, DataplaneEvent event) {
    return new EventEnvelope(
        UUID.randomUUID().toString(),
        ZONE,
        ResourceKey.dataplane(MESH, name(i)).logKey(),
        sequence,
        Instant.now(),
        "bench",
        event);
  }

  static void apply(Projection projection, EventEnvelope envelope) {
    ApplyOutcome outcome = projection.apply(LogSource.standaloneZone(ZONE), envelope);
    if (outcome.status() != ApplyOutcome.Status.APPLIED) {
      throw new IllegalStateException("not applied: " + outcome);
    }
  }

  // ---------------------------------------------------------------- heap histogram

  /** Live objects per class (instances, bytes), from the JVM's GC.class_histogram command. */
  static Map<String, long[]> classHistogram() {
    try {
      String text =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
      Map<String, long[]> out = new HashMap<>();
      for (String line : text.split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length >= 4 && parts[0].endsWith(":")) {
          out.put(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
        }
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("class histogram failed", e);
    }
  }

  static String histogramDiff(Map<String, long[]> before, Map<String, long[]> after, int n) {
    record Row(String type, long instances, long bytes) {}
    List<Row> rows = new ArrayList<>();
    after.forEach(
        (type, counts) -> {
          long[] old = before.getOrDefault(type, new long[2]);
          rows.add(new Row(type, counts[0] - old[0], counts[1] - old[1]));
        });
    rows.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
    Bench.Table table = new Bench.Table("class", "instances", "per proxy", "bytes", "bytes/proxy");
    long total = rows.stream().mapToLong(Row::bytes).sum();
    rows.stream()
        .limit(20)
        .forEach(
            r ->
                table.row(
                    r.type(),
                    r.instances(),
                    String.format(Locale.ROOT, "%.1f", (double) r.instances() / n),
                    Bench.mib(r.bytes()),
                    String.format(Locale.ROOT, "%.0f", (double) r.bytes() / n)));
    table.row(
        "(all classes)",
        "",
        "",
        Bench.mib(total),
        String.format(Locale.ROOT, "%.0f", (double) total / n));
    return table.render();
  }
}
