package dev.meridian.e2e.bench;

import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.xds.AvailableServices;
import dev.meridian.kernel.xds.ServiceEndpoints;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What one Dataplane write costs the zone's read side as the zone grows: the projection's fold plus
 * the two indexes a write feeds (the mesh's service endpoints, the zone's available services). Pure
 * kernel code, one thread, no network: the figures are CPU time and bytes allocated per write on
 * the calling thread, so a busy machine moves the times but not the allocation.
 *
 * <p>Zone of N dataplanes, each with one inbound of a service of {@value #INSTANCES_PER_SERVICE}
 * instances (a zone grows by having more services). Each write moves one random dataplane's inbound
 * to another port. Measured: the incremental indexes ({@code update} with the written key), and, as
 * the baseline in the same run, the same writes indexed from scratch (every dataplane of the zone,
 * as before the indexes were incremental).
 */
public final class IndexWriteCostBenchmark {
  private IndexWriteCostBenchmark() {}

  static final String ZONE = "zone-1";
  static final String MESH = "default";
  static final int INSTANCES_PER_SERVICE = 20;

  public static void main(String[] args) {
    List<Integer> sizes = parse(System.getProperty("bench.sizes", "1000,5000,10000,25000,50000"));
    int writes = Integer.getInteger("bench.writes", 20_000);
    int scratchWrites = Integer.getInteger("bench.scratchWrites", 30);
    System.out.println("# IndexWriteCostBenchmark");
    System.out.println("machine: " + Bench.machine());
    // Warm-up: the JIT compiles both paths before anything is measured.
    run(sizes.get(0), writes, scratchWrites);
    run(sizes.get(0), writes, scratchWrites);
    Bench.Table table =
        new Bench.Table(
            "dataplanes",
            "incremental: CPU per write",
            "allocated per write",
            "from scratch (baseline): CPU per write",
            "allocated per write",
            "baseline / incremental");
    List<Result> results = new ArrayList<>();
    for (int n : sizes) {
      Result result = run(n, writes, scratchWrites);
      results.add(result);
      table.row(
          String.format(Locale.ROOT, "%,d", n),
          Bench.us(result.incrementalNanos),
          bytes(result.incrementalBytes),
          Bench.us(result.scratchNanos),
          bytes(result.scratchBytes),
          Bench.ratio(result.scratchNanos / result.incrementalNanos));
    }
    System.out.println();
    System.out.print(table.render());
    Result first = results.get(0);
    Result last = results.get(results.size() - 1);
    System.out.printf(
        Locale.ROOT,
        "incremental, %,d vs %,d dataplanes: %.2fx the CPU, %.2fx the allocation per write;"
            + " from scratch: %.1fx the CPU%n",
        last.n,
        first.n,
        last.incrementalNanos / first.incrementalNanos,
        last.incrementalBytes / first.incrementalBytes,
        last.scratchNanos / first.scratchNanos);
  }

  record Result(
      int n,
      double incrementalNanos,
      double incrementalBytes,
      double scratchNanos,
      double scratchBytes) {}

  static Result run(int n, int writes, int scratchWrites) {
    Projection projection = new Projection();
    long[] sequences = new long[n];
    for (int i = 0; i < n; i++) {
      apply(
          projection,
          envelope(i, 0, new DataplaneEvent.DataplaneRegistered(MESH, name(i), spec(i, 8080))));
    }
    Function<ResourceKey, Optional<ResourceSpec>> current =
        key -> projection.get(key).map(Resource::spec);
    ServiceEndpoints endpoints = ServiceEndpoints.empty(ZONE, MESH);
    AvailableServices available = new AvailableServices();
    List<ResourceKey> all =
        projection.list(ResourceKind.DATAPLANE, MESH).stream().map(Resource::key).toList();
    endpoints.update(all, current);
    available.update(all, current);

    java.util.SplittableRandom random = new java.util.SplittableRandom(n);
    long[] cost = new long[2];
    // Half the writes warm this size up; the other half are measured.
    for (int w = 0; w < writes; w++) {
      long cpu0 = cpuNanos();
      long bytes0 = allocatedBytes();
      ResourceKey key = write(projection, sequences, random.nextInt(n), random);
      Set<ResourceKey> keys = Set.of(key);
      Set<String> changed = endpoints.update(keys, current);
      available.update(keys, current);
      available.list();
      if (changed.isEmpty()) {
        throw new IllegalStateException("a moved inbound must change its service's endpoints");
      }
      if (w >= writes / 2) {
        cost[0] += cpuNanos() - cpu0;
        cost[1] += allocatedBytes() - bytes0;
      }
    }
    double measured = writes - writes / 2;

    long[] scratch = new long[2];
    for (int w = 0; w < scratchWrites; w++) {
      long cpu0 = cpuNanos();
      long bytes0 = allocatedBytes();
      write(projection, sequences, random.nextInt(n), random);
      List<Resource> dataplanes = projection.list(ResourceKind.DATAPLANE, MESH);
      ServiceEndpoints.index(dataplanes, List.of(), ZONE, MESH).cluster(service(0));
      AvailableServices.of(projection.list(ResourceKind.DATAPLANE, null));
      if (w > 0) {
        scratch[0] += cpuNanos() - cpu0;
        scratch[1] += allocatedBytes() - bytes0;
      }
    }
    double scratchMeasured = Math.max(1, scratchWrites - 1);
    return new Result(
        n,
        cost[0] / measured,
        cost[1] / measured,
        scratch[0] / scratchMeasured,
        scratch[1] / scratchMeasured);
  }

  /** Moves dataplane {@code i}'s inbound to another port, through the fold. */
  static ResourceKey write(
      Projection projection, long[] sequences, int i, java.util.SplittableRandom random) {
    long sequence = ++sequences[i];
    apply(
        projection,
        envelope(
            i,
            sequence,
            new DataplaneEvent.DataplaneUpdated(
                MESH, name(i), spec(i, 8081 + (int) (sequence % 1000)))));
    return ResourceKey.dataplane(MESH, name(i));
  }

  static String name(int i) {
    return "dp-" + i;
  }

  static String service(int s) {
    return "svc-" + s;
  }

  static DataplaneSpec spec(int i, int port) {
    int s = i / INSTANCES_PER_SERVICE;
    return new DataplaneSpec(
        new DataplaneSpec.Networking(
            "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255),
            null,
            List.of(
                new DataplaneSpec.Inbound(
                    port,
                    null,
                    null,
                    null,
                    Map.of(
                        DataplaneSpec.SERVICE_TAG,
                        service(s),
                        DataplaneSpec.PROTOCOL_TAG,
                        "http",
                        DataplaneSpec.ZONE_TAG,
                        ZONE),
                    null,
                    null,
                    null)),
            List.of(
                new DataplaneSpec.Outbound(
                    10001, null, Map.of(DataplaneSpec.SERVICE_TAG, service(s + 1)))),
            null,
            null));
  }

  static EventEnvelope envelope(int i, long sequence, DataplaneEvent event) {
    return new EventEnvelope(
        "event-" + i + "-" + sequence,
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

  static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  static String bytes(double bytes) {
    return bytes >= 1 << 20
        ? Bench.mib(bytes)
        : bytes >= 1 << 10 ? Bench.kib(bytes) : String.format(Locale.ROOT, "%.0f B", bytes);
  }

  static List<Integer> parse(String sizes) {
    return java.util.Arrays.stream(sizes.split(","))
        .map(String::trim)
        .map(Integer::valueOf)
        .toList();
  }
}
