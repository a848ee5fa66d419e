package dev.meridian.global;

import dev.meridian.runtime.ControlPlaneRuntime;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The global control plane: owns meshes and policies, writes them to {@code meridian.global}, and
 * follows every zone's topic to see every zone's dataplanes. What it shares with a zone is the
 * {@link ControlPlaneRuntime}; what makes it global is its {@link
 * dev.meridian.global.config.GlobalRole}, its zone registry and its view of every zone.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ControlPlaneRuntime.class)
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
