package dev.meridian.kernel.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.validation.Violation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MeshMtlsTest {
  static JsonNode json(String text) {
    try {
      return DomainJson.canonical().readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void kumasBuiltinAndProvidedBackendsAreReadWithTheirDefaults() {
    JsonNode mtls =
        json(
            """
            {"enabledBackend": "ca-1", "backends": [
              {"name": "ca-1", "type": "builtin", "dpCert": {"rotation": {"expiration": "1d"}},
               "conf": {"caCert": {"RSAbits": 2048, "expiration": "3650d"}}},
              {"name": "ca-2", "type": "provided", "mode": "PERMISSIVE",
               "conf": {"cert": {"secret": "my-ca-cert"}, "key": {"secret": "my-ca-key"}}}]}
            """);
    assertThat(MeshMtls.validate(mtls)).isEmpty();
    MeshMtls read = MeshMtls.of(new MeshSpec(mtls, null, null, null, null, null, null, null));
    assertThat(read.enabled()).isTrue();
    MeshMtls.Backend active = read.activeBackend().orElseThrow();
    assertThat(active.name()).isEqualTo("ca-1");
    assertThat(active.mode()).isEqualTo(MeshMtls.Mode.STRICT);
    assertThat(active.dpCertValidity()).isEqualTo(Duration.ofDays(1));
    MeshMtls.Backend provided = read.backends().get(1);
    assertThat(provided.mode()).isEqualTo(MeshMtls.Mode.PERMISSIVE);
    assertThat(provided.dpCertValidity()).isEqualTo(MeshMtls.DEFAULT_DP_CERT_VALIDITY);
    assertThat(provided.certSecret()).isEqualTo("my-ca-cert");
    assertThat(provided.keySecret()).isEqualTo("my-ca-key");
  }

  @Test
  void noSectionOrNoEnabledBackendMeansMtlsIsOff() {
    assertThat(MeshMtls.of(MeshSpec.empty()).enabled()).isFalse();
    JsonNode off = json("{\"backends\": [{\"name\": \"ca-1\", \"type\": \"builtin\"}]}");
    assertThat(MeshMtls.validate(off)).isEmpty();
    assertThat(MeshMtls.of(new MeshSpec(off, null, null, null, null, null, null, null)).enabled())
        .isFalse();
  }

  @Test
  void everyMistakeIsNamedByItsFieldPath() {
    JsonNode mtls =
        json(
            """
            {"enabledBackend": "ca-9", "typo": 1, "backends": [
              {"name": "ca-1", "type": "vault", "mode": "LOOSE",
               "dpCert": {"rotation": {"expiration": "soon"}}},
              {"name": "ca-1", "type": "builtin", "conf": {"caCert": {"RSAbits": 1024}}},
              {"type": "provided", "conf": {"cert": {"secret": "c"}}}]}
            """);
    assertThat(MeshMtls.validate(mtls))
        .containsExactlyInAnyOrder(
            new Violation("mtls.typo", "unknown field"),
            new Violation(
                "mtls.backends[0].type",
                "unknown backend type. Available backends: \"builtin\", \"provided\""),
            new Violation("mtls.backends[0].mode", "must be STRICT or PERMISSIVE"),
            new Violation(
                "mtls.backends[0].dpCert.rotation.expiration", "has to be a valid format"),
            new Violation(
                "mtls.backends[1].name", "\"ca-1\" name is already used for another backend"),
            new Violation("mtls.backends[1].conf.caCert.RSAbits", "must be at least 2048"),
            new Violation("mtls.backends[2].name", "cannot be empty"),
            new Violation(
                "mtls.backends[2].conf.key.secret",
                "cannot be empty: name the mesh's Secret holding the CA key"),
            new Violation(
                "mtls.enabledBackend", "has to be set to one of the backends in the mesh"));
  }

  @Test
  void durationsTakeGoUnitsAndWholeDays() {
    assertThat(MeshMtls.duration("90m")).hasValue(Duration.ofMinutes(90));
    assertThat(MeshMtls.duration("2d")).hasValue(Duration.ofDays(2));
    assertThat(MeshMtls.duration("1d12h")).hasValue(Duration.ofHours(36));
    assertThat(MeshMtls.duration("10y")).hasValue(Duration.ofDays(3650));
    assertThat(MeshMtls.duration("2w")).hasValue(Duration.ofDays(14));
    assertThat(MeshMtls.duration("10x")).isEmpty();
  }
}
