package dev.meridian.global;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The global control plane: owns meshes (and, later, policies), writes them to {@code
 * meridian.global}, and follows every zone's topic to see every zone's dataplanes.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GlobalCpApplication {
  static {
    // Meridian never calls home, however it is started (main, tests, benchmarks).
    System.setProperty("axoniq.update-checker.disabled", "true");
    System.setProperty("disable-axoniq-console-message", "true");
  }

  public static void main(String[] args) {
    SpringApplication.run(GlobalCpApplication.class, args);
  }
}
