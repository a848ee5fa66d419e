package dev.meridian.runtime.log;

import dev.meridian.kernel.log.LogFollower;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.LogReader;
import dev.meridian.kernel.log.PositionedRecord;
import dev.meridian.kernel.runtime.ReadAhead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    ReadAhead.run("log-reader", READ_AHEAD_BATCHES, sink -> poll(from, remaining, sink), batches);
  }

  /** Batches a reader may hold ahead of the thread handling them. */
  private static final int READ_AHEAD_BATCHES = 8;

  private void poll(
      Map<LogPosition, Long> from,
      Map<TopicPartition, Long> remaining,
      ReadAhead.Sink<List<PositionedRecord>> ahead)
      throws InterruptedException {
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
      while (!remaining.isEmpty() && !ahead.stopped()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("log not read to its end within 30 minutes");
        }
        List<PositionedRecord> batch = copy(kafka.poll(Duration.ofMillis(500)), remaining);
        if (!batch.isEmpty() && !ahead.handOver(batch)) {
          return;
        }
        for (TopicPartition tp : List.copyOf(remaining.keySet())) {
          if (kafka.position(tp) >= remaining.get(tp)) {
            remaining.remove(tp);
            kafka.pause(List.of(tp));
          }
        }
      }
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
                  LogFollower.readHeads(records);
                  return records;
                })
            .toList();
    List<PositionedRecord> out = new ArrayList<>(polled.count());
    copied.forEach(out::addAll);
    return out;
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
