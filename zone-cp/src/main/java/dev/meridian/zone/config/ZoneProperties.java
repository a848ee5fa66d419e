package dev.meridian.zone.config;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything a zone control plane is configured with. See docs/configuration.md for each key.
 *
 * @param zone this zone's name; stamped as {@code kuma.io/zone} and used in the topic name
 * @param mode {@code standalone} (no global control plane: the zone owns meshes too) or {@code
 *     multizone} (meshes and policies come from the global control plane over the log)
 * @param globalControlPlane where meshes and policies are managed in multizone mode (its API URL),
 *     named in the errors a zone gives for writes it does not own
 * @param heartbeatInterval how often a zone in multizone mode tells global it is alive
 */
@ConfigurationProperties(prefix = "meridian")
public record ZoneProperties(
    String zone,
    @DefaultValue("standalone") Mode mode,
    String globalControlPlane,
    Duration heartbeatInterval,
    Kafka kafka,
    Api api,
    DataplaneServer dataplaneServer) {

  private static final Pattern ZONE_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  public ZoneProperties {
    if (zone == null || !ZONE_NAME.matcher(zone).matches()) {
      throw new IllegalArgumentException(
          "meridian.zone must be a DNS label (lowercase letters, digits, '-'), got: " + zone);
    }
    mode = mode == null ? Mode.STANDALONE : mode;
    globalControlPlane =
        globalControlPlane == null ? "the global control plane" : globalControlPlane;
    kafka = kafka == null ? new Kafka(null, null, null, null, null) : kafka;
    api = api == null ? new Api(null, null, null) : api;
    dataplaneServer =
        dataplaneServer == null
            ? new DataplaneServer(null, null, null, null, null)
            : dataplaneServer;
  }

  public enum Mode {
    STANDALONE,
    MULTIZONE
  }

  public boolean multizone() {
    return mode == Mode.MULTIZONE;
  }

  /**
   * @param bootstrapServers the cluster holding the log
   * @param properties passed to every Kafka client unchanged (SASL, TLS, timeouts, …)
   * @param zoneDiscoveryInterval in multizone mode, how often other zones' topics are looked for
   *     (their ZoneIngresses make cross-zone traffic possible)
   */
  public record Kafka(
      String bootstrapServers,
      Map<String, String> properties,
      Integer topicPartitions,
      Short topicReplicationFactor,
      Duration zoneDiscoveryInterval) {
    public Kafka {
      zoneDiscoveryInterval =
          zoneDiscoveryInterval == null ? Duration.ofSeconds(5) : zoneDiscoveryInterval;
      bootstrapServers = bootstrapServers == null ? "127.0.0.1:9092" : bootstrapServers;
      properties = properties == null ? Map.of() : Map.copyOf(properties);
      topicPartitions = topicPartitions == null ? 3 : topicPartitions;
      topicReplicationFactor = topicReplicationFactor == null ? 1 : topicReplicationFactor;
    }
  }

  /**
   * @param writeVisibilityTimeout how long a write waits to see itself in the projection
   * @param maxBodyBytes larger request bodies are refused with 413
   * @param defaultActor recorded as the actor of changes made by unauthenticated callers
   */
  public record Api(Duration writeVisibilityTimeout, Integer maxBodyBytes, String defaultActor) {
    public Api {
      writeVisibilityTimeout =
          writeVisibilityTimeout == null ? Duration.ofSeconds(5) : writeVisibilityTimeout;
      maxBodyBytes = maxBodyBytes == null ? 1024 * 1024 : maxBodyBytes;
      defaultActor = defaultActor == null ? "anonymous" : defaultActor;
    }
  }

  /**
   * Where proxies connect: ADS (gRPC) and {@code POST /bootstrap} share this port, as in Kuma.
   *
   * @param advertisedHost the host proxies are told to dial in their bootstrap
   * @param retireDelay how long a cluster no longer routed to is still served (make-before-break)
   * @param generatorThreads how many threads regenerate proxies' config when one change affects
   *     many of them (default: the available processors)
   */
  public record DataplaneServer(
      String address,
      Integer port,
      String advertisedHost,
      Duration retireDelay,
      Integer generatorThreads) {
    public DataplaneServer {
      address = address == null ? "127.0.0.1" : address;
      port = port == null ? 5678 : port;
      advertisedHost = advertisedHost == null ? address : advertisedHost;
      retireDelay = retireDelay == null ? Duration.ofSeconds(1) : retireDelay;
      generatorThreads =
          generatorThreads == null || generatorThreads < 1
              ? Runtime.getRuntime().availableProcessors()
              : generatorThreads;
    }
  }
}
