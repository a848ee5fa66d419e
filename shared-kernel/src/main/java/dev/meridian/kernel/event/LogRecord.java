package dev.meridian.kernel.event;

import java.util.Map;

/**
 * A log record independent of any broker client: key, headers and value bytes. The Kafka adapters
 * copy it to and from {@code ProducerRecord}/{@code ConsumerRecord} unchanged.
 */
public record LogRecord(String key, Map<String, byte[]> headers, byte[] value) {
  public LogRecord {
    headers = RecordHeaders.copyOf(headers);
  }
}
