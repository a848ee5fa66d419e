package dev.meridian.e2e.bench;

import ch.qos.logback.classic.Level;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.testkit.grpc.EchoServers;
import dev.meridian.testkit.grpc.EchoServers.Echo;
import dev.meridian.testkit.grpc.XdsClients;
import dev.meridian.zone.ZoneCpApplication;
import dev.meridian.zone.xds.DataplaneServer;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * From a user's {@code PUT} of a Dataplane to the moment a proxyless gRPC client's calls land where
 * that Dataplane now points, through everything in between: REST API, aggregate, event store,
 * outbox publisher, Kafka, projection, xDS generator, ADS push, grpc-java's xDS client. Baseline in
 * the same run: the raw produce → consume latency of the same Kafka broker with the zone's own
 * client settings.
 *
 * <p>One zone started in this JVM as users start it (same main class and keys), a real broker
 * ({@link KafkaFixture}, in-JVM KRaft unless told otherwise), two echo gRPC servers and one client
 * dataplane calling service {@code bench} through {@code xds:///bench}. Each change re-PUTs the
 * {@code bench} dataplane with its inbound on the other echo server.
 *
 * <p>Run (see docs/benchmarks.md): {@code mvn -B -q -Pbench -pl e2e/scenarios -am
 * process-test-classes -Dbench=dev.meridian.e2e.bench.PutToRoutingLatencyBenchmark}. System
 * properties: {@code bench.changes} (default 100, at least 50), {@code bench.kafkaSamples} (default
 * 300, at least 200).
 */
public final class PutToRoutingLatencyBenchmark {
  static final long TARGET_P99_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  static final long CHANGE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final int MAX_CALLS_PER_CHANGE = 200_000;
  static final long CALL_DEADLINE_MILLIS = 200;
  static final int WARMUP_CHANGES = 5;
  static final int WARMUP_KAFKA = 50;

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private PutToRoutingLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    quietLogs();
    int changes = Math.max(50, Integer.getInteger("bench.changes", 100));
    int kafkaSamples = Math.max(200, Integer.getInteger("bench.kafkaSamples", 300));
    int status = 1;
    try {
      run(changes, kafkaSamples);
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    }
    System.exit(status);
  }

  static void run(int changes, int kafkaSamples) throws Exception {
    // 0: a tight loop. A pause leaves the zone more of a 2-core machine (a sensitivity check).
    long pollPauseNanos = TimeUnit.MICROSECONDS.toNanos(Long.getLong("bench.pollPauseMicros", 0));
    System.out.println("# PutToRoutingLatencyBenchmark");
    System.out.println("machine: " + Bench.machine());
    KafkaFixture kafka = KafkaFixture.shared();
    System.out.println("kafka: " + kafka.description() + " at " + kafka.bootstrapServers());

    Path dataDir = Files.createTempDirectory("meridian-bench-");
    String zoneName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    ConfigurableApplicationContext zone = startZone(zoneName, dataDir, kafka);
    Echo[] echo = {EchoServers.start("echo-a"), EchoServers.start("echo-b")};
    ManagedChannel channel = null;
    try {
      String api = "http://127.0.0.1" + ":" + webPort(zone);
      int adsPort = zone.getBean(DataplaneServer.class).port();
      awaitStatus(api, "/meshes/default", 200, Duration.ofSeconds(60));
      System.out.println("zone: " + zoneName + " API " + api + ", ADS 127.0.0.1:" + adsPort);

      Bench.Samples kafkaLatency = kafkaRoundTrips(kafka.bootstrapServers(), kafkaSamples);

      expect(put(api, "bench-1", backend("bench-1", echo[0].port())), 201, 200);
      expect(put(api, "client-1", client("client-1", "bench")), 201, 200);
      channel = XdsClients.channel(adsPort, "default", "client-1", "bench");
      awaitAnswer(channel, echo[0].name(), Duration.ofSeconds(30));

      TopicObserver observer =
          TopicObserver.start(kafka.bootstrapServers(), "meridian.zone." + zoneName, "/bench-1");
      Bench.Samples putToTopic = new Bench.Samples();
      Bench.Samples putResponse = new Bench.Samples();
      Bench.Samples putToRouting = new Bench.Samples();
      long calls = 0;
      long failedCalls = 0;
      int timeouts = 0;
      int current = 0;
      for (int i = 0; i < WARMUP_CHANGES + changes; i++) {
        int next = 1 - current;
        Echo target = echo[next];
        String body = backend("bench-1", target.port());
        long t0 = System.nanoTime();
        CompletableFuture<long[]> response =
            HTTP.sendAsync(putRequest(api, "bench-1", body), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new long[] {System.nanoTime(), r.statusCode()});
        long answered = -1;
        int n = 0;
        int failed = 0;
        while (n < MAX_CALLS_PER_CHANGE && System.nanoTime() - t0 < CHANGE_TIMEOUT_NANOS) {
          n++;
          try {
            if (EchoServers.who(channel, CALL_DEADLINE_MILLIS).equals(target.name())) {
              answered = System.nanoTime();
              break;
            }
          } catch (StatusRuntimeException e) {
            failed++;
          }
          if (pollPauseNanos > 0) {
            LockSupport.parkNanos(pollPauseNanos);
          }
        }
        long[] put = response.get(30, TimeUnit.SECONDS);
        if (put[1] != 200) {
          throw new IllegalStateException("PUT bench-1 answered " + put[1]);
        }
        boolean measured = i >= WARMUP_CHANGES;
        long onTopic = observer.firstAfter(t0, Duration.ofSeconds(10));
        if (measured) {
          putToTopic.add(onTopic - t0);
          calls += n;
          failedCalls += failed;
          putResponse.add(put[0] - t0);
          if (answered < 0) {
            timeouts++;
          } else {
            putToRouting.add(answered - t0);
          }
        }
        if (answered < 0) {
          // Do not start the next change before traffic has followed this one.
          awaitAnswer(channel, target.name(), Duration.ofSeconds(30));
        }
        current = next;
        Bench.sleep(100);
      }
      observer.close();
      report(
          kafkaLatency,
          putToTopic,
          putResponse,
          putToRouting,
          calls,
          failedCalls,
          timeouts,
          changes);
    } finally {
      if (channel != null) {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
      zone.close();
      for (Echo e : echo) {
        e.close();
      }
      deleteRecursively(dataDir);
    }
  }

  static void report(
      Bench.Samples kafka,
      Bench.Samples putToTopic,
      Bench.Samples putResponse,
      Bench.Samples putToRouting,
      long calls,
      long failedCalls,
      int timeouts,
      int changes) {
    System.out.println();
    Bench.Table table =
        new Bench.Table("measurement", "samples", "p50", "p90", "p99", "max", "mean");
    row(table, "baseline: Kafka produce -> consume (acks=all, same broker)", kafka);
    row(table, "  breakdown: PUT -> event read back from the zone's topic", putToTopic);
    row(table, "  breakdown: PUT -> API response (event in projection)", putResponse);
    row(table, "PUT -> client calls answered by the new server", putToRouting);
    System.out.print(table.render());
    System.out.println();
    double ratio = (double) putToRouting.percentile(99) / kafka.percentile(99);
    System.out.printf(
        Locale.ROOT, "p99(PUT -> routing) / p99(Kafka produce -> consume) = %.1fx%n", ratio);
    System.out.printf(
        Locale.ROOT,
        "polling: %d calls over %d changes (%.0f per change), %d failed calls, %d changes not"
            + " routed within 10 s%n",
        calls,
        changes,
        (double) calls / changes,
        failedCalls,
        timeouts);
    int quarter = putToRouting.count() / 4;
    System.out.printf(
        Locale.ROOT,
        "trend: PUT -> API response mean %s over the first %d changes, %s over the last %d"
            + " (one aggregate, its history growing by one event per change)%n",
        Bench.ms(putResponse.mean(0, quarter)),
        quarter,
        Bench.ms(putResponse.mean(putResponse.count() - quarter, putResponse.count())),
        quarter);
    long p99 = putToRouting.percentile(99);
    System.out.printf(
        Locale.ROOT,
        "target: p99(PUT -> routing) < 250 ms including the Kafka round trip: %s (p99 %s)%n",
        timeouts == 0 && p99 < TARGET_P99_NANOS ? "MET" : "MISSED",
        Bench.ms(p99));
  }

  static void row(Bench.Table table, String name, Bench.Samples samples) {
    table.row(
        name,
        samples.count(),
        Bench.ms(samples.percentile(50)),
        Bench.ms(samples.percentile(90)),
        Bench.ms(samples.percentile(99)),
        Bench.ms(samples.max()),
        Bench.ms(samples.mean()));
  }

  // ---------------------------------------------------------------- Kafka baseline

  /**
   * One record at a time on a fresh one-partition topic: time from {@code send} until a consumer
   * assigned to the partition polls it. Producer and consumer are configured as the zone's own
   * (acks=all, idempotence, linger 0; read_committed, no group).
   */
  static Bench.Samples kafkaRoundTrips(String bootstrap, int samples) throws Exception {
    String topic = "bench.kafka-latency." + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> producerConfig =
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
    Map<String, Object> consumerConfig =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class);
    Bench.Samples latency = new Bench.Samples();
    // About the size of a Dataplane event on the zone's topic.
    byte[] payload = new byte[600];
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      consumer.poll(Duration.ofMillis(100));
      for (int i = 0; i < WARMUP_KAFKA + samples; i++) {
        String key = "k-" + i;
        long t0 = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, 0, key, payload));
        long received = -1;
        while (received < 0 && System.nanoTime() - t0 < CHANGE_TIMEOUT_NANOS) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            if (record.key().equals(key)) {
              received = System.nanoTime();
            }
          }
        }
        if (received < 0) {
          throw new IllegalStateException("record " + key + " not consumed within 10 s");
        }
        if (i >= WARMUP_KAFKA) {
          latency.add(received - t0);
        }
      }
    }
    return latency;
  }

  // ---------------------------------------------------------------- the zone and its API

  static ConfigurableApplicationContext startZone(String zone, Path dataDir, KafkaFixture kafka) {
    // As RunningZone does in zone-cp's tests: the user's main class, command-line arguments.
    String[] args = {
      "--meridian.zone=" + zone,
      "--meridian.data-dir=" + dataDir,
      "--meridian.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
      "--server.port=0",
      "--server.address=127.0.0.1",
      "--meridian.dataplane-server.port=0",
      "--logging.level.root=WARN",
    };
    return new SpringApplicationBuilder(ZoneCpApplication.class).run(args);
  }

  static int webPort(ConfigurableApplicationContext zone) {
    return ((WebServerApplicationContext) zone).getWebServer().getPort();
  }

  static String backend(String name, int port) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "127.0.0.1",
           "inbound": [{"port": %d, "tags": {"kuma.io/service": "bench", "kuma.io/protocol": "grpc"}}]}}
        """
        .formatted(name, port);
  }

  static String client(String name, String service) {
    return """
        {"type": "Dataplane", "mesh": "default", "name": "%s",
         "networking": {"address": "127.0.0.1",
           "inbound": [{"port": 19999, "tags": {"kuma.io/service": "%s"}}],
           "outbound": [{"port": 10001, "tags": {"kuma.io/service": "%s"}}]}}
        """
        .formatted(name, name, service);
  }

  static HttpRequest putRequest(String api, String name, String body) {
    return HttpRequest.newBuilder(URI.create(api + "/meshes/default/dataplanes/" + name))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .PUT(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  static HttpResponse<String> put(String api, String name, String body) {
    try {
      return HTTP.send(putRequest(api, name, body), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void expect(HttpResponse<String> response, int... statuses) {
    for (int status : statuses) {
      if (response.statusCode() == status) {
        return;
      }
    }
    throw new IllegalStateException(
        response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
  }

  static void awaitStatus(String api, String path, int status, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(api + path))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == status) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Bench.sleep(200);
    }
    throw new IllegalStateException(path + " did not answer " + status + " within " + timeout);
  }

  /** Calls (bounded in time) until {@code server} answers. */
  static void awaitAnswer(ManagedChannel channel, String server, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (EchoServers.who(channel, 1000).equals(server)) {
          return;
        }
      } catch (StatusRuntimeException e) {
        Bench.sleep(50);
      }
    }
    throw new IllegalStateException(server + " never answered within " + timeout);
  }

  /**
   * Notes when records about one resource arrive on a topic (a consumer of its own, polling in a
   * background thread), to split the PUT's latency at the log.
   */
  static final class TopicObserver implements AutoCloseable {
    private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final String keySuffix;
    private final Thread thread;
    private volatile boolean running = true;

    private TopicObserver(KafkaConsumer<String, byte[]> consumer, String keySuffix) {
      this.consumer = consumer;
      this.keySuffix = keySuffix;
      this.thread = new Thread(this::run, "topic-observer");
      thread.setDaemon(true);
    }

    static TopicObserver start(String bootstrap, String topic, String keySuffix) {
      KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                  false,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed",
                  ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                  StringDeserializer.class,
                  ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                  ByteArrayDeserializer.class));
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      TopicObserver observer = new TopicObserver(consumer, keySuffix);
      observer.thread.start();
      return observer;
    }

    private void run() {
      try {
        while (running) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            if (record.key() != null && record.key().endsWith(keySuffix)) {
              arrivals.add(System.nanoTime());
            }
          }
        }
      } catch (WakeupException e) {
        // closing
      } finally {
        consumer.close(Duration.ofSeconds(5));
      }
    }

    /** The first arrival after {@code t0}, waiting (bounded) for it. */
    long firstAfter(long t0, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        Long arrival = arrivals.poll();
        if (arrival != null && arrival >= t0) {
          return arrival;
        }
        if (arrival == null) {
          Bench.sleep(1);
        }
      }
      throw new IllegalStateException("no record for *" + keySuffix + " within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      consumer.wakeup();
      thread.join(10_000);
    }
  }

  // ---------------------------------------------------------------- housekeeping

  /** Before Spring Boot configures logging, the broker and clients would log at DEBUG. */
  static void quietLogs() {
    Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(Level.WARN);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
