package dev.meridian.kernel.log;

/** One partition of one topic of the log. */
public record LogPosition(String topic, int partition) {
  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
