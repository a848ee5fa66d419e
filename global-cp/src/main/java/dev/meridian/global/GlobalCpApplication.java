package dev.meridian.global;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The global control plane: owns meshes and policies and sees every zone. For now it only announces
 * itself; the multi-zone work gives it its API and its log adapters.
 */
@SpringBootApplication
public class GlobalCpApplication {
  public static void main(String[] args) {
    SpringApplication.run(GlobalCpApplication.class, args);
  }
}
