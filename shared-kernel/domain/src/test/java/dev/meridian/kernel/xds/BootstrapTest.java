package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  private static final Bootstrap.AdsTls TLS =
      new Bootstrap.AdsTls("-----BEGIN CERTIFICATE-----\nCA\n", "/etc/meridian/ca.crt");

  @Test
  void envoyCarriesTheTokenAsAdsMetadataAndTrustsTheCa() {
    JsonNode envoy =
        Bootstrap.envoy(
            "demo",
            "web-1",
            "web",
            "cp.example.com",
            5678,
            9901,
            new Bootstrap.Credentials("tok", null),
            TLS);
    JsonNode metadata = envoy.at("/dynamicResources/adsConfig/grpcServices/0/initialMetadata/0");
    assertThat(metadata.get("key").asText()).isEqualTo("authorization");
    assertThat(metadata.get("value").asText()).isEqualTo("Bearer tok");
    JsonNode tls = envoy.at("/staticResources/clusters/0/transportSocket/typedConfig");
    assertThat(tls.get("sni").asText()).isEqualTo("cp.example.com");
    assertThat(tls.at("/commonTlsContext/validationContext/trustedCa/inlineString").asText())
        .startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void envoyWithoutTokenOrTlsHasNeither() {
    JsonNode envoy = Bootstrap.envoy("demo", "web-1", "web", "127.0.0.1", 5678, 9901);
    assertThat(
            envoy.at("/dynamicResources/adsConfig/grpcServices/0/initialMetadata").isMissingNode())
        .isTrue();
    assertThat(envoy.at("/staticResources/clusters/0/transportSocket").isMissingNode()).isTrue();
  }

  @Test
  void grpcNamesTheTokenCredentialsFirstWithTheCaFileThenGrpcsOwnTls() {
    JsonNode grpc =
        Bootstrap.grpc(
            "demo", "web-1", "127.0.0.1", 5678, new Bootstrap.Credentials(null, "/run/t"), TLS);
    JsonNode creds = grpc.at("/xds_servers/0/channel_creds");
    assertThat(creds).hasSize(2);
    assertThat(creds.get(0).get("type").asText()).isEqualTo(Bootstrap.GRPC_TOKEN_CREDENTIALS);
    assertThat(creds.get(0).at("/config/token_file").asText()).isEqualTo("/run/t");
    assertThat(creds.get(0).at("/config/ca_certificate_file").asText())
        .isEqualTo("/etc/meridian/ca.crt");
    assertThat(creds.get(1).get("type").asText()).isEqualTo("tls");
  }

  @Test
  void grpcWithoutTokenIsPlainWhenTlsIsOff() {
    JsonNode creds =
        Bootstrap.grpc("demo", "web-1", "127.0.0.1", 5678).at("/xds_servers/0/channel_creds");
    assertThat(creds).hasSize(1);
    assertThat(creds.get(0).get("type").asText()).isEqualTo("insecure");
    JsonNode inline =
        Bootstrap.grpc(
                "demo", "web-1", "127.0.0.1", 5678, new Bootstrap.Credentials("tok", null), null)
            .at("/xds_servers/0/channel_creds");
    assertThat(inline.get(0).at("/config/token").asText()).isEqualTo("tok");
    assertThat(inline.get(0).at("/config/ca_certificate_file").isMissingNode()).isTrue();
    assertThat(inline.get(1).get("type").asText()).isEqualTo("insecure");
  }

  @Test
  void grpcNamesTheFileWatcherOverTheIdentityDirectoryWhenGivenOne() {
    JsonNode grpc =
        Bootstrap.grpc(
            "demo",
            "web-1",
            "127.0.0.1",
            5678,
            Bootstrap.Credentials.NONE,
            null,
            "/var/run/meridian/identity");
    JsonNode provider = grpc.at("/certificate_providers/" + Bootstrap.GRPC_IDENTITY_PROVIDER);
    assertThat(provider.get("plugin_name").asText()).isEqualTo("file_watcher");
    assertThat(provider.at("/config/certificate_file").asText())
        .isEqualTo("/var/run/meridian/identity/cert.pem");
    assertThat(provider.at("/config/private_key_file").asText())
        .isEqualTo("/var/run/meridian/identity/key.pem");
    assertThat(provider.at("/config/ca_certificate_file").asText())
        .isEqualTo("/var/run/meridian/identity/ca.pem");
    assertThat(Bootstrap.grpc("demo", "web-1", "127.0.0.1", 5678).has("certificate_providers"))
        .isFalse();
  }
}
