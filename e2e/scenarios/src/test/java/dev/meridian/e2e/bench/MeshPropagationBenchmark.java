package dev.meridian.e2e.bench;

import dev.meridian.global.GlobalCpApplication;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.zone.ZoneCpApplication;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * From a user's {@code PUT} of a Mesh on the global control plane to the moment both zones'
 * projections hold it: global's REST API, aggregate, event store, outbox publisher, the {@code
 * meridian.global} topic, and each zone's projection feed. Baseline in the same run: the raw
 * produce → consume latency of the same broker with the control planes' own client settings.
 *
 * <p>One broker ({@link KafkaFixture}, in-JVM KRaft unless told otherwise), global and two zones in
 * multizone mode ({@code bench-a}, {@code bench-b}), all three started in this JVM as users start
 * them (same main classes and keys), each a Spring context of its own. A zone's arrival is read in
 * process from its {@link Projection} bean ({@code meshExists}), so the clock stops within one
 * polling interval of the fold.
 *
 * <p>Run (see docs/benchmarks.md): {@code mvn -B -q -Pbench -pl e2e/scenarios -am
 * process-test-classes -Dbench=dev.meridian.e2e.bench.MeshPropagationBenchmark}. System properties
 * (through {@code -Dbench.jvmArgs}): {@code bench.meshes} (default 100, at least 100), {@code
 * bench.kafkaSamples} (default 300, at least 200), {@code bench.pollPauseMicros} (pause between two
 * reads of the projections, default 50; 0 spins), {@code bench.warmups} (default 5, at least 5),
 * {@code bench.trace} (true: one line per measured mesh).
 */
public final class MeshPropagationBenchmark {
  static final String ZONE_A = "bench-a";
  static final String ZONE_B = "bench-b";
  static final int MIN_WARMUP_MESHES = 5;
  static final long MESH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final long MAX_POLLS_PER_MESH = 500_000_000L;
  static final long PAUSE_BETWEEN_MESHES_MILLIS = 100;

  private MeshPropagationBenchmark() {}

  public static void main(String[] args) {
    PutToRoutingLatencyBenchmark.quietLogs();
    int meshes = Math.max(100, Integer.getInteger("bench.meshes", 100));
    int kafkaSamples = Math.max(200, Integer.getInteger("bench.kafkaSamples", 300));
    int warmups = Math.max(MIN_WARMUP_MESHES, Integer.getInteger("bench.warmups", 5));
    long pollPauseNanos = TimeUnit.MICROSECONDS.toNanos(Long.getLong("bench.pollPauseMicros", 50));
    int status = 1;
    try {
      run(meshes, warmups, kafkaSamples, pollPauseNanos);
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    }
    System.exit(status);
  }

  static void run(int meshes, int warmups, int kafkaSamples, long pollPauseNanos) throws Exception {
    System.out.println("# MeshPropagationBenchmark");
    System.out.println("machine: " + Bench.machine());
    KafkaFixture kafka = KafkaFixture.shared();
    System.out.println("kafka: " + kafka.description() + " at " + kafka.bootstrapServers());

    List<Path> dataDirs = new ArrayList<>();
    List<ConfigurableApplicationContext> apps = new ArrayList<>();
    try {
      Path globalDir = tempDir("meridian-bench-global-", dataDirs);
      long started = System.nanoTime();
      ConfigurableApplicationContext global = startGlobal(globalDir, kafka);
      apps.add(global);
      String api = "http://127.0.0.1:" + webPort(global);
      PutToRoutingLatencyBenchmark.awaitStatus(
          api, "/actuator/health/readiness", 200, Duration.ofSeconds(60));
      Projection globalProjection = global.getBean(Projection.class);
      awaitMesh("global", globalProjection, "default", Duration.ofSeconds(60));

      ConfigurableApplicationContext zoneA =
          startZone(ZONE_A, tempDir("meridian-bench-a-", dataDirs), kafka, api);
      apps.add(zoneA);
      ConfigurableApplicationContext zoneB =
          startZone(ZONE_B, tempDir("meridian-bench-b-", dataDirs), kafka, api);
      apps.add(zoneB);
      Projection a = zoneA.getBean(Projection.class);
      Projection b = zoneB.getBean(Projection.class);
      awaitMesh(ZONE_A, a, "default", Duration.ofSeconds(60));
      awaitMesh(ZONE_B, b, "default", Duration.ofSeconds(60));
      System.out.printf(
          Locale.ROOT,
          "global API %s; zones %s (API :%d) and %s (API :%d) see mesh default; %.1f s to start"
              + " all three%n",
          api,
          ZONE_A,
          webPort(zoneA),
          ZONE_B,
          webPort(zoneB),
          (System.nanoTime() - started) / 1e9);
      for (ConfigurableApplicationContext app : apps) {
        System.out.println(
            "  "
                + app.getEnvironment().getProperty("spring.application.name")
                + ": meridian.zone="
                + app.getEnvironment().getProperty("meridian.zone", "-")
                + ", meridian.mode="
                + app.getEnvironment().getProperty("meridian.mode", "-")
                + ", config "
                + app.getEnvironment().getProperty("spring.config.location"));
      }

      CpuWindow kafkaCpu = CpuWindow.open();
      Bench.Samples kafkaLatency =
          PutToRoutingLatencyBenchmark.kafkaRoundTrips(kafka.bootstrapServers(), kafkaSamples);
      String kafkaCpuUse = kafkaCpu.close();

      // bench-<i> unless the global topic already holds such meshes (a reused external broker).
      String prefix =
          globalProjection.meshExists("bench-0")
              ? "bench-" + UUID.randomUUID().toString().substring(0, 6) + "-"
              : "bench-";
      PutToRoutingLatencyBenchmark.TopicObserver observer =
          PutToRoutingLatencyBenchmark.TopicObserver.start(
              kafka.bootstrapServers(), LogSource.GLOBAL_TOPIC, "");
      Bench.Samples onTopic = new Bench.Samples();
      Bench.Samples response = new Bench.Samples();
      Bench.Samples inA = new Bench.Samples();
      Bench.Samples inB = new Bench.Samples();
      Bench.Samples inBoth = new Bench.Samples();
      Bench.Samples spread = new Bench.Samples();
      long polls = 0;
      int timeouts = 0;
      int zonesBeforeResponse = 0;
      CpuWindow meshCpu = null;
      boolean trace = Boolean.getBoolean("bench.trace");
      for (int i = 0; i < warmups + meshes; i++) {
        if (i == warmups) {
          meshCpu = CpuWindow.open();
        }
        String name = prefix + i;
        HttpRequest put = putMesh(api, name);
        long t0 = System.nanoTime();
        CompletableFuture<long[]> answer =
            PutToRoutingLatencyBenchmark.HTTP
                .sendAsync(put, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new long[] {System.nanoTime(), r.statusCode()});
        long atA = -1;
        long atB = -1;
        long n = 0;
        while ((atA < 0 || atB < 0)
            && n < MAX_POLLS_PER_MESH
            && System.nanoTime() - t0 < MESH_TIMEOUT_NANOS) {
          n++;
          if (atA < 0 && a.meshExists(name)) {
            atA = System.nanoTime();
          }
          if (atB < 0 && b.meshExists(name)) {
            atB = System.nanoTime();
          }
          if (pollPauseNanos > 0) {
            LockSupport.parkNanos(pollPauseNanos);
          } else {
            Thread.onSpinWait();
          }
        }
        long[] answered = answer.get(30, TimeUnit.SECONDS);
        if (answered[1] != 201) {
          throw new IllegalStateException("PUT /meshes/" + name + " answered " + answered[1]);
        }
        long published = observer.firstAfter(t0, Duration.ofSeconds(10));
        if (i >= warmups) {
          polls += n;
          onTopic.add(published - t0);
          response.add(answered[0] - t0);
          if (atA < 0 || atB < 0) {
            timeouts++;
          } else {
            long both = Math.max(atA, atB);
            inA.add(atA - t0);
            inB.add(atB - t0);
            inBoth.add(both - t0);
            spread.add(Math.abs(atA - atB));
            if (both < answered[0]) {
              zonesBeforeResponse++;
            }
            if (trace) {
              System.out.printf(
                  Locale.ROOT,
                  "trace %s: topic %s, response %s, A %s, B %s%n",
                  name,
                  Bench.ms(published - t0),
                  Bench.ms(answered[0] - t0),
                  Bench.ms(atA - t0),
                  Bench.ms(atB - t0));
            }
          }
        }
        if (atA < 0 || atB < 0) {
          // Do not start the next mesh before both zones have this one.
          awaitMesh(ZONE_A, a, name, Duration.ofSeconds(30));
          awaitMesh(ZONE_B, b, name, Duration.ofSeconds(30));
        }
        Bench.sleep(PAUSE_BETWEEN_MESHES_MILLIS);
      }
      String meshCpuUse = meshCpu.close();
      observer.close();
      System.out.println();
      System.out.println("cpu during the Kafka baseline: " + kafkaCpuUse);
      System.out.println("cpu during the measured PUTs:  " + meshCpuUse);
      report(
          kafkaLatency,
          onTopic,
          response,
          inA,
          inB,
          inBoth,
          spread,
          polls,
          timeouts,
          zonesBeforeResponse,
          meshes,
          pollPauseNanos);
    } finally {
      // Zones first, then global: the reverse of starting.
      for (int i = apps.size() - 1; i >= 0; i--) {
        apps.get(i).close();
      }
      dataDirs.forEach(PutToRoutingLatencyBenchmark::deleteRecursively);
    }
  }

  static void report(
      Bench.Samples kafka,
      Bench.Samples onTopic,
      Bench.Samples response,
      Bench.Samples inA,
      Bench.Samples inB,
      Bench.Samples inBoth,
      Bench.Samples spread,
      long polls,
      int timeouts,
      int zonesBeforeResponse,
      int meshes,
      long pollPauseNanos) {
    System.out.println();
    Bench.Table table =
        new Bench.Table("measurement", "samples", "p50", "p90", "p99", "max", "mean");
    PutToRoutingLatencyBenchmark.row(
        table, "baseline: Kafka produce -> consume (acks=all, same broker)", kafka);
    PutToRoutingLatencyBenchmark.row(
        table, "  breakdown: PUT -> MeshCreated read back from meridian.global", onTopic);
    PutToRoutingLatencyBenchmark.row(
        table, "PUT -> global API response (mesh in global's projection)", response);
    PutToRoutingLatencyBenchmark.row(table, "PUT -> applied in zone A (" + ZONE_A + ")", inA);
    PutToRoutingLatencyBenchmark.row(table, "PUT -> applied in zone B (" + ZONE_B + ")", inB);
    PutToRoutingLatencyBenchmark.row(table, "PUT -> applied in both zones", inBoth);
    PutToRoutingLatencyBenchmark.row(table, "  |zone A - zone B|", spread);
    System.out.print(table.render());
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "p99(PUT -> both zones) / p99(Kafka produce -> consume) = %.1fx%n",
        (double) inBoth.percentile(99) / kafka.percentile(99));
    System.out.printf(
        Locale.ROOT,
        "polling: pause %d µs, %d reads of both projections over %d meshes (%.0f per mesh, one"
            + " per %s on average), %d meshes not in both zones within 10 s%n",
        TimeUnit.NANOSECONDS.toMicros(pollPauseNanos),
        polls,
        meshes,
        (double) polls / meshes,
        Bench.us(inBoth.mean() * inBoth.count() / Math.max(1, polls)),
        timeouts);
    System.out.printf(
        Locale.ROOT,
        "both zones had the mesh before global's API answered in %d of %d PUTs%n",
        zonesBeforeResponse,
        inBoth.count());
    int quarter = inBoth.count() / 4;
    System.out.printf(
        Locale.ROOT,
        "trend: PUT -> both zones mean %s over the first %d meshes, %s over the last %d (each zone"
            + " holding one more mesh each time)%n",
        Bench.ms(inBoth.mean(0, quarter)),
        quarter,
        Bench.ms(inBoth.mean(inBoth.count() - quarter, inBoth.count())),
        quarter);
  }

  // ---------------------------------------------------------------- the control planes

  /**
   * Both apps have an {@code application.yml} at the root of their classpath, and this JVM's
   * classpath holds both: each app is pointed at its own, or the first on the classpath would
   * configure both.
   */
  static String ownConfig(Class<?> application) {
    URL location = application.getProtectionDomain().getCodeSource().getLocation();
    try {
      Path path = Path.of(location.toURI());
      if (Files.isDirectory(path)) {
        return "file:" + path.resolve("application.yml");
      }
      return "jar:" + location + "!/application.yml";
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ConfigurableApplicationContext startGlobal(Path dataDir, KafkaFixture kafka) {
    // As GlobalCpIT does: the user's main class, command-line arguments.
    return new SpringApplicationBuilder(GlobalCpApplication.class)
        .run(
            "--spring.config.location=" + ownConfig(GlobalCpApplication.class),
            "--meridian.data-dir=" + dataDir,
            "--meridian.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--spring.jmx.enabled=false",
            "--logging.level.root=WARN");
  }

  static ConfigurableApplicationContext startZone(
      String zone, Path dataDir, KafkaFixture kafka, String globalApi) {
    // As RunningZone and MultizoneZoneIT do, in multizone mode.
    return new SpringApplicationBuilder(ZoneCpApplication.class)
        .run(
            "--spring.config.location=" + ownConfig(ZoneCpApplication.class),
            "--meridian.zone=" + zone,
            "--meridian.mode=multizone",
            "--meridian.global-control-plane=" + globalApi,
            "--meridian.data-dir=" + dataDir,
            "--meridian.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--meridian.dataplane-server.port=0",
            "--spring.jmx.enabled=false",
            "--logging.level.root=WARN");
  }

  static int webPort(ConfigurableApplicationContext app) {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  static HttpRequest putMesh(String api, String name) {
    return HttpRequest.newBuilder(URI.create(api + "/meshes/" + name))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .PUT(
            HttpRequest.BodyPublishers.ofString("{\"type\": \"Mesh\", \"name\": \"" + name + "\"}"))
        .build();
  }

  /** Polls (bounded in time) until {@code projection} holds {@code mesh}. */
  static void awaitMesh(String who, Projection projection, String mesh, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!projection.meshExists(mesh)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(who + " did not see mesh " + mesh + " within " + timeout);
      }
      Bench.sleep(20);
    }
  }

  /**
   * CPU use over a window: this JVM's (process CPU time) and the whole machine's (from {@code
   * /proc/stat}, when readable), in cores, so contention from other processes shows.
   */
  static final class CpuWindow {
    private final long wall = System.nanoTime();
    private final long process = processCpuNanos();
    private final long[] machine = machineTicks();

    static CpuWindow open() {
      return new CpuWindow();
    }

    String close() {
      double seconds = (System.nanoTime() - wall) / 1e9;
      double own = (processCpuNanos() - process) / 1e9 / seconds;
      long[] now = machineTicks();
      String all = "?";
      if (machine != null && now != null && now[0] > machine[0]) {
        double busyShare = (double) (now[1] - machine[1]) / (now[0] - machine[0]);
        all =
            String.format(
                Locale.ROOT, "%.2f", busyShare * Runtime.getRuntime().availableProcessors());
      }
      return String.format(
          Locale.ROOT,
          "this JVM %.2f cores, whole machine %s cores busy of %d, over %.1f s",
          own,
          all,
          Runtime.getRuntime().availableProcessors(),
          seconds);
    }

    private static long processCpuNanos() {
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        return os.getProcessCpuTime();
      }
      return 0;
    }

    /** {total, busy} jiffies of the first line of /proc/stat, or null. */
    private static long[] machineTicks() {
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total, total - idle};
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
  }

  static Path tempDir(String prefix, List<Path> created) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    created.add(dir);
    return dir;
  }
}
