package dev.meridian.runtime.log;

import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.runtime.ControlPlaneRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topic this control plane writes, and the projection its feed folds the log into. */
@Configuration
public class LogConfig {

  /** The topic this control plane writes: its own, and only its own (ADR 001). */
  @Bean
  public LogSource ownSource(ControlPlaneRole role) {
    return role.ownSource();
  }

  /** The read side, rebuilt from the log on every start. */
  @Bean
  public Projection projection() {
    return new Projection();
  }
}
