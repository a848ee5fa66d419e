package dev.meridian.zone;

import dev.meridian.runtime.ControlPlaneRuntime;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The zone control plane: accepts Dataplanes, records them on the log, serves its projection over
 * xDS. What it shares with global is the {@link ControlPlaneRuntime}; what makes it a zone is its
 * {@link dev.meridian.zone.config.ZoneRole}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ControlPlaneRuntime.class)
public class ZoneCpApplication {
  static {
    // Meridian never calls home, however it is started (main, tests, benchmarks).
    System.setProperty("axoniq.update-checker.disabled", "true");
    System.setProperty("disable-axoniq-console-message", "true");
  }

  public static void main(String[] args) {
    SpringApplication.run(ZoneCpApplication.class, args);
  }
}
