package dev.meridian.global.log;

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
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    Map<TopicPartition, Long> remaining = new HashMap<>();
    endOffsets.forEach(
        (p, end) -> {
          if (end > 0) {
            remaining.put(new TopicPartition(p.topic(), p.partition()), end);
          }
        });
    if (remaining.isEmpty()) {
      return;
    }
    try (KafkaConsumer<String, byte[]> kafka = clients.consumer("history")) {
      kafka.assign(remaining.keySet());
      kafka.seekToBeginning(remaining.keySet());
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (!remaining.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("log not read to its end within 30 minutes");
        }
        List<PositionedRecord> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          Long end = remaining.get(tp);
          if (end != null && record.offset() < end) {
            batch.add(positioned(record));
          }
        }
        batches.accept(batch);
        for (TopicPartition tp : List.copyOf(remaining.keySet())) {
          if (kafka.position(tp) >= remaining.get(tp)) {
            remaining.remove(tp);
            kafka.pause(List.of(tp));
          }
        }
      }
    }
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
            return Optional.of(positioned(record));
          }
          if (record.offset() > offset) {
            return Optional.empty(); // compacted away
          }
        }
      }
      return Optional.empty();
    }
  }

  private static PositionedRecord positioned(ConsumerRecord<String, byte[]> record) {
    return new PositionedRecord(
        new LogPosition(record.topic(), record.partition()),
        record.offset(),
        LogRecords.fromConsumerRecord(record));
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
