package dev.meridian.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variables docs/configuration.md names bind to {@code meridian.tls.*}. */
class TlsSettingsTest {
  static TlsSettings bind(Map<String, Object> environment) {
    StandardEnvironment env = new StandardEnvironment();
    // Only what the test gives: the build's own environment sets MERIDIAN_TLS_ENABLED.
    env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", environment));
    return Binder.get(env).bindOrCreate("meridian.tls", TlsSettings.class);
  }

  @Test
  void onByDefault() {
    TlsSettings settings = bind(Map.of());
    assertThat(settings.enabled()).isTrue();
    assertThat(settings.certFile()).isNull();
    assertThat(settings.extraSans()).isEmpty();
  }

  @Test
  void environmentVariablesSetEveryKey() {
    TlsSettings settings =
        bind(
            Map.of(
                "MERIDIAN_TLS_ENABLED", "false",
                "MERIDIAN_TLS_CERT_FILE", "/etc/meridian/tls/tls.crt",
                "MERIDIAN_TLS_KEY_FILE", "/etc/meridian/tls/tls.key",
                "MERIDIAN_TLS_CA_FILE", "/etc/meridian/tls/ca.crt",
                "MERIDIAN_TLS_DATAPLANE_SERVER_CERT_FILE", "/dp.crt",
                "MERIDIAN_TLS_DATAPLANE_SERVER_KEY_FILE", "/dp.key",
                "MERIDIAN_TLS_EXTRA_SANS", "cp.example.com,10.0.0.5"));
    assertThat(settings.enabled()).isFalse();
    assertThat(settings.certFile()).isEqualTo(Path.of("/etc/meridian/tls/tls.crt"));
    assertThat(settings.keyFile()).isEqualTo(Path.of("/etc/meridian/tls/tls.key"));
    assertThat(settings.caFile()).isEqualTo(Path.of("/etc/meridian/tls/ca.crt"));
    assertThat(settings.dataplaneServerCertFile()).isEqualTo(Path.of("/dp.crt"));
    assertThat(settings.dataplaneServerKeyFile()).isEqualTo(Path.of("/dp.key"));
    assertThat(settings.dataplaneServerKeyFile()).isEqualTo(Path.of("/dp.key"));
    assertThat(settings.extraSans()).containsExactly("cp.example.com", "10.0.0.5");
  }
}
