package dev.meridian.runtime.log;

import dev.meridian.kernel.projection.LogSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code meridian_log_lag_records{source}}: records between the projection and the end of each
 * source's topic ({@code global}, or a zone's name), so a stalled source shows by name.
 */
final class SourceLag {
  static final String METER = "meridian_log_lag_records";
  private final MeterRegistry meters;
  private final Map<String, AtomicLong> bySource = new ConcurrentHashMap<>();

  SourceLag(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Measures every partition the consumer is assigned; returns the total over all sources. */
  long update(KafkaConsumer<?, ?> kafka, Collection<TopicPartition> partitions) {
    Map<String, Long> lags = new HashMap<>();
    for (TopicPartition tp : partitions) {
      lags.merge(source(tp.topic()), kafka.currentLag(tp).orElse(0L), Long::sum);
    }
    lags.forEach((source, lag) -> bySource.computeIfAbsent(source, this::register).set(lag));
    return lags.values().stream().mapToLong(Long::longValue).sum();
  }

  private AtomicLong register(String source) {
    AtomicLong value = new AtomicLong();
    Gauge.builder(METER, value, AtomicLong::get)
        .description("Records between the projection and the end of this source's topic")
        .tag("source", source)
        .register(meters);
    return value;
  }

  /** The origin a topic speaks for: {@code global} or the zone's name. */
  static String source(String topic) {
    String zonePrefix = LogSource.zoneTopic("");
    if (topic.startsWith(zonePrefix)) {
      return topic.substring(zonePrefix.length());
    }
    return topic.equals(LogSource.GLOBAL_TOPIC) ? LogSource.GLOBAL_ORIGIN : topic;
  }
}
