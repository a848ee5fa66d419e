package dev.meridian.runtime.log;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.history.LastChanges;
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
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.runtime.BackgroundLoop;
import dev.meridian.runtime.ControlPlaneRole;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Feeds the projection from Kafka. On start it reads every source topic from where the projection
 * stands (the beginning, on a fresh process: the read side is always rebuilt from the log alone),
 * and is caught up once it has reached the end offsets it saw at start; then it follows live. Zone
 * topics that appear later are followed from their first record within one discovery interval, if
 * the role follows them. All decisions are the kernel's {@link LogFollower}'s (each zone topic is
 * accepted only for that zone, ADR 001); this class only moves records.
 */
@Component
public class ProjectionFeed implements SmartLifecycle, FeedObserver {
  private static final Logger log = LoggerFactory.getLogger(ProjectionFeed.class);

  private static final String ZONE_TOPIC_PREFIX = LogSource.zoneTopic("");

  private final KafkaClients clients;
  private final ControlPlaneRole role;
  private final Projection projection;
  private final LogFollower follower;

  /** Provenance, where the application keeps it (a zone traces served config back to events). */
  private final LastChanges lastChanges;

  private final MeterRegistry meters;
  private final ObjectProvider<ProjectionListener> listeners;
  private final AtomicLong lag = new AtomicLong(-1);
  private final AtomicLong changesApplied = new AtomicLong();
  private final SourceLag sourceLag;
  private final RejectedEvents rejections = new RejectedEvents(100);
  private final Map<String, io.micrometer.core.instrument.Counter> counters =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final BackgroundLoop loop;
  private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);
  private volatile boolean announcedCaughtUp;
  private long nextProgressLog = System.nanoTime() + PROGRESS_LOG_INTERVAL.toNanos();
  private volatile KafkaConsumer<String, byte[]> consumer;
  private final KafkaLogReader reader;

  /** The feed's thread while it catches up through the reader, to be interrupted on stop. */
  private volatile Thread catchingUp;

  public ProjectionFeed(
      KafkaClients clients,
      Projection projection,
      MeterRegistry meters,
      ObjectProvider<ProjectionListener> listeners,
      ControlPlaneRole role,
      ObjectProvider<LastChanges> lastChanges,
      KafkaLogReader reader) {
    this.lastChanges = lastChanges.getIfAvailable();
    this.clients = clients;
    this.role = role;
    this.projection = projection;
    // Builds the state, so superseded payloads need not be read; the reader goes back for the
    // rare run whose last payload is refused.
    this.reader = reader;
    this.follower =
        LogFollower.latestPerResource(
            projection, role.projectionSources(), this, LogCut.latest(), reader::readOne);
    this.loop =
        new BackgroundLoop(
            "projection-feed",
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
            e -> log.warn("Projection feed failed, retrying in 2s: {}", e.toString()));
    this.meters = meters;
    this.listeners = listeners;
    this.sourceLag = new SourceLag(meters);
    Gauge.builder("meridian_log_consumer_lag", lag, AtomicLong::get)
        .description("Records between the projection and the end of its source topics")
        .register(meters);
    Gauge.builder("meridian_projection_resources", projection, Projection::size)
        .description("Resources in the projection")
        .register(meters);
    RebuildMetrics.register(meters, "read", follower::progress);
  }

  /** The sources followed now, including zones discovered since start. */
  public List<LogSource> sources() {
    return follower.sources();
  }

  /** How far the initial catch-up (the read side's rebuild from the log) has come. */
  public RebuildProgress progress() {
    return follower.progress();
  }

  /**
   * How many resource changes this read side has applied from the log since start: grows with every
   * change and costs nothing to read, so a client can poll it to learn that the log moved.
   */
  public long changesApplied() {
    return changesApplied.get();
  }

  /** True once everything that was on the log at start has been applied. */
  public boolean caughtUp() {
    return follower.caughtUp();
  }

  /**
   * Blocks until the projection shows {@code sequence} of {@code aggregateId}; false on timeout.
   */
  public boolean awaitApplied(String aggregateId, long sequence, Duration timeout) {
    return follower.awaitApplied(aggregateId, sequence, timeout);
  }

  /** The latest records refused by the projection, newest first. */
  public RejectedEvents rejections() {
    return rejections;
  }

  /** Topics this feed reads. */
  public Set<String> topics() {
    return follower.topics();
  }

  /** The zones whose topics this feed follows, besides its own. */
  public Set<String> zones() {
    Set<String> zones = new java.util.TreeSet<>();
    follower.topics().stream()
        .filter(t -> t.startsWith(ZONE_TOPIC_PREFIX) && !t.equals(role.ownSource().topic()))
        .forEach(t -> zones.add(t.substring(ZONE_TOPIC_PREFIX.length())));
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
    // Only the topics this control plane starts from: a followed zone's topic is its zone's own.
    LogTopics.ensure(
        clients,
        role.projectionSources().stream()
            .map(LogSource::topic)
            .collect(java.util.stream.Collectors.toSet()));
    discoverZones();
    follow();
  }

  private void follow() {
    try (KafkaConsumer<String, byte[]> kafka = clients.consumer("projection")) {
      consumer = kafka;
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : follower.topics()) {
        List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(30));
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      kafka.assign(partitions);
      Map<LogPosition, Long> target = new HashMap<>();
      kafka.endOffsets(partitions).forEach((tp, end) -> target.put(position(tp), end));
      if (!follower.caughtUp()) {
        // The rebuild is what was on the log at the first start; zones found later, and a feed
        // that reconnects, are read live from where the projection stands.
        follower.catchUpTo(target);
        log.info("Projection feed reading {} up to {}", partitions, target);
        if (!follower.caughtUp()) {
          catchUp(target);
        }
      }
      // Resume where the projection stands: never re-fold what it holds.
      partitions.forEach(tp -> kafka.seek(tp, follower.nextOffset(position(tp))));
      long nextDiscovery = System.nanoTime() + discoveryInterval().toNanos();
      while (loop.running()) {
        if (System.nanoTime() > nextDiscovery) {
          nextDiscovery = System.nanoTime() + discoveryInterval().toNanos();
          if (discoverZones()) {
            return; // Re-assign with the new zone's partitions; positions are kept.
          }
        }
        handle(LogRecords.positioned(kafka.poll(Duration.ofMillis(200)), null));
        updateLag(kafka, partitions);
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
            handle(batch);
          });
    } finally {
      catchingUp = null;
      Thread.interrupted(); // an interrupt meant for the catch-up must not reach the live loop
    }
  }

  /** Folds one batch, tells the listeners what changed, and reports the rebuild's progress. */
  private void handle(List<PositionedRecord> batch) {
    Set<ResourceKey> changed = follower.apply(batch);
    changesApplied.addAndGet(changed.size());
    if (!changed.isEmpty()) {
      listeners.orderedStream().forEach(listener -> listener.changed(changed));
    }
    if (follower.caughtUp() && !announcedCaughtUp) {
      announcedCaughtUp = true;
      RebuildProgress done = follower.progress();
      log.info(
          "Projection caught up: {} resources, checksum {}, {} records in {} ms ({} records/s)",
          projection.size(),
          projection.checksum(),
          done.recordsRead(),
          done.elapsed().toMillis(),
          Math.round(done.recordsPerSecond()));
    } else if (!announcedCaughtUp && System.nanoTime() > nextProgressLog) {
      nextProgressLog = System.nanoTime() + PROGRESS_LOG_INTERVAL.toNanos();
      RebuildProgress progress = follower.progress();
      log.info(
          "Rebuilding the projection from the log: {} records read, {} to go ({}%), {} records/s",
          progress.recordsRead(),
          progress.recordsRemaining(),
          Math.round(progress.fraction() * 100),
          Math.round(progress.recordsPerSecond()));
    }
  }

  private java.time.Duration discoveryInterval() {
    return clients.settings().zoneDiscoveryInterval();
  }

  /** Follows the zone topics found since the last look, as the role says; true when one was new. */
  private boolean discoverZones() {
    if (!role.discoversZones()) {
      return false;
    }
    boolean added = false;
    for (String zone : LogTopics.zones(clients)) {
      Optional<LogSource> source = role.followedZone(zone);
      if (source.isPresent() && follower.addSource(source.get())) {
        log.info("Following zone {} ({})", zone, source.get().topic());
        added = true;
      }
    }
    return added;
  }

  private static LogPosition position(TopicPartition tp) {
    return new LogPosition(tp.topic(), tp.partition());
  }

  private void updateLag(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
    lag.set(sourceLag.update(kafka, partitions));
  }

  @Override
  public void applied(LogSource source, PositionedRecord record, ApplyOutcome outcome) {
    if (outcome.status() == ApplyOutcome.Status.SKIPPED) {
      return;
    }
    if (outcome.status() == ApplyOutcome.Status.DUPLICATE) {
      counter("meridian_events_duplicate_total", source.origin()).increment();
      return;
    }
    counter("meridian_events_applied_total", source.origin()).increment();
    if (outcome.reason() == ApplyOutcome.Reason.SEQUENCE_GAP) {
      counter("meridian_events_sequence_gaps_total", source.origin()).increment();
      log.warn("Sequence gap at {}: {}", record.where(), outcome.detail());
    }
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
  public void changed(
      PositionedRecord record,
      EventEnvelope envelope,
      Optional<Resource> before,
      Optional<Resource> after) {
    if (lastChanges != null) {
      lastChanges.record(record, envelope, after);
    }
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
