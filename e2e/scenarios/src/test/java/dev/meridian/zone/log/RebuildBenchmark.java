package dev.meridian.zone.log;

import dev.meridian.e2e.bench.Bench;
import dev.meridian.kernel.event.DataplaneEvent;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecord;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MeshEvent;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.log.FeedObserver;
import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.kernel.log.LogCut;
import dev.meridian.kernel.log.LogFollower;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.PositionedRecord;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.runtime.log.KafkaClients;
import dev.meridian.runtime.log.KafkaLogReader;
import dev.meridian.runtime.settings.KafkaSettings;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.zone.config.ZoneProperties;
import dev.meridian.zone.config.ZoneRole;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Full rebuild of a zone's projection from a log of {@code bench.events} (default 1,000,000)
 * events, next to Kafka's own consumer throughput on the same topic in the same run.
 *
 * <p>The log: one standalone zone's topic (3 partitions) with 10 meshes, {@code bench.dataplanes}
 * (default 50,000) dataplanes registered, then updates round-robin over them (every 20th one a
 * deregistration followed later by a registration again) until the event count is reached. The
 * rebuild is the zone's own path: {@link KafkaLogReader} reading from the beginning into the
 * kernel's {@link LogFollower} and {@link Projection}, as a zone with an empty data folder does.
 * Two baselines on the same topic in the same run: Kafka's own {@code kafka-consumer-perf-test},
 * compared with a rebuild that, like it, runs in a JVM of its own ({@link RebuildOnce}); and the
 * reader's consumer settings in a loop in this JVM that only counts records, compared with rebuilds
 * in this JVM.
 */
public final class RebuildBenchmark {
  static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
  static final int DATAPLANES = Integer.getInteger("bench.dataplanes", 50_000);
  static final int MESHES = 10;
  static final String ZONE = "rebuild-bench";

  /** Rebuilds after the first; the fastest is reported, as the faster consumer run is. */
  static final int WARM_RUNS = Integer.getInteger("bench.warmRuns", 2);

  /** Turns of kafka-consumer-perf-test and of a rebuild, each in a JVM of its own (at least 1). */
  static final int FRESH_RUNS = Math.max(1, Integer.getInteger("bench.freshRuns", 2));

  /** The same options for both programs started in a JVM of their own. */
  static final List<String> CHILD_JVM_ARGS =
      List.of(System.getProperty("bench.childJvmArgs", "-Xms2g -Xmx2g").trim().split("\\s+"));

  /** false: only the rebuild and its baseline (e.g. when profiling the rebuild). */
  static final boolean COMPARE = !"false".equals(System.getProperty("bench.compare"));

  public static void main(String[] args) throws Exception {
    System.out.println("machine: " + Bench.machine());
    KafkaFixture kafka = KafkaFixture.shared();
    LogSource source = LogSource.standaloneZone(ZONE);
    String topic = source.topic();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    long t0 = System.nanoTime();
    long bytes = generate(kafka.bootstrapServers(), topic);
    System.out.printf(
        "generated %,d events (%s) in %s%n",
        EVENTS, Bench.mib(bytes), Bench.ms(System.nanoTime() - t0));

    KafkaLogReader reader = new KafkaLogReader(clients(kafka.bootstrapServers()));
    Map<LogPosition, Long> end = reader.endOffsets(Set.of(topic));

    double warmUp = rawConsumer(kafka.bootstrapServers(), topic); // warms the broker's page cache
    double raw1 = rawConsumer(kafka.bootstrapServers(), topic);
    // Each in a JVM of its own, taking turns: Kafka's own tool and a restarted zone's rebuild.
    double perfTest = 0;
    double freshRebuild = 0;
    String freshChecksum = null;
    for (int i = 0; i < FRESH_RUNS; i++) {
      perfTest = Math.max(perfTest, consumerPerfTest(kafka.bootstrapServers(), topic));
      String[] fresh = rebuildInFreshJvm(kafka.bootstrapServers());
      freshRebuild = Math.max(freshRebuild, Double.parseDouble(fresh[0]));
      if (freshChecksum != null && !freshChecksum.equals(fresh[1])) {
        throw new IllegalStateException("two rebuilds of one log differ");
      }
      freshChecksum = fresh[1];
    }
    // A zone rebuilds once, in a fresh JVM: the first run is that. The second shows the same
    // code compiled, as the count-only loop is by then.
    Rebuild cold = rebuild(reader, end, source);
    Bench.heapAfterGc();
    long heapBefore = Bench.heapAfterGc();
    Rebuild warm = rebuild(reader, end, source);
    long heapAfter = Bench.heapAfterGc();
    for (int i = 1; i < WARM_RUNS; i++) {
      Rebuild again = rebuild(reader, end, source);
      if (again.seconds() < warm.seconds()) {
        warm = new Rebuild(warm.projection(), again.seconds(), again.applied(), again.superseded());
      }
    }
    Projection projection = warm.projection();
    String checksum = projection.checksum();
    if (!cold.projection().checksum().equals(checksum) || !checksum.equals(freshChecksum)) {
      throw new IllegalStateException("two rebuilds of one log differ");
    }
    double coldSeconds = cold.seconds();
    cold = null;
    double raw2 = rawConsumer(kafka.bootstrapServers(), topic);
    double rebuildSeconds = warm.seconds();

    if (!COMPARE) {
      System.out.printf(
          "own JVM: rebuild %,.0f, kafka-consumer-perf-test %,.0f records/s (%s);"
              + " this JVM: rebuild cold %,.0f, warm %,.0f; consumer %,.0f / %,.0f records/s%n",
          freshRebuild,
          perfTest,
          Bench.ratio(freshRebuild / perfTest),
          EVENTS / coldSeconds,
          EVENTS / rebuildSeconds,
          raw1,
          raw2);
      kafka.close();
      System.exit(0);
    }
    // The same log with every event decoded and folded (what the audit reads): the projection
    // must be identical.
    long everyStart = System.nanoTime();
    Projection everyEvent = new Projection();
    LogFollower everyFollower =
        new LogFollower(everyEvent, List.of(source), counting(new AtomicLong(), new AtomicLong()));
    everyFollower.catchUpTo(end);
    reader.read(end, everyFollower::apply);
    double everySeconds = (System.nanoTime() - everyStart) / 1e9;
    if (!everyEvent.checksum().equals(checksum)) {
      throw new IllegalStateException(
          "rebuilds differ: " + checksum + " vs every event " + everyEvent.checksum());
    }
    everyEvent = null;

    // Where the time goes: the same work in phases, from records held in memory.
    List<PositionedRecord> held = new java.util.ArrayList<>(EVENTS);
    long readStart = System.nanoTime();
    reader.read(end, held::addAll);
    double readOnly = EVENTS / ((System.nanoTime() - readStart) / 1e9);
    LogRecordCodec codec = new LogRecordCodec();
    long decodeStart = System.nanoTime();
    List<EventEnvelope> decoded = new java.util.ArrayList<>(EVENTS);
    for (PositionedRecord record : held) {
      decoded.add(codec.decode(record.record()));
    }
    double decodeOnly = EVENTS / ((System.nanoTime() - decodeStart) / 1e9);
    Projection folded = new Projection();
    long foldStart = System.nanoTime();
    for (EventEnvelope envelope : decoded) {
      folded.apply(source, envelope);
    }
    double foldOnly = EVENTS / ((System.nanoTime() - foldStart) / 1e9);
    held.clear();
    decoded.clear();

    double rebuild = EVENTS / rebuildSeconds;
    double baseline = Math.max(raw1, raw2);
    System.out.println();
    System.out.println(
        new Bench.Table("", "records/s", "time for the log")
            .row(
                "kafka-consumer-perf-test, own JVM (best of " + FRESH_RUNS + ")",
                fmt(perfTest),
                secs(EVENTS / perfTest))
            .row(
                "**full rebuild, own JVM, as a restarted zone (best of " + FRESH_RUNS + ")**",
                fmt(freshRebuild),
                secs(EVENTS / freshRebuild))
            .row("Kafka consumer, count only (warm-up)", fmt(warmUp), secs(EVENTS / warmUp))
            .row("Kafka consumer, count only (before)", fmt(raw1), secs(EVENTS / raw1))
            .row(
                "full rebuild as a zone does it, first (cold JVM)",
                fmt(EVENTS / coldSeconds),
                secs(coldSeconds))
            .row(
                "**full rebuild as a zone does it, warm (best of " + WARM_RUNS + ")**",
                fmt(rebuild),
                secs(rebuildSeconds))
            .row("Kafka consumer, count only (after)", fmt(raw2), secs(EVENTS / raw2))
            .row(
                "rebuild reading every payload (the audit's path)",
                fmt(EVENTS / everySeconds),
                secs(everySeconds))
            .row("  phase: read records (KafkaLogReader)", fmt(readOnly), secs(EVENTS / readOnly))
            .row("  phase: decode envelopes", fmt(decodeOnly), secs(EVENTS / decodeOnly))
            .row("  phase: fold into the projection", fmt(foldOnly), secs(EVENTS / foldOnly))
            .render());
    System.out.printf(
        "own JVMs: rebuild / kafka-consumer-perf-test = %s (target >= 0.5)%n",
        Bench.ratio(freshRebuild / perfTest));
    System.out.printf(
        "this JVM: warm rebuild / best count-only loop = %s (target >= 0.5);"
            + " first rebuild in this JVM: %s%n",
        Bench.ratio(rebuild / baseline), Bench.ratio(EVENTS / coldSeconds / baseline));
    System.out.printf(
        "projection: %,d resources, %,d events applied, %,d superseded unread, checksum %s"
            + " (equal to reading every payload)%n",
        projection.size(), warm.applied(), warm.superseded(), checksum);
    System.out.printf(
        "heap held by the rebuilt projection: %s (%s per resource)%n",
        Bench.mib(heapAfter - heapBefore),
        Bench.kib((double) (heapAfter - heapBefore) / projection.size()));
    // Keep the projection reachable until measured.
    if (projection.size() < 0) {
      System.out.println(projection);
    }
    kafka.close();
    System.exit(0);
  }

  record Rebuild(Projection projection, double seconds, long applied, long superseded) {}

  /** The zone's rebuild: its reader into a follower that builds the latest state. */
  static Rebuild rebuild(KafkaLogReader reader, Map<LogPosition, Long> end, LogSource source) {
    long start = System.nanoTime();
    Projection projection = new Projection();
    AtomicLong applied = new AtomicLong();
    AtomicLong superseded = new AtomicLong();
    LogFollower follower =
        LogFollower.latestPerResource(
            projection,
            List.of(source),
            counting(applied, superseded),
            LogCut.latest(),
            reader::readOne);
    follower.catchUpTo(end);
    reader.read(end, follower::apply);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!follower.caughtUp()) {
      throw new IllegalStateException("the rebuild did not catch up to " + end);
    }
    return new Rebuild(projection, seconds, applied.get(), superseded.get());
  }

  static long generate(String bootstrap, String topic) throws Exception {
    LogRecordCodec codec = new LogRecordCodec();
    Map<String, Long> sequences = new HashMap<>();
    Map<String, Boolean> registered = new HashMap<>();
    long bytes = 0;
    Instant time = Instant.parse("2026-01-01T00:00:00Z");
    Map<String, Object> config =
        LogClientConfig.producer(bootstrap, Map.of(), "rebuild-bench-generator");
    config.put("linger.ms", 20);
    config.put("batch.size", 512 * 1024);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      int written = 0;
      for (int m = 0; m < MESHES; m++, written++) {
        bytes +=
            send(
                producer,
                codec,
                topic,
                sequences,
                time.plusMillis(written),
                new MeshEvent.MeshCreated("mesh-" + m, MeshSpec.empty()));
      }
      for (int i = 0; written < EVENTS; i++) {
        int n = i % DATAPLANES;
        String mesh = "mesh-" + (n % MESHES);
        String name = "dp-" + n;
        boolean exists = registered.getOrDefault(name, false);
        DomainEvent event;
        if (!exists) {
          event = new DataplaneEvent.DataplaneRegistered(mesh, name, spec(n, i));
        } else if (i % 20 == 19) {
          event = new DataplaneEvent.DataplaneDeregistered(mesh, name);
        } else {
          event = new DataplaneEvent.DataplaneUpdated(mesh, name, spec(n, i));
        }
        registered.put(name, !(event instanceof DataplaneEvent.DataplaneDeregistered));
        bytes += send(producer, codec, topic, sequences, time.plusMillis(written), event);
        written++;
      }
      producer.flush();
    }
    return bytes;
  }

  static long send(
      KafkaProducer<String, byte[]> producer,
      LogRecordCodec codec,
      String topic,
      Map<String, Long> sequences,
      Instant time,
      DomainEvent event) {
    ResourceKey key = event.key();
    long sequence = sequences.merge(key.logKey(), 0L, (a, b) -> a + 1);
    LogRecord record =
        codec.encode(
            new EventEnvelope(
                java.util.UUID.randomUUID().toString(),
                ZONE,
                key.logKey(),
                sequence,
                time,
                "bench",
                event));
    ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, record.key(), record.value());
    record.headers().forEach((name, value) -> out.headers().add(name, value));
    producer.send(out);
    return record.value().length;
  }

  /** A typical Universal dataplane: one inbound, five outbounds; the address moves on update. */
  static DataplaneSpec spec(int n, int version) {
    StringBuilder outbounds = new StringBuilder();
    for (int o = 1; o <= 5; o++) {
      outbounds.append(
          """
          {"port": %d, "tags": {"kuma.io/service": "svc-%d"}}%s"""
              .formatted(10000 + o, (n + o) % 500, o < 5 ? "," : ""));
    }
    String json =
        """
        {"networking": {"address": "10.%d.%d.%d",
          "inbound": [{"port": 8080, "tags": {"kuma.io/service": "svc-%d",
                       "kuma.io/protocol": "http", "kuma.io/zone": "%s", "version": "v%d"}}],
          "outbound": [%s]}}
        """
            .formatted((n >> 16) & 255, (n >> 8) & 255, n & 255, n % 500, ZONE, version, outbounds);
    try {
      return DomainJson.canonical().readValue(json, DataplaneSpec.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KafkaClients clients(String bootstrap) {
    return new KafkaClients(
        new KafkaSettings(bootstrap, null, null, null, null, null),
        new ZoneRole(new ZoneProperties(ZONE, ZoneProperties.Mode.STANDALONE, null, null, null)));
  }

  /**
   * Kafka's own consumer benchmark (the tool behind {@code kafka-consumer-perf-test.sh}, its
   * defaults) in a JVM of its own: records/s while fetching, group join excluded.
   */
  static double consumerPerfTest(String bootstrap, String topic) throws Exception {
    String printed =
        Bench.runInFreshJvm(
            CHILD_JVM_ARGS,
            "org.apache.kafka.tools.ConsumerPerformance",
            List.of(
                "--bootstrap-server",
                bootstrap,
                "--topic",
                topic,
                "--messages",
                Integer.toString(EVENTS),
                "--timeout",
                "60000",
                "--hide-header"),
            Duration.ofMinutes(5));
    // start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms,
    // fetch.MB.sec, fetch.nMsg.sec
    String[] fields =
        printed
            .lines()
            .filter(line -> line.matches("^\\d{4}-\\d{2}-\\d{2} .*"))
            .reduce((first, second) -> second)
            .orElseThrow(
                () -> new IllegalStateException("no result from the perf test:\n" + printed))
            .split(",\\s*");
    if (Long.parseLong(fields[4]) != EVENTS) {
      throw new IllegalStateException("the perf test read " + fields[4] + " records");
    }
    return Double.parseDouble(fields[9]);
  }

  /** {@link RebuildOnce} in a JVM of its own: its records/s and the projection's checksum. */
  static String[] rebuildInFreshJvm(String bootstrap) throws Exception {
    String printed =
        Bench.runInFreshJvm(
            CHILD_JVM_ARGS,
            RebuildOnce.class.getName(),
            List.of(bootstrap, ZONE),
            Duration.ofMinutes(5));
    return printed
        .lines()
        .filter(line -> line.startsWith("REBUILD "))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no result from the rebuild:\n" + printed))
        .substring("REBUILD ".length())
        .split(" ");
  }

  /** Records/s of a consumer that reads the whole topic and only counts. */
  static double rawConsumer(String bootstrap, String topic) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(LogClientConfig.logReader(bootstrap, Map.of(), "rebuild-bench-raw"))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long total = end.values().stream().mapToLong(Long::longValue).sum();
      long start = System.nanoTime();
      long count = 0;
      long checksum = 0;
      while (count < total) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          count++;
          checksum += record.value().length;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (checksum < 0) {
        System.out.println(checksum);
      }
      return count / seconds;
    }
  }

  static FeedObserver counting(AtomicLong applied, AtomicLong superseded) {
    return new FeedObserver() {
      @Override
      public void applied(LogSource source, PositionedRecord record, ApplyOutcome outcome) {
        applied.incrementAndGet();
      }

      @Override
      public void superseded(LogSource source, int count, List<String> sequenceGaps) {
        superseded.addAndGet(count);
      }

      @Override
      public void rejected(
          LogSource source, PositionedRecord record, String reason, String detail) {
        throw new IllegalStateException(
            "rejected " + record.where() + ": " + reason + " " + detail);
      }
    };
  }

  private static String fmt(double perSecond) {
    return String.format(java.util.Locale.ROOT, "%,.0f", perSecond);
  }

  private static String secs(double seconds) {
    return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
  }
}
