package dev.meridian.zone.log;

import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.zone.config.ZoneProperties;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which topics this zone writes and reads, and the projection they feed. */
@Configuration
public class LogConfig {

  /**
   * The topic this zone writes: its own, and only its own. Standalone, it carries every kind; in
   * multizone mode only the kinds a zone owns (dataplanes).
   */
  @Bean
  public LogSource ownSource(ZoneProperties properties) {
    return properties.multizone()
        ? LogSource.zone(properties.zone())
        : LogSource.standaloneZone(properties.zone());
  }

  /** In multizone mode the zone also follows the global topic: meshes and policies. */
  @Bean
  public ProjectionSources projectionSources(ZoneProperties properties, LogSource ownSource) {
    return new ProjectionSources(
        properties.multizone() ? List.of(ownSource, LogSource.global()) : List.of(ownSource));
  }

  /**
   * The topics the projection is fed from. A type of its own: Spring would inject every {@link
   * LogSource} bean into a plain {@code List<LogSource>}.
   */
  public record ProjectionSources(List<LogSource> sources) {}

  @Bean
  public Projection projection() {
    return new Projection();
  }

  /** Which event last changed each resource: where served xDS config is traced back to. */
  @Bean
  public dev.meridian.kernel.history.LastChanges lastChanges() {
    return new dev.meridian.kernel.history.LastChanges();
  }
}
