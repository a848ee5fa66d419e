package dev.meridian.zone.config;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a zone control plane is configured with beyond the settings every control plane has ({@code
 * meridian.kafka.*}, {@code meridian.api.*}: the runtime's). See docs/configuration.md for each
 * key.
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
    dataplaneServer =
        dataplaneServer == null
            ? new DataplaneServer(null, null, null, null, null, null)
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
   * Where proxies connect: ADS (gRPC) and {@code POST /bootstrap} share this port, as in Kuma.
   *
   * @param advertisedHost the host proxies are told to dial in their bootstrap
   * @param retireDelay how long a cluster no longer routed to is still served (make-before-break)
   * @param generatorThreads how many threads regenerate proxies' config when one change affects
   *     many of them (default: the available processors)
   * @param authentication what a proxy must show on {@code /bootstrap} and ADS: a dataplane token
   *     (the default), or nothing ({@code none}, by explicit setting only)
   */
  public record DataplaneServer(
      String address,
      Integer port,
      String advertisedHost,
      Duration retireDelay,
      Integer generatorThreads,
      Authentication authentication) {
    public DataplaneServer {
      address = address == null ? "127.0.0.1" : address;
      port = port == null ? 5678 : port;
      advertisedHost = advertisedHost == null ? address : advertisedHost;
      retireDelay = retireDelay == null ? Duration.ofSeconds(1) : retireDelay;
      generatorThreads =
          generatorThreads == null || generatorThreads < 1
              ? Runtime.getRuntime().availableProcessors()
              : generatorThreads;
      authentication = authentication == null ? Authentication.DATAPLANE_TOKEN : authentication;
    }

    public enum Authentication {
      DATAPLANE_TOKEN,
      NONE
    }
  }
}
