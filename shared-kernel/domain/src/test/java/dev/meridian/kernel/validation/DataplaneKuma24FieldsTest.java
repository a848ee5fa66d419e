package dev.meridian.kernel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceDocument.Format;
import dev.meridian.kernel.resource.ResourceKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Dataplane fields beside networking's interfaces — {@code transparentProxying}, {@code
 * metrics}, {@code probes} — checked with Kuma 2.4's paths and reasons.
 */
class DataplaneKuma24FieldsTest {
  private static final String PORT_RANGE = "port must be in the range [1, 65535]";

  private static List<String> violations(String yaml) {
    var parsed =
        ResourceDocument.read(
            ResourceKind.DATAPLANE, yaml.getBytes(StandardCharsets.UTF_8), Format.YAML);
    return DataplaneValidator.validate((DataplaneSpec) parsed.spec()).stream()
        .map(v -> v.field() + ": " + v.reason())
        .toList();
  }

  private static final String NETWORKING =
      """
      networking:
        address: 10.0.0.1
        inbound:
          - port: 8080
            tags: {kuma.io/service: web}
      """;

  @Test
  void probesNeedPortsAndRequestPaths() {
    assertThat(
            violations(
                NETWORKING
                    + """
                    probes:
                      port: 0
                      endpoints:
                        - inboundPort: 70000
                          inboundPath: healthz
                          path: ""
                        - inboundPort: 8080
                          inboundPath: http://app/healthz
                          path: /ok
                    """))
        .containsExactly(
            "probes.port: " + PORT_RANGE,
            "probes.endpoints[0].inboundPort: " + PORT_RANGE,
            "probes.endpoints[0].inboundPath: should be a valid URL Path",
            "probes.endpoints[0].path: should be a valid URL Path");
  }

  @Test
  void aBuiltinGatewayHasNoProbesAndKumaSaysSoUnderNetworking() {
    assertThat(
            violations(
                """
                networking:
                  address: 10.0.0.1
                  gateway: {type: BUILTIN, tags: {kuma.io/service: edge}}
                probes: {port: 9000}
                """))
        .containsExactly("networking.probes: probes cannot be defined for builtin gateways");
  }

  @Test
  void metricsBackendsArePrometheusOnly() {
    assertThat(violations(NETWORKING + "metrics: {type: statsd}"))
        .containsExactly("metrics.type: unknown backend type. Available backends: \"prometheus\"");
  }

  @Test
  void prometheusConfFieldsAreTypedAndUnknownOnesNamed() {
    assertThat(
            violations(
                NETWORKING
                    + """
                    metrics:
                      type: prometheus
                      conf: {port: -1, pathh: /m, tls: {mode: sometimes}}
                    """))
        .containsExactlyInAnyOrder(
            "metrics.conf.port: must be a non-negative integer",
            "metrics.conf.pathh: unknown field",
            "metrics.conf.tls.mode: must be one of activeMTLSBackend, providedTLS, disabled");
  }

  @Test
  void skipMtlsAndTlsMayNotDisagree() {
    String conf =
        NETWORKING
            + """
            metrics:
              type: prometheus
              conf: {skipMTLS: true, tls: {mode: providedTLS}}
            """;
    assertThat(violations(conf))
        .containsExactly("metrics.conf: skipMTLS and tls configuration cannot be defined together");
    assertThat(violations(conf.replace("providedTLS", "disabled"))).isEmpty();
  }

  @Test
  void aBadFilterRegexAndRepeatedAggregateNamesAreNamed() {
    assertThat(
            violations(
                NETWORKING
                    + """
                    metrics:
                      type: prometheus
                      conf: {envoy: {filterRegex: "http2_act("}}
                    """))
        .singleElement()
        .asString()
        .startsWith("metrics.conf.envoy.filterRegex: provided regexp isn't correct: ");
    assertThat(
            violations(
                NETWORKING
                    + """
                    metrics:
                      type: prometheus
                      conf:
                        aggregate:
                          - {name: app, port: 8000}
                          - {name: app, port: 8001}
                    """))
        .containsExactly(
            "metrics.conf.aggregate[1].name: duplicate entry: app, values have to be unique");
  }

  @Test
  void gatewaysMetricsAreNotCheckedAsKumaDoesNot() {
    assertThat(
            violations(
                """
                networking:
                  address: 10.0.0.1
                  gateway: {tags: {kuma.io/service: kong}}
                metrics: {type: statsd}
                """))
        .isEmpty();
  }

  @Test
  void redirectPortsMustBePortsAndServiceListsNames() {
    assertThat(
            violations(
                NETWORKING.replace("networking:\n", "networking:\n")
                    + """
                      transparentProxying:
                        redirectPortInbound: 70000
                        redirectPortOutbound: -1
                        reachableServices: [redis, ""]
                    """))
        .containsExactly(
            "networking.transparentProxying.redirectPortInbound: port must be in the range [0,"
                + " 65535]",
            "networking.transparentProxying.redirectPortOutbound: port must be in the range [0,"
                + " 65535]",
            "networking.transparentProxying.reachableServices[1]: must be a service name");
  }

  @Test
  void theDeprecatedOutboundServiceStandsForItsServiceTag() {
    var parsed =
        ResourceDocument.read(
            ResourceKind.DATAPLANE,
            (NETWORKING + "  outbound:\n    - {port: 10001, service: db}\n")
                .getBytes(StandardCharsets.UTF_8),
            Format.YAML);
    var outbound = ((DataplaneSpec) parsed.spec()).networking().outbounds().get(0);
    assertThat(outbound.tags()).containsEntry(DataplaneSpec.SERVICE_TAG, "db");
    assertThat(DataplaneValidator.validate((DataplaneSpec) parsed.spec())).isEmpty();
  }
}
