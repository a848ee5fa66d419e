package dev.meridian.zone.log;

import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.event.MalformedEventException;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.LogReader;
import dev.meridian.kernel.log.PositionedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * Reads the log from its beginning with a short-lived consumer of its own (no group, no commits).
 */
@Component
public class KafkaLogReader implements LogReader {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KafkaClients clients;

  public KafkaLogReader(KafkaClients clients) {
    this.clients = clients;
  }

  @Override
  public Map<LogPosition, Long> endOffsets(Set<String> topics) {
    try (KafkaConsumer<String, byte[]> kafka = clients.consumer("history")) {
      Map<LogPosition, Long> out = new HashMap<>();
      kafka
          .endOffsets(partitions(kafka, topics), TIMEOUT)
          .forEach((tp, end) -> out.put(new LogPosition(tp.topic(), tp.partition()), end));
      return out;
    }
  }

  @Override
  public void read(Map<LogPosition, Long> endOffsets, Consumer<List<PositionedRecord>> batches) {
    read(Map.of(), endOffsets, batches);
  }

  /**
   * Reads each partition from {@code from} (its beginning where none is given) up to {@code to}. A
   * thread of its own polls the broker and copies records ahead while the caller's thread handles
   * the previous batches, so reading and folding a long log overlap. An exception thrown by {@code
   * batches} stops the reading and reaches the caller.
   */
  public void read(
      Map<LogPosition, Long> from,
      Map<LogPosition, Long> to,
      Consumer<List<PositionedRecord>> batches) {
    Map<TopicPartition, Long> remaining = new HashMap<>();
    to.forEach(
        (p, end) -> {
          if (end > from.getOrDefault(p, 0L)) {
            remaining.put(new TopicPartition(p.topic(), p.partition()), end);
          }
        });
    if (remaining.isEmpty()) {
      return;
    }
    BlockingQueue<Object> ahead = new ArrayBlockingQueue<>(READ_AHEAD_BATCHES);
    AtomicBoolean stopped = new AtomicBoolean();
    Thread poller =
        new Thread(
            () -> poll(from, remaining, ahead, stopped), "log-reader-" + READERS.incrementAndGet());
    poller.setDaemon(true);
    poller.start();
    try {
      while (true) {
        Object next = ahead.take();
        if (next == END) {
          return;
        }
        if (next instanceof RuntimeException e) {
          throw e;
        }
        @SuppressWarnings("unchecked")
        List<PositionedRecord> batch = (List<PositionedRecord>) next;
        batches.accept(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the log", e);
    } finally {
      // Not an interrupt: a consumer interrupted while closing waits out its close timeout. The
      // poller sees the flag within one poll and closes its consumer normally.
      stopped.set(true);
    }
  }

  /** Batches a reader may hold ahead of the thread handling them. */
  private static final int READ_AHEAD_BATCHES = 8;

  private static final Object END = new Object();
  private static final java.util.concurrent.atomic.AtomicInteger READERS =
      new java.util.concurrent.atomic.AtomicInteger();

  private void poll(
      Map<LogPosition, Long> from,
      Map<TopicPartition, Long> remaining,
      BlockingQueue<Object> ahead,
      AtomicBoolean stopped) {
    Object last = END;
    try (KafkaConsumer<String, byte[]> kafka = clients.logReader("history")) {
      kafka.assign(remaining.keySet());
      for (TopicPartition tp : remaining.keySet()) {
        Long start = from.get(new LogPosition(tp.topic(), tp.partition()));
        if (start == null) {
          kafka.seekToBeginning(List.of(tp));
        } else {
          kafka.seek(tp, start);
        }
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (!remaining.isEmpty() && !stopped.get()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("log not read to its end within 30 minutes");
        }
        List<PositionedRecord> batch = copy(kafka.poll(Duration.ofMillis(500)), remaining);
        if (!batch.isEmpty() && !handOver(ahead, batch, stopped)) {
          return;
        }
        for (TopicPartition tp : List.copyOf(remaining.keySet())) {
          if (kafka.position(tp) >= remaining.get(tp)) {
            remaining.remove(tp);
            kafka.pause(List.of(tp));
          }
        }
      }
    } catch (RuntimeException e) {
      last = e;
    } catch (InterruptedException e) {
      return; // the caller stopped reading
    }
    try {
      handOver(ahead, last, stopped);
    } catch (InterruptedException e) {
      // the caller stopped reading
    }
  }

  /** Polls at least this long have their partitions copied on several cores. */
  private static final int PARALLEL_COPY_THRESHOLD = 512;

  /**
   * A poll's records in the kernel's form, heads read, partition by partition. Copying (header by
   * header) is most of a reading thread's work, so a long poll's partitions are copied in parallel;
   * each partition stays in order.
   */
  private static List<PositionedRecord> copy(
      ConsumerRecords<String, byte[]> polled, Map<TopicPartition, Long> ends) {
    List<TopicPartition> partitions = List.copyOf(polled.partitions());
    java.util.stream.Stream<TopicPartition> each =
        polled.count() >= PARALLEL_COPY_THRESHOLD && partitions.size() > 1
            ? partitions.parallelStream()
            : partitions.stream();
    List<List<PositionedRecord>> copied =
        each.map(
                tp -> {
                  List<PositionedRecord> records = LogRecords.positioned(polled, tp, ends);
                  preReadHeads(records);
                  return records;
                })
            .toList();
    List<PositionedRecord> out = new ArrayList<>(polled.count());
    copied.forEach(out::addAll);
    return out;
  }

  /**
   * Reads each record's head here, on the reading thread, so the thread folding the batch finds it
   * read (a record remembers its head). A record whose headers are faulty is left for the fold to
   * refuse.
   */
  private static void preReadHeads(List<PositionedRecord> batch) {
    for (PositionedRecord record : batch) {
      try {
        HEADS.head(record.record());
      } catch (MalformedEventException e) {
        // reported where it is folded
      }
    }
  }

  private static final LogRecordCodec HEADS = new LogRecordCodec();

  /** Waits for room ahead; false when the caller stopped reading meanwhile. */
  private static boolean handOver(BlockingQueue<Object> ahead, Object item, AtomicBoolean stopped)
      throws InterruptedException {
    while (!ahead.offer(item, 100, TimeUnit.MILLISECONDS)) {
      if (stopped.get()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Optional<PositionedRecord> readOne(LogPosition position, long offset) {
    TopicPartition tp = new TopicPartition(position.topic(), position.partition());
    try (KafkaConsumer<String, byte[]> kafka = clients.consumer("history")) {
      if (!partitions(kafka, Set.of(position.topic())).contains(tp)) {
        return Optional.empty();
      }
      long end = kafka.endOffsets(List.of(tp), TIMEOUT).get(tp);
      long start = kafka.beginningOffsets(List.of(tp), TIMEOUT).get(tp);
      if (offset < start || offset >= end) {
        return Optional.empty();
      }
      kafka.assign(List.of(tp));
      kafka.seek(tp, offset);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
          if (record.offset() == offset) {
            return Optional.of(LogRecords.positioned(record));
          }
          if (record.offset() > offset) {
            return Optional.empty(); // compacted away
          }
        }
      }
      return Optional.empty();
    }
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<String, byte[]> kafka, Set<String> topics) {
    List<TopicPartition> out = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = kafka.partitionsFor(topic, TIMEOUT);
      if (infos != null) {
        infos.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
      }
    }
    return out;
  }
}
