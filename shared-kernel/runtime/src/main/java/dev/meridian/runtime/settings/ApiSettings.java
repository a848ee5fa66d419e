package dev.meridian.runtime.settings;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the REST API treats writes ({@code meridian.api.*}; docs/configuration.md), the same keys on
 * global and zones.
 *
 * @param writeVisibilityTimeout how long a write waits to see itself in the projection
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param defaultActor recorded as the actor of changes made by unauthenticated callers
 * @param maxBulkBodyBytes larger bodies of {@code POST /apply} are refused with 413
 */
@ConfigurationProperties(prefix = "meridian.api")
public record ApiSettings(
    Duration writeVisibilityTimeout,
    Integer maxBodyBytes,
    String defaultActor,
    Integer maxBulkBodyBytes) {
  public ApiSettings {
    writeVisibilityTimeout =
        writeVisibilityTimeout == null ? Duration.ofSeconds(5) : writeVisibilityTimeout;
    maxBodyBytes = maxBodyBytes == null ? 1024 * 1024 : maxBodyBytes;
    defaultActor = defaultActor == null ? "anonymous" : defaultActor;
    maxBulkBodyBytes = maxBulkBodyBytes == null ? 16 * 1024 * 1024 : maxBulkBodyBytes;
  }

  /** Every default. */
  public static ApiSettings defaults() {
    return new ApiSettings(null, null, null, null);
  }
}
