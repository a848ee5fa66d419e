package dev.meridian.kernel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceDocument.Format;
import dev.meridian.kernel.resource.ResourceKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kuma 2.4's Mesh rules for logging, tracing, metrics, constraints, routing and networking. */
class MeshValidatorTest {

  private static List<String> violations(String yaml) {
    var parsed =
        ResourceDocument.read(
            ResourceKind.MESH,
            ("type: Mesh\nname: m\n" + yaml).getBytes(StandardCharsets.UTF_8),
            Format.YAML);
    return MeshValidator.validate((MeshSpec) parsed.spec()).stream()
        .map(v -> v.field() + ": " + v.reason())
        .toList();
  }

  @Test
  void loggingBackendsAreCheckedByTypeWithKumasConfigPaths() {
    assertThat(
            violations(
                """
                logging:
                  defaultBackend: nowhere
                  backends:
                    - name: file
                      type: file
                      conf: {}
                    - name: tcp
                      type: tcp
                      conf: {address: no-port}
                    - name: tcp
                      type: tcp
                    - name: ""
                      type: kafka
                """))
        .containsExactly(
            "logging.backends[0].config.path: cannot be empty",
            "logging.backends[1].config.address: has to be in format of HOST:PORT",
            "logging.backends[2].config.address: cannot be empty",
            "logging.backends[2].name: \"tcp\" name is already used for another backend",
            "logging.backends[3].name: cannot be empty",
            "logging.backends[3].type: unknown backend type. Available backends: \"tcp\","
                + " \"file\"",
            "logging.defaultBackend: has to be set to one of the logging backend in mesh");
  }

  @Test
  void anAccessLogFormatMustParseAsEnvoysCommandOperators() {
    assertThat(
            violations(
                """
                logging:
                  backends:
                    - name: file
                      type: file
                      format: "%START_TIME% %REQ%"
                      conf: {path: /tmp/log}
                    - name: file2
                      type: file
                      format: "100%"
                      conf: {path: /tmp/log}
                    - name: file3
                      type: file
                      format: "%BYTES_SENT(x)%"
                      conf: {path: /tmp/log}
                """))
        .containsExactly(
            "logging.backends[0].format: format string is not valid: command \"REQ\" requires a"
                + " header and optional alternative header names as its arguments, instead got"
                + " \"%REQ%\"",
            "logging.backends[1].format: format string is not valid: expected a command operator"
                + " to start at position 4, instead got: \"%\"",
            "logging.backends[2].format: format string is not valid: command \"BYTES_SENT\""
                + " doesn't support arguments or max length constraint, instead got"
                + " \"%BYTES_SENT(x)%\"");
  }

  @Test
  void aLoggingConfsUnknownFieldIsNamedWhereItWasWritten() {
    assertThat(
            violations(
                """
                logging:
                  backends:
                    - {name: f, type: file, conf: {pth: /tmp/log}}
                """))
        .containsExactly("logging.backends[0].conf.pth: unknown field");
  }

  @Test
  void tracingBackendsAreCheckedByType() {
    assertThat(
            violations(
                """
                tracing:
                  defaultBackend: jaeger
                  backends:
                    - name: zipkin
                      type: zipkin
                      sampling: 101
                      conf: {url: "http://zipkin/api/v2/spans", apiVersion: v3}
                    - name: zipkin-2
                      type: zipkin
                      conf: {url: "not a url"}
                    - name: dd
                      type: datadog
                      conf: {port: 0}
                    - name: x
                      type: jaeger
                """))
        .containsExactly(
            "tracing.backends[0].sampling: has to be in [0.0 - 100.0] range",
            "tracing.backends[0].config.apiVersion: has invalid value. Allowed values:"
                + " httpJsonV1, httpJson, httpProto",
            "tracing.backends[0].config.url: port has to be explicitly specified",
            "tracing.backends[1].config.url: invalid URL",
            "tracing.backends[2].config.address: cannot be empty",
            "tracing.backends[2].config.port: port must be in the range [1, 65535]",
            "tracing.backends[3].type: unknown backend type. Available backends: \"zipkin\","
                + " \"datadog\"",
            "tracing.defaultBackend: has to be set to one of the tracing backend in mesh");
  }

  @Test
  void metricsBackendsArePrometheusWithAValidConf() {
    assertThat(
            violations(
                """
                metrics:
                  enabledBackend: prom-2
                  backends:
                    - name: prom-1
                      type: prometheus
                      conf: {skipMTLS: false, tls: {mode: disabled}}
                    - name: prom-1
                      type: statsd
                """))
        .containsExactly(
            "metrics.backends[0].conf: skipMTLS and tls configuration cannot be defined together",
            "metrics.backends[1].name: \"prom-1\" name is already used for another backend",
            "metrics.backends[1].type: unknown backend type. Available backends: \"prometheus\"",
            "metrics.enabledBackend: has to be set to one of the backends in the mesh");
  }

  @Test
  void constraintsAreSelectorsOfAtLeastOneTag() {
    assertThat(
            violations(
                """
                constraints:
                  dataplaneProxy:
                    requirements:
                      - tags: {}
                    restrictions:
                      - tags: {"bad key!": x, team: "a b"}
                """))
        .containsExactly(
            "constraints.dataplaneProxy.requirements[0].tags: must have at least one tag",
            "constraints.dataplaneProxy.restrictions[0].tags[\"bad key!\"]: tag name must consist"
                + " of alphanumeric characters, dots, dashes, slashes and underscores",
            "constraints.dataplaneProxy.restrictions[0].tags[\"team\"]: tag value must consist of"
                + " alphanumeric characters, dots, dashes, slashes and underscores or be \"*\"");
  }

  @Test
  void zoneEgressNeedsMtls() {
    assertThat(violations("routing: {zoneEgress: true}"))
        .containsExactly("mtls: has to be set when zoneEgress enabled");
    assertThat(
            violations(
                """
                routing: {zoneEgress: true}
                mtls:
                  enabledBackend: ca-1
                  backends: [{name: ca-1, type: builtin}]
                """))
        .isEmpty();
  }

  @Test
  void sectionsAreTypedAndUnknownFieldsNamed() {
    assertThat(
            violations(
                """
                routing: {localityAwareLoadBalancing: "yes", zoneEgres: true}
                networking: {outbound: {passthrough: 1}}
                """))
        .containsExactly(
            "networking.outbound.passthrough: must be a boolean",
            "routing.localityAwareLoadBalancing: must be a boolean",
            "routing.zoneEgres: unknown field");
  }
}
