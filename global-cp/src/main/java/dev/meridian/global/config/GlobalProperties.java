package dev.meridian.global.config;

import dev.meridian.runtime.settings.ApiSettings;
import dev.meridian.runtime.settings.KafkaSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything the global control plane is configured with. See docs/configuration.md.
 *
 * @param kafka the log; every zone's topic is followed, new ones found every {@code
 *     zone-discovery-interval}
 * @param api how the REST API treats writes (the same settings as on a zone)
 * @param zones when a zone counts as offline, and how much of its history is kept
 */
@ConfigurationProperties(prefix = "meridian")
public record GlobalProperties(KafkaSettings kafka, ApiSettings api, Zones zones) {

  public GlobalProperties {
    kafka = kafka == null ? KafkaSettings.defaults() : kafka;
    api = api == null ? ApiSettings.defaults() : api;
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
