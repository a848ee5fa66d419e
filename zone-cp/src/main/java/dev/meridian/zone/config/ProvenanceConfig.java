package dev.meridian.zone.config;

import dev.meridian.kernel.history.LastChanges;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which event last changed each resource, kept by the projection feed as it folds: where the xDS
 * config a zone serves is traced back to ({@code /xds} provenance). Global serves no config, so it
 * keeps none.
 */
@Configuration
public class ProvenanceConfig {
  @Bean
  public LastChanges lastChanges() {
    return new LastChanges();
  }
}
