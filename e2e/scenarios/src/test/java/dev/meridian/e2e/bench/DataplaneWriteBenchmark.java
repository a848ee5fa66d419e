package dev.meridian.e2e.bench;

import dev.meridian.testkit.KafkaFixture;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sustained Dataplane writes on one zone: {@code bench.clients} clients (64) each send a PUT and
 * wait for its answer (the zone answers once the write is visible in its projection), first to
 * register {@code bench.dataplanes} dataplanes (10,000), then to re-PUT random ones of them with a
 * new inbound port for {@code bench.seconds} (20).
 *
 * <p>Baseline in the same run, on the same broker: the same number of clients each producing one
 * record of a Dataplane event's size and waiting for its acknowledgement (acks=all, idempotence),
 * the zone's own producer settings, as kafka-producer-perf-test would with one record in flight per
 * client. CPU per write is the benchmark process's CPU time over the writes (broker, zone and
 * clients all live in this JVM).
 */
public final class DataplaneWriteBenchmark {
  private DataplaneWriteBenchmark() {}

  /** Services have a fixed size, so a zone grows by having more of them (as real zones do). */
  static final int INSTANCES_PER_SERVICE = 20;

  public static void main(String[] args) throws Exception {
    PutToRoutingLatencyBenchmark.quietLogs();
    int clients = Integer.getInteger("bench.clients", 64);
    int dataplanes = Integer.getInteger("bench.dataplanes", 10_000);
    int seconds = Integer.getInteger("bench.seconds", 20);
    int bulk = Integer.getInteger("bench.bulk", 0);
    int status = 1;
    try {
      run(clients, dataplanes, seconds, bulk);
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    }
    System.exit(status);
  }

  /**
   * {@code bulk} > 0: the registration phase sends {@code bulk} dataplanes per request ({@code POST
   * /apply}) instead of one {@code PUT} each; a latency sample is then one request.
   */
  static void run(int clients, int dataplanes, int seconds, int bulk) throws Exception {
    System.out.println("# DataplaneWriteBenchmark");
    System.out.println("machine: " + Bench.machine());
    KafkaFixture kafka = KafkaFixture.shared();
    System.out.println("kafka: " + kafka.description() + " at " + kafka.bootstrapServers());
    Path dataDir = Files.createTempDirectory("meridian-bench-");
    String zoneName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    ConfigurableApplicationContext zone =
        PutToRoutingLatencyBenchmark.startZone(zoneName, dataDir, kafka);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      String api = "http://127.0.0.1:" + PutToRoutingLatencyBenchmark.webPort(zone);
      PutToRoutingLatencyBenchmark.awaitStatus(api, "/meshes/default", 200, Duration.ofSeconds(60));
      System.out.printf(
          Locale.ROOT,
          "zone: %s, %d clients, %d dataplanes, %d s of updates%n",
          zoneName,
          clients,
          dataplanes,
          seconds);

      Phase kafkaBaseline =
          kafkaProduce(kafka.bootstrapServers(), clients, Math.min(seconds, 10), pool);

      AtomicInteger next = new AtomicInteger();
      Phase register =
          phase(
              pool,
              clients,
              Long.MAX_VALUE,
              () -> {
                if (bulk > 0) {
                  int first = next.getAndAdd(bulk);
                  return first < dataplanes
                      ? apply(api, first, Math.min(dataplanes, first + bulk), 8080)
                      : -1;
                }
                int i = next.getAndIncrement();
                return i < dataplanes ? write(api, i, 8080) : -1;
              });
      Phase update =
          phase(
              pool,
              clients,
              TimeUnit.SECONDS.toNanos(seconds),
              () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                return write(api, random.nextInt(dataplanes), 8081 + random.nextInt(1000));
              });

      Bench.Table table =
          new Bench.Table(
              "phase", "writes", "seconds", "writes/s", "p50", "p99", "max", "CPU per write");
      kafkaBaseline.row(table, "baseline: Kafka produce, acks=all, one in flight per client");
      register.row(
          table,
          bulk > 0
              ? "register " + dataplanes + " dataplanes, " + bulk + " per POST /apply (requests)"
              : "register " + dataplanes + " dataplanes (201)");
      if (bulk > 0) {
        System.out.printf(
            Locale.ROOT,
            "registered %d dataplanes in %.1f s: %.0f dataplanes/s%n",
            dataplanes,
            register.elapsedNanos() / 1e9,
            dataplanes / (register.elapsedNanos() / 1e9));
      }
      update.row(table, "update random dataplanes of " + dataplanes + " (200)");
      System.out.println();
      System.out.print(table.render());
      System.out.printf(
          Locale.ROOT,
          "updates / Kafka baseline: %.2fx writes/s; p99 %s vs %s%n",
          update.perSecond() / kafkaBaseline.perSecond(),
          Bench.ms(update.latency.percentile(99)),
          Bench.ms(kafkaBaseline.latency.percentile(99)));
    } finally {
      pool.shutdownNow();
      zone.close();
      PutToRoutingLatencyBenchmark.deleteRecursively(dataDir);
    }
  }

  /** One PUT of dataplane {@code i}; returns its latency, or fails on an unexpected status. */
  static long write(String api, int i, int port) {
    String name = "dp-" + i;
    long t0 = System.nanoTime();
    HttpResponse<String> response = PutToRoutingLatencyBenchmark.put(api, name, document(i, port));
    long latency = System.nanoTime() - t0;
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new IllegalStateException(
          "PUT " + name + " answered " + response.statusCode() + ": " + response.body());
    }
    return latency;
  }

  /** Dataplanes {@code from} to {@code to} (exclusive) in one POST /apply; returns its latency. */
  static long apply(String api, int from, int to, int port) throws Exception {
    StringBuilder body = new StringBuilder("[");
    for (int i = from; i < to; i++) {
      body.append(i == from ? "" : ",").append(document(i, port));
    }
    body.append(']');
    HttpRequest request =
        HttpRequest.newBuilder(java.net.URI.create(api + "/apply"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(120))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    long t0 = System.nanoTime();
    HttpResponse<String> response =
        PutToRoutingLatencyBenchmark.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    long latency = System.nanoTime() - t0;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "POST /apply answered " + response.statusCode() + ": " + response.body());
    }
    return latency;
  }

  static String document(int i, int port) {
    String name = "dp-" + i;
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "10.%d.%d.%d",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "svc-%d", "kuma.io/protocol": "http"}}],
           "outbound": [{"port": 10001, "tags": {"kuma.io/service": "svc-%d"}}]}}
        """
        .formatted(
            name,
            (i >> 16) & 255,
            (i >> 8) & 255,
            i & 255,
            port,
            i / INSTANCES_PER_SERVICE,
            (i / INSTANCES_PER_SERVICE + 1) % 1000);
  }

  /** One unit of work: its latency in nanoseconds, or negative when there is no more work. */
  interface Work {
    long run() throws Exception;
  }

  static Phase phase(ExecutorService pool, int clients, long durationNanos, Work work)
      throws Exception {
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    // Saturated: a phase without a time limit ends when its work runs out.
    long deadline = t0 + Math.min(durationNanos, TimeUnit.HOURS.toNanos(1));
    List<Future<Bench.Samples>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(
          pool.submit(
              () -> {
                Bench.Samples samples = new Bench.Samples();
                while (System.nanoTime() < deadline) {
                  long latency = work.run();
                  if (latency < 0) {
                    break;
                  }
                  samples.add(latency);
                }
                return samples;
              }));
    }
    Bench.Samples all = new Bench.Samples();
    for (Future<Bench.Samples> future : futures) {
      all.addAll(future.get(30, TimeUnit.MINUTES));
    }
    return new Phase(all, System.nanoTime() - t0, processCpuNanos() - cpu0);
  }

  record Phase(Bench.Samples latency, long elapsedNanos, long cpuNanos) {
    double perSecond() {
      return latency.count() / (elapsedNanos / 1e9);
    }

    void row(Bench.Table table, String name) {
      table.row(
          name,
          latency.count(),
          String.format(Locale.ROOT, "%.1f", elapsedNanos / 1e9),
          String.format(Locale.ROOT, "%.0f", perSecond()),
          Bench.ms(latency.percentile(50)),
          Bench.ms(latency.percentile(99)),
          Bench.ms(latency.max()),
          Bench.ms2((double) cpuNanos / Math.max(1, latency.count())));
    }
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The baseline: as many clients producing one 600-byte record at a time, for as long. */
  static Phase kafkaProduce(String bootstrap, int clients, int seconds, ExecutorService pool)
      throws Exception {
    String topic = "bench.kafka-produce." + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            0,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class);
    byte[] payload = new byte[600];
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(topic, "warm-up", payload)).get(30, TimeUnit.SECONDS);
      AtomicInteger sequence = new AtomicInteger();
      return phase(
          pool,
          clients,
          TimeUnit.SECONDS.toNanos(seconds),
          () -> {
            long t0 = System.nanoTime();
            producer
                .send(new ProducerRecord<>(topic, "dp-" + sequence.incrementAndGet(), payload))
                .get(30, TimeUnit.SECONDS);
            return System.nanoTime() - t0;
          });
    }
  }
}
