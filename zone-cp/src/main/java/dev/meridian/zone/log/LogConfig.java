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

  /** The topic this zone writes: its own, and only its own. */
  @Bean
  public LogSource ownSource(ZoneProperties properties) {
    return LogSource.standaloneZone(properties.zone());
  }

  @Bean
  public List<LogSource> projectionSources(LogSource ownSource) {
    return List.of(ownSource);
  }

  @Bean
  public Projection projection() {
    return new Projection();
  }
}
