package dev.meridian.runtime.settings;

import java.time.Duration;
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
 */
@ConfigurationProperties(prefix = "meridian.kafka")
public record KafkaSettings(
    String bootstrapServers,
    Map<String, String> properties,
    Integer topicPartitions,
    Short topicReplicationFactor,
    Duration zoneDiscoveryInterval) {
  public KafkaSettings {
    bootstrapServers = bootstrapServers == null ? "127.0.0.1:9092" : bootstrapServers;
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    topicPartitions = topicPartitions == null ? 3 : topicPartitions;
    topicReplicationFactor = topicReplicationFactor == null ? 1 : topicReplicationFactor;
    zoneDiscoveryInterval =
        zoneDiscoveryInterval == null ? Duration.ofSeconds(5) : zoneDiscoveryInterval;
  }

  /** Every default. */
  public static KafkaSettings defaults() {
    return new KafkaSettings(null, null, null, null, null);
  }
}
