package dev.meridian.zone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The zone control plane: accepts Dataplanes, records them on the log, serves its projection. */
@SpringBootApplication
@ConfigurationPropertiesScan
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
