package dev.meridian.zone.log;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MalformedEventException;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Feeds the projection from the log. On start it reads every source topic from the beginning (the
 * read side is always rebuilt from the log alone) and is "caught up" once it has reached the end
 * offsets it saw at start; after that it follows the log live.
 */
@Component
public class ProjectionFeed implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ProjectionFeed.class);

  private final KafkaClients clients;
  private final Projection projection;
  private final Map<String, LogSource> sourcesByTopic;
  private final MeterRegistry meters;
  private final ObjectProvider<ProjectionListener> listeners;
  private final Set<ResourceKey> changedInBatch = new HashSet<>();
  private final LogRecordCodec codec = new LogRecordCodec();
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final AtomicLong lag = new AtomicLong(-1);
  private volatile boolean running;
  private volatile boolean caughtUp;
  private volatile Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;

  private record Waiter(long sequence, CompletableFuture<Void> done) {}

  public ProjectionFeed(
      KafkaClients clients,
      Projection projection,
      LogConfig.ProjectionSources sources,
      MeterRegistry meters,
      ObjectProvider<ProjectionListener> listeners) {
    this.clients = clients;
    this.listeners = listeners;
    this.projection = projection;
    this.sourcesByTopic =
        sources.sources().stream().collect(Collectors.toUnmodifiableMap(LogSource::topic, s -> s));
    this.meters = meters;
    Gauge.builder("meridian_log_consumer_lag", lag, AtomicLong::get)
        .description("Records between the projection and the end of its source topics")
        .register(meters);
    Gauge.builder("meridian_projection_resources", projection, Projection::size)
        .description("Resources in the projection")
        .register(meters);
  }

  /** True once everything that was on the log at start has been applied. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /**
   * Blocks until the projection has applied {@code sequence} of {@code aggregateId} (or a later
   * one). Returns false on timeout.
   */
  public boolean awaitApplied(String aggregateId, long sequence, Duration timeout) {
    Waiter waiter = new Waiter(sequence, new CompletableFuture<>());
    waiters.computeIfAbsent(aggregateId, k -> new CopyOnWriteArrayList<>()).add(waiter);
    try {
      if (projection.lastSequence(aggregateId) >= sequence) {
        return true;
      }
      waiter.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    } finally {
      waiters.computeIfPresent(
          aggregateId,
          (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
          });
    }
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::run, "projection-feed");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    Thread t = thread;
    if (t != null) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try {
        LogTopics.ensure(clients, sourcesByTopic.keySet());
        follow();
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("Projection feed failed, retrying in 2s: {}", e.toString());
        sleepQuietly(2_000);
      }
    }
  }

  private void follow() {
    try (KafkaConsumer<String, byte[]> kafka = clients.consumer("projection")) {
      consumer = kafka;
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : sourcesByTopic.keySet()) {
        List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(30));
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      kafka.assign(partitions);
      // Resume where this projection stands (0 on a fresh start): never re-fold what it holds.
      Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
      partitions.forEach(tp -> positions.put(tp, appliedOffsets.getOrDefault(tp, 0L)));
      positions.forEach(kafka::seek);
      Map<TopicPartition, Long> target = kafka.endOffsets(partitions);
      log.info("Projection feed reading {} up to {}", partitions, target);
      while (running) {
        ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> record : records) {
          handle(record);
          appliedOffsets.put(
              new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
        notifyListeners();
        updateLag(kafka, partitions);
        if (!caughtUp && reached(target)) {
          caughtUp = true;
          log.info(
              "Projection caught up: {} resources, checksum {}",
              projection.size(),
              projection.checksum());
        }
      }
    }
  }

  private final Map<TopicPartition, Long> appliedOffsets = new ConcurrentHashMap<>();

  private void notifyListeners() {
    if (changedInBatch.isEmpty()) {
      return;
    }
    Set<ResourceKey> keys = Set.copyOf(changedInBatch);
    changedInBatch.clear();
    listeners.orderedStream().forEach(listener -> listener.changed(keys));
  }

  private boolean reached(Map<TopicPartition, Long> target) {
    return target.entrySet().stream()
        .allMatch(e -> appliedOffsets.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private void updateLag(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
    long total = 0;
    for (TopicPartition tp : partitions) {
      total += kafka.currentLag(tp).orElse(0L);
    }
    lag.set(total);
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    LogSource source = sourcesByTopic.get(record.topic());
    EventEnvelope envelope;
    try {
      envelope = codec.decode(LogRecords.fromConsumerRecord(record));
    } catch (MalformedEventException e) {
      reject(source, "MALFORMED", record, e.getMessage());
      return;
    }
    ApplyOutcome outcome;
    try {
      outcome = projection.apply(source, envelope);
    } catch (RuntimeException e) {
      // A record the fold cannot handle must not stall the feed behind it.
      log.error("Could not apply event at {}", position(record), e);
      reject(source, "APPLY_FAILED", record, e.toString());
      return;
    }
    switch (outcome.status()) {
      case APPLIED -> {
        changedInBatch.add(envelope.payload().key());
        counter("meridian_events_applied_total", "source", source.origin()).increment();
        if (outcome.reason() == ApplyOutcome.Reason.SEQUENCE_GAP) {
          counter("meridian_events_sequence_gaps_total", "source", source.origin()).increment();
          log.warn("Sequence gap at {}: {}", position(record), outcome.detail());
        }
      }
      case DUPLICATE ->
          counter("meridian_events_duplicate_total", "source", source.origin()).increment();
      case REJECTED -> reject(source, outcome.reason().name(), record, outcome.detail());
    }
    release(envelope.aggregateId());
  }

  private void reject(
      LogSource source, String reason, ConsumerRecord<String, byte[]> record, String detail) {
    meters
        .counter("meridian_events_rejected_total", "source", source.origin(), "reason", reason)
        .increment();
    log.warn("Rejected event at {} ({}): {}", position(record), reason, detail);
  }

  private Counter counter(String name, String tag, String value) {
    return meters.counter(name, tag, value);
  }

  private void release(String aggregateId) {
    List<Waiter> list = waiters.get(aggregateId);
    if (list == null) {
      return;
    }
    long applied = projection.lastSequence(aggregateId);
    for (Waiter waiter : list) {
      if (waiter.sequence() <= applied) {
        waiter.done().complete(null);
      }
    }
  }

  private static String position(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Topics this feed reads. */
  public Set<String> topics() {
    return sourcesByTopic.keySet();
  }
}
