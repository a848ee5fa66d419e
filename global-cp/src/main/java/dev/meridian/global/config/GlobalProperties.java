package dev.meridian.global.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Everything the global control plane is configured with. See docs/configuration.md. */
@ConfigurationProperties(prefix = "meridian")
public record GlobalProperties(Kafka kafka, Api api, Zones zones) {

  public GlobalProperties {
    kafka = kafka == null ? new Kafka(null, null, null, null, null) : kafka;
    api = api == null ? new Api(null, null, null) : api;
    zones = zones == null ? new Zones(null, null) : zones;
  }

  /**
   * @param offlineTimeout a zone whose heartbeats stopped this long ago is offline
   * @param history connections kept per zone in its insight
   */
  public record Zones(Duration offlineTimeout, Integer history) {
    public Zones {
      offlineTimeout = offlineTimeout == null ? Duration.ofSeconds(20) : offlineTimeout;
      history = history == null ? 10 : history;
    }
  }

  /**
   * @param properties passed to every Kafka client unchanged (SASL, TLS, timeouts, …)
   * @param zoneDiscoveryInterval how often new {@code meridian.zone.*} topics are looked for
   */
  public record Kafka(
      String bootstrapServers,
      Map<String, String> properties,
      Integer topicPartitions,
      Short topicReplicationFactor,
      Duration zoneDiscoveryInterval) {
    public Kafka {
      bootstrapServers = bootstrapServers == null ? "127.0.0.1:9092" : bootstrapServers;
      properties = properties == null ? Map.of() : Map.copyOf(properties);
      topicPartitions = topicPartitions == null ? 3 : topicPartitions;
      topicReplicationFactor = topicReplicationFactor == null ? 1 : topicReplicationFactor;
      zoneDiscoveryInterval =
          zoneDiscoveryInterval == null ? Duration.ofSeconds(5) : zoneDiscoveryInterval;
    }
  }

  /** Same meaning as on a zone: visibility wait, body cap, actor of anonymous callers. */
  public record Api(Duration writeVisibilityTimeout, Integer maxBodyBytes, String defaultActor) {
    public Api {
      writeVisibilityTimeout =
          writeVisibilityTimeout == null ? Duration.ofSeconds(5) : writeVisibilityTimeout;
      maxBodyBytes = maxBodyBytes == null ? 1024 * 1024 : maxBodyBytes;
      defaultActor = defaultActor == null ? "anonymous" : defaultActor;
    }
  }
}
