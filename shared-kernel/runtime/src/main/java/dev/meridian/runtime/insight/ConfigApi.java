package dev.meridian.runtime.insight;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.runtime.api.Responses;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kuma's {@code GET /config} (the control plane's effective configuration, secrets redacted) and
 * {@code GET /versions} (which kuma-dp and Envoy versions work with it, and Meridian's own).
 */
@RestController
class ConfigApi {
  /**
   * The Kuma release whose formats and rules Meridian follows, and the data plane versions that go
   * with it: Kuma supports kuma-dp within two minor releases of its control plane, each with the
   * Envoy it ships.
   */
  static final String KUMA_COMPATIBILITY = "2.4.10";

  private static final Map<String, String> KUMA_DP_ENVOY =
      new java.util.LinkedHashMap<>(
          Map.of(
              "2.2.x", "~1.25.0",
              "2.3.x", "~1.26.0",
              "2.4.x", "~1.27.0",
              "2.5.x", "~1.28.0",
              "2.6.x", "~1.29.0"));

  private final ConfigurableEnvironment environment;

  ConfigApi(ConfigurableEnvironment environment) {
    this.environment = environment;
  }

  @GetMapping("/config")
  ResponseEntity<byte[]> config(HttpServletRequest request) {
    return Responses.ok(EffectiveConfig.of(environment), request);
  }

  @GetMapping("/versions")
  ResponseEntity<byte[]> versions(HttpServletRequest request) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ObjectNode kumaDp = out.putObject("kumaDp");
    new java.util.TreeMap<>(KUMA_DP_ENVOY)
        .forEach((dp, envoy) -> kumaDp.putObject(dp).put("envoy", envoy));
    ObjectNode meridian = out.putObject("meridian");
    String version = ConfigApi.class.getPackage().getImplementationVersion();
    meridian.put("version", version == null ? "dev" : version);
    meridian.put("kumaCompatibility", KUMA_COMPATIBILITY);
    return Responses.ok(out, request);
  }
}
