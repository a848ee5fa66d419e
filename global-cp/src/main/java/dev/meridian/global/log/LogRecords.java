package dev.meridian.global.log;

import dev.meridian.kernel.event.LogRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
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

  static LogRecord fromConsumerRecord(ConsumerRecord<String, byte[]> record) {
    Map<String, byte[]> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), header.value());
    }
    return new LogRecord(record.key(), headers, record.value());
  }
}
