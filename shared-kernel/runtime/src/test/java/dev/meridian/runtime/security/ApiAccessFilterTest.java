package dev.meridian.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

/** The filter checks the path it is given, so it only lets through paths nothing would rewrite. */
class ApiAccessFilterTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/meshes",
        "/meshes/",
        "/meshes/default/dataplanes/backend-1",
        "/meshes/default/dataplanes/backend.v1",
        "/meshes/default/dataplanes/a%20b",
        "/tokens/user"
      })
  void canonicalPathsPass(String path) {
    assertThat(ApiAccessFilter.canonical(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/meshes/payments/../../tokens/user",
        "/meshes/./default",
        "//tokens/user",
        "/meshes//default",
        "/tokens;x=1/user",
        "/meshes/default%2Fdataplanes",
        "/meshes/%2e%2e/tokens/user",
        "/meshes/%2E./tokens",
        "/meshes\\tokens",
        "/meshes/%5c..",
        "meshes"
      })
  void pathsARouterCouldRewriteAreRefused(String path) {
    assertThat(ApiAccessFilter.canonical(path)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/actuator/health",
        "/actuator/health/readiness",
        "/actuator/prometheus",
        "/gui",
        "/gui/",
        "/gui/index.html",
        "/gui/assets/index-abc123.js",
        "/gui/meshes/default/dataplanes/backend-1"
      })
  void healthMetricsAndTheGuiAssetsNeedNoToken(String path) {
    assertThat(ApiAccessFilter.open(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/meshes",
        "/meshes/default/dataplanes",
        "/guide",
        "/gui-api",
        "/zones+insights",
        "/audit/events",
        "/actuator/info",
        "/openapi.yaml"
      })
  void everyOtherPathNeedsAToken(String path) {
    assertThat(ApiAccessFilter.open(path)).isFalse();
  }

  private static MockHttpServletRequest request(String remote, String host) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/meshes");
    request.setRemoteAddr(remote);
    request.setServerName(host);
    return request;
  }

  @Test
  void anonymousLocalDevelopmentIsForRequestsMadeOnThisMachineOnly() {
    assertThat(ApiAccessFilter.fromThisMachine(request("127.0.0.1", "127.0.0.1"))).isTrue();
    assertThat(ApiAccessFilter.fromThisMachine(request("::1", "localhost"))).isTrue();
    assertThat(ApiAccessFilter.fromThisMachine(request("0:0:0:0:0:0:0:1", "[::1]"))).isTrue();

    // Another machine; a page whose DNS name was rebound onto this port; a proxy on this machine.
    assertThat(ApiAccessFilter.fromThisMachine(request("10.0.0.5", "127.0.0.1"))).isFalse();
    assertThat(ApiAccessFilter.fromThisMachine(request("127.0.0.1", "evil.example"))).isFalse();
    MockHttpServletRequest proxied = request("127.0.0.1", "127.0.0.1");
    proxied.addHeader("X-Forwarded-For", "203.0.113.9");
    assertThat(ApiAccessFilter.fromThisMachine(proxied)).isFalse();
    MockHttpServletRequest forwarded = request("127.0.0.1", "127.0.0.1");
    forwarded.addHeader("Forwarded", "for=203.0.113.9");
    assertThat(ApiAccessFilter.fromThisMachine(forwarded)).isFalse();
  }

  @Test
  void onlyLoopbackLiteralsCountAsLoopback() {
    assertThat(ApiAccessFilter.loopbackLiteral("127.0.0.1")).isTrue();
    assertThat(ApiAccessFilter.loopbackLiteral("::ffff:127.0.0.1")).isTrue();
    assertThat(ApiAccessFilter.loopbackLiteral("0.0.0.0")).isFalse();
    assertThat(ApiAccessFilter.loopbackLiteral("10.1.2.3")).isFalse();
    assertThat(ApiAccessFilter.loopbackLiteral("")).isFalse();
    assertThat(ApiAccessFilter.loopbackLiteral(null)).isFalse();
  }
}
