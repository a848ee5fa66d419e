package dev.meridian.kernel.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.DataplaneSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityTest {
  static DataplaneSpec.Inbound inbound(int port, Map<String, String> tags) {
    return new DataplaneSpec.Inbound(port, null, null, null, tags, null, null, null);
  }

  @Test
  void aProxyIsItsServicesSpiffeIdsAndItsTagsAsKumaUris() {
    DataplaneSpec spec =
        new DataplaneSpec(
            new DataplaneSpec.Networking(
                "10.0.0.1",
                null,
                List.of(
                    inbound(8080, Map.of("kuma.io/service", "web", "version", "v2")),
                    inbound(9090, Map.of("kuma.io/service", "web-admin", "version", "v2"))),
                List.of(),
                null,
                null));
    Identity identity = Identity.of("demo", spec);
    assertThat(identity.spiffeIds())
        .containsExactly("spiffe://demo/web", "spiffe://demo/web-admin");
    assertThat(identity.tagUris())
        .containsExactly(
            "kuma://kuma.io/service/web", "kuma://kuma.io/service/web-admin", "kuma://version/v2");
    assertThat(identity.uris()).first().isEqualTo("spiffe://demo/web");
  }
}
