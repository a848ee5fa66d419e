package dev.meridian.runtime.settings;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a control plane reaches the log ({@code meridian.kafka.*}; docs/configuration.md), the same
 * keys on global and zones.
 *
 * @param bootstrapServers the cluster holding the log
 * @param properties passed to every Kafka client unchanged (SASL, TLS, timeouts, …)
 * @param topicPartitions partitions of the topics this control plane creates
 * @param topicReplicationFactor replication factor of the topics this control plane creates
 * @param zoneDiscoveryInterval how often new {@code meridian.zone.*} topics are looked for
 * @param topicMinInsyncReplicas {@code min.insync.replicas} of the topics this control plane
 *     creates; {@code null} leaves the broker's default. With {@code acks=all} a write is
 *     acknowledged only once that many replicas have it, so one lost broker loses nothing.
 */
@ConfigurationProperties(prefix = "meridian.kafka")
public record KafkaSettings(
    String bootstrapServers,
    Map<String, String> properties,
    Integer topicPartitions,
    Short topicReplicationFactor,
    Duration zoneDiscoveryInterval,
    Integer topicMinInsyncReplicas) {
  public KafkaSettings {
    bootstrapServers = bootstrapServers == null ? "127.0.0.1:9092" : bootstrapServers;
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    topicPartitions = topicPartitions == null ? 3 : topicPartitions;
    topicReplicationFactor = topicReplicationFactor == null ? 1 : topicReplicationFactor;
    zoneDiscoveryInterval =
        zoneDiscoveryInterval == null ? Duration.ofSeconds(5) : zoneDiscoveryInterval;
    if (topicMinInsyncReplicas != null
        && (topicMinInsyncReplicas < 1 || topicMinInsyncReplicas > topicReplicationFactor)) {
      // A topic whose min.insync.replicas exceeds its replicas refuses every acks=all write.
      throw new IllegalArgumentException(
          "meridian.kafka.topic-min-insync-replicas must be between 1 and"
              + " meridian.kafka.topic-replication-factor ("
              + topicReplicationFactor
              + "), not "
              + topicMinInsyncReplicas);
    }
  }

  /** The settings of a topic this control plane creates, on top of {@code base}. */
  public Map<String, String> topicConfig(Map<String, String> base) {
    if (topicMinInsyncReplicas == null) {
      return base;
    }
    Map<String, String> config = new HashMap<>(base);
    config.put("min.insync.replicas", Integer.toString(topicMinInsyncReplicas));
    return Map.copyOf(config);
  }

  /** Every default. */
  public static KafkaSettings defaults() {
    return new KafkaSettings(null, null, null, null, null, null);
  }
}
