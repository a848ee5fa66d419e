package dev.meridian.runtime.log;

import dev.meridian.kernel.event.LogRecord;
import dev.meridian.kernel.event.RecordHeaders;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.PositionedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** Copies the kernel's broker-neutral {@link LogRecord} to and from Kafka's records. */
final class LogRecords {
  private LogRecords() {}

  static ProducerRecord<String, byte[]> toProducerRecord(String topic, LogRecord record) {
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(topic, null, record.key(), record.value());
    record.headers().forEach((name, value) -> out.headers().add(name, value));
    return out;
  }

  /**
   * A poll's records, partition by partition and in order within each, up to (excluding) {@code
   * endOffsets} where one is given. A rebuild copies every record of the log through here.
   */
  static List<PositionedRecord> positioned(
      ConsumerRecords<String, byte[]> records, Map<TopicPartition, Long> endOffsets) {
    List<PositionedRecord> out = new ArrayList<>(records.count());
    for (TopicPartition partition : records.partitions()) {
      out.addAll(positioned(records, partition, endOffsets));
    }
    return out;
  }

  /** One partition's records of a poll, in order, up to (excluding) its end offset if given. */
  static List<PositionedRecord> positioned(
      ConsumerRecords<String, byte[]> records,
      TopicPartition partition,
      Map<TopicPartition, Long> endOffsets) {
    List<ConsumerRecord<String, byte[]>> polled = records.records(partition);
    List<PositionedRecord> out = new ArrayList<>(polled.size());
    LogPosition position = new LogPosition(partition.topic(), partition.partition());
    long end = endOffsets == null ? Long.MAX_VALUE : endOffsets.getOrDefault(partition, -1L);
    for (ConsumerRecord<String, byte[]> record : polled) {
      if (record.offset() < end) {
        out.add(new PositionedRecord(position, record.offset(), fromConsumerRecord(record)));
      }
    }
    return out;
  }

  static PositionedRecord positioned(ConsumerRecord<String, byte[]> record) {
    return new PositionedRecord(
        new LogPosition(record.topic(), record.partition()),
        record.offset(),
        fromConsumerRecord(record));
  }

  static LogRecord fromConsumerRecord(ConsumerRecord<String, byte[]> record) {
    Header[] headers = record.headers().toArray();
    RecordHeaders.Builder copy = new RecordHeaders.Builder(headers.length);
    for (Header header : headers) {
      copy.add(header.key(), header.value());
    }
    return new LogRecord(record.key(), copy.build(), record.value());
  }
}
