package dev.meridian.kernel.event;

import java.util.Map;
import java.util.Objects;

/**
 * A log record independent of any broker client: key, headers and value bytes. The Kafka adapters
 * copy it to and from {@code ProducerRecord}/{@code ConsumerRecord} unchanged.
 *
 * <p>Immutable, except that it remembers its {@link EventHead} once {@link LogRecordCodec#head} has
 * read it (like a string remembers its hash): a reader thread can read the heads of a batch ahead
 * of the thread that folds it.
 */
public final class LogRecord {
  private final String key;
  private final Map<String, byte[]> headers;
  private final byte[] value;

  /** Set by {@link LogRecordCodec#head} on first reading; immutable, so safe to share. */
  volatile EventHead head;

  public LogRecord(String key, Map<String, byte[]> headers, byte[] value) {
    this.key = key;
    this.headers = RecordHeaders.copyOf(headers);
    this.value = value;
  }

  public String key() {
    return key;
  }

  public Map<String, byte[]> headers() {
    return headers;
  }

  public byte[] value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LogRecord that
        && Objects.equals(key, that.key)
        && headers.equals(that.headers)
        && value == that.value;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, headers, System.identityHashCode(value));
  }

  @Override
  public String toString() {
    return "LogRecord[key=" + key + ", headers=" + headers.keySet() + "]";
  }
}
