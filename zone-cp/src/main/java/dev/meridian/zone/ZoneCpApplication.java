package dev.meridian.zone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The zone control plane: accepts Dataplanes, records them on the log, serves its projection. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ZoneCpApplication {
  public static void main(String[] args) {
    System.setProperty("axoniq.update-checker.disabled", "true");
    SpringApplication.run(ZoneCpApplication.class, args);
  }
}
