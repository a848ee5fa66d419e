package dev.meridian.global.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the global control plane is configured with beyond the settings every control plane has
 * ({@code meridian.kafka.*}, {@code meridian.api.*}: the runtime's). See docs/configuration.md.
 *
 * @param zones when a zone counts as offline, and how much of its history is kept
 */
@ConfigurationProperties(prefix = "meridian")
public record GlobalProperties(Zones zones) {

  public GlobalProperties {
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
}
