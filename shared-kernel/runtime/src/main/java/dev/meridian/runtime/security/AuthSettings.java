package dev.meridian.runtime.security;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may use the API ({@code meridian.auth.*}; docs/configuration.md).
 *
 * @param keyFile the control plane's own secret key, outside the log: user tokens are signed with a
 *     key derived from it. Created on first start; a control plane rebuilt from the log needs the
 *     same file to accept the same tokens.
 * @param adminTokenFile where the first start writes an administrator's user token (mode 0600)
 * @param adminTokenValidity how long that token is valid
 * @param dataplaneTokenRotationGrace how long tokens signed with a mesh's previous signing key are
 *     still accepted after a rotation
 * @param anonymousLocalhost local development only: a request from a loopback address without a
 *     token is served as an administrator (its changes are recorded with {@code
 *     meridian.api.default-actor}). Off unless set.
 */
@ConfigurationProperties(prefix = "meridian.auth")
public record AuthSettings(
    Path keyFile,
    Path adminTokenFile,
    Duration adminTokenValidity,
    Duration dataplaneTokenRotationGrace,
    boolean anonymousLocalhost) {
  public AuthSettings {
    keyFile = keyFile == null ? Path.of("data", "keys", "control-plane.key") : keyFile;
    adminTokenFile = adminTokenFile == null ? Path.of("data", "admin-token") : adminTokenFile;
    adminTokenValidity = adminTokenValidity == null ? Duration.ofDays(3650) : adminTokenValidity;
    dataplaneTokenRotationGrace =
        dataplaneTokenRotationGrace == null ? Duration.ofHours(1) : dataplaneTokenRotationGrace;
  }
}
