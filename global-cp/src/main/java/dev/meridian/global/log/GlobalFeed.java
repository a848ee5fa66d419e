package dev.meridian.global.log;

import dev.meridian.global.config.GlobalProperties;
import dev.meridian.kernel.log.FeedObserver;
import dev.meridian.kernel.log.LogCut;
import dev.meridian.kernel.log.LogFollower;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.PositionedRecord;
import dev.meridian.kernel.log.RebuildProgress;
import dev.meridian.kernel.log.RejectedEvents;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.runtime.BackgroundLoop;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Feeds global's projection from {@code meridian.global} and every zone's topic. Zones are found by
 * their topics: a new {@code meridian.zone.<zone>} is followed from its first record within one
 * discovery interval. Each zone topic is accepted only for that zone (ADR 001).
 */
@Component
public class GlobalFeed implements SmartLifecycle, FeedObserver {
  private static final Logger log = LoggerFactory.getLogger(GlobalFeed.class);

  private final KafkaClients clients;
  private final Projection projection;
  private final LogFollower follower;
  private final MeterRegistry meters;
  private final Duration discoveryInterval;
  private final AtomicLong lag = new AtomicLong(-1);
  private final SourceLag sourceLag;
  private final RejectedEvents rejections = new RejectedEvents(100);
  private final Map<String, io.micrometer.core.instrument.Counter> counters =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final BackgroundLoop loop;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private final KafkaLogReader reader;

  /** The feed's thread while it catches up through the reader, to be interrupted on stop. */
  private volatile Thread catchingUp;

  private volatile boolean announcedCaughtUp;
  private long nextProgressLog = System.nanoTime() + Duration.ofSeconds(5).toNanos();

  public GlobalFeed(
      KafkaClients clients,
      Projection projection,
      MeterRegistry meters,
      GlobalProperties properties,
      KafkaLogReader reader) {
    this.clients = clients;
    this.projection = projection;
    // Builds the state, so superseded payloads need not be read; the reader goes back for the
    // rare run whose last payload is refused.
    this.reader = reader;
    this.follower =
        LogFollower.latestPerResource(
            projection, List.of(LogSource.global()), this, LogCut.latest(), reader::readOne);
    this.loop =
        new BackgroundLoop(
            "global-feed",
            this::attempt,
            () -> {
              KafkaConsumer<String, byte[]> current = consumer;
              if (current != null) {
                current.wakeup();
              }
              Thread reading = catchingUp;
              if (reading != null) {
                reading.interrupt();
              }
            },
            Duration.ofSeconds(2),
            e -> log.warn("Global feed failed, retrying in 2s: {}", e.toString()));
    this.meters = meters;
    this.sourceLag = new SourceLag(meters);
    this.discoveryInterval = properties.kafka().zoneDiscoveryInterval();
    Gauge.builder("meridian_log_consumer_lag", lag, AtomicLong::get)
        .description("Records between the projection and the end of its source topics")
        .register(meters);
    Gauge.builder("meridian_projection_resources", projection, Projection::size).register(meters);
    RebuildMetrics.register(meters, "read", follower::progress);
  }

  /** The sources followed now: the global topic and every zone's discovered so far. */
  public List<LogSource> sources() {
    return follower.sources();
  }

  /** How far the initial catch-up (the read side's rebuild from the log) has come. */
  public RebuildProgress progress() {
    return follower.progress();
  }

  public boolean caughtUp() {
    return follower.caughtUp();
  }

  public boolean awaitApplied(String aggregateId, long sequence, Duration timeout) {
    return follower.awaitApplied(aggregateId, sequence, timeout);
  }

  /** The latest records refused by the projection, newest first. */
  public RejectedEvents rejections() {
    return rejections;
  }

  /** The zones whose topics this control plane follows. */
  public Set<String> zones() {
    Set<String> zones = new java.util.TreeSet<>();
    follower.topics().stream()
        .filter(t -> t.startsWith(LogTopics.ZONE_TOPIC_PREFIX))
        .forEach(t -> zones.add(t.substring(LogTopics.ZONE_TOPIC_PREFIX.length())));
    return zones;
  }

  @Override
  public void start() {
    loop.start();
  }

  @Override
  public void stop() {
    loop.stop(Duration.ofSeconds(10));
  }

  @Override
  public boolean isRunning() {
    return loop.running();
  }

  private void attempt() {
    LogTopics.ensureGlobal(clients);
    discoverZones();
    follow();
  }

  /** Adds newly found zone topics; true when there is something new to follow. */
  private boolean discoverZones() {
    boolean added = false;
    for (String zone : LogTopics.zones(clients)) {
      if (follower.addSource(LogSource.zone(zone))) {
        log.info("Following zone {}", zone);
        added = true;
      }
    }
    return added;
  }

  /** Logs the rebuild's progress every few seconds, and once when it is done. */
  private void reportProgress() {
    if (announcedCaughtUp) {
      return;
    }
    RebuildProgress progress = follower.progress();
    if (progress.done()) {
      announcedCaughtUp = true;
      log.info(
          "Projection caught up: {} resources, checksum {}, {} records in {} ms ({} records/s)",
          projection.size(),
          projection.checksum(),
          progress.recordsRead(),
          progress.elapsed().toMillis(),
          Math.round(progress.recordsPerSecond()));
    } else if (System.nanoTime() > nextProgressLog) {
      nextProgressLog = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      log.info(
          "Rebuilding the projection from the log: {} records read, {} to go ({}%), {} records/s",
          progress.recordsRead(),
          progress.recordsRemaining(),
          Math.round(progress.fraction() * 100),
          Math.round(progress.recordsPerSecond()));
    }
  }

  /** Reads the current set of topics until a new zone appears (then the caller re-assigns). */
  private void follow() {
    try (KafkaConsumer<String, byte[]> kafka = clients.consumer("projection")) {
      consumer = kafka;
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : follower.topics()) {
        kafka
            .partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      kafka.assign(partitions);
      if (!follower.caughtUp()) {
        Map<LogPosition, Long> target = new HashMap<>();
        kafka.endOffsets(partitions).forEach((tp, end) -> target.put(position(tp), end));
        follower.catchUpTo(target);
        catchUp(target);
      }
      partitions.forEach(tp -> kafka.seek(tp, follower.nextOffset(position(tp))));
      long nextDiscovery = System.nanoTime() + discoveryInterval.toNanos();
      while (loop.running()) {
        follower.apply(LogRecords.positioned(kafka.poll(Duration.ofMillis(200)), null));
        lag.set(sourceLag.update(kafka, partitions));
        reportProgress();
        if (System.nanoTime() > nextDiscovery) {
          nextDiscovery = System.nanoTime() + discoveryInterval.toNanos();
          if (discoverZones()) {
            return; // Re-assign with the new zone's partitions; positions are kept.
          }
        }
      }
    }
  }

  /**
   * Reads up to what was on the log at start with the log reader, which polls ahead on a thread of
   * its own while this one folds: a rebuild takes as long as the slower of the two, not their sum.
   */
  private void catchUp(Map<LogPosition, Long> target) {
    Map<LogPosition, Long> from = new HashMap<>();
    target.keySet().forEach(p -> from.put(p, follower.nextOffset(p)));
    from.values().removeIf(offset -> offset == 0); // never read: from the partition's beginning
    catchingUp = Thread.currentThread();
    try {
      reader.read(
          from,
          target,
          batch -> {
            if (!loop.running()) {
              throw new java.util.concurrent.CancellationException("stopping");
            }
            follower.apply(batch);
            reportProgress();
          });
    } finally {
      catchingUp = null;
      Thread.interrupted(); // an interrupt meant for the catch-up must not reach the live loop
    }
  }

  private static LogPosition position(TopicPartition tp) {
    return new LogPosition(tp.topic(), tp.partition());
  }

  @Override
  public void applied(LogSource source, PositionedRecord record, ApplyOutcome outcome) {
    if (outcome.status() == ApplyOutcome.Status.SKIPPED) {
      return;
    }
    String name =
        outcome.status() == ApplyOutcome.Status.DUPLICATE
            ? "meridian_events_duplicate_total"
            : "meridian_events_applied_total";
    counter(name, source.origin()).increment();
  }

  @Override
  public void superseded(LogSource source, int count, List<String> sequenceGaps) {
    counter("meridian_events_superseded_total", source.origin()).increment(count);
    for (String gap : sequenceGaps) {
      counter("meridian_events_sequence_gaps_total", source.origin()).increment();
      log.warn("Sequence gap on {}: {}", source.topic(), gap);
    }
  }

  /** Counters by name and source, looked up once: a rebuild counts every record. */
  private io.micrometer.core.instrument.Counter counter(String name, String origin) {
    return counters.computeIfAbsent(
        name + " " + origin, k -> meters.counter(name, "source", origin));
  }

  @Override
  public void rejected(LogSource source, PositionedRecord record, String reason, String detail) {
    String origin = source == null ? "unknown" : source.origin();
    meters
        .counter("meridian_events_rejected_total", "source", origin, "reason", reason)
        .increment();
    rejections.record(record, reason, detail, java.time.Instant.now());
    log.warn("Rejected event at {} ({}): {}", record.where(), reason, detail);
  }
}
