package dev.meridian.kernel.log;

/** One partition of one topic of the log. */
public record LogPosition(String topic, int partition) {

  // equals and hashCode written out: every record a catch-up reads compares positions, and the
  // record's generated ones are slow until the JIT has compiled them, which a one-off rebuild
  // feels.
  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof LogPosition other
            && partition == other.partition
            && java.util.Objects.equals(topic, other.topic));
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hashCode(topic) + partition;
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
