package dev.meridian.kernel.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.mtls.MeshMtls;
import dev.meridian.kernel.policy.Schema;
import dev.meridian.kernel.resource.MeshSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kuma 2.4's Mesh rules, section by section, with Kuma's field paths and wording: {@code mtls} (see
 * {@link MeshMtls}), {@code logging}, {@code tracing}, {@code metrics}, {@code constraints}, and
 * {@code routing.zoneEgress} needing mTLS. Each section's shape is checked first (unknown fields
 * named); a section whose shape is wrong gets no further rule checks, as Kuma's parse would stop
 * there.
 */
public final class MeshValidator {
  private static final Schema ANY_OBJECT = Schema.typed(JsonNode::isObject, "must be an object");
  private static final Schema NUMBER = Schema.typed(JsonNode::isNumber, "must be a number");
  private static final Schema UINT32 = Schema.intAtLeast(0, "must be a non-negative integer");
  private static final Pattern TAG_KEY = Pattern.compile("^[a-zA-Z0-9.\\-_:/]*$");
  private static final Pattern SELECTOR_VALUE = Pattern.compile("^([a-zA-Z0-9.\\-_:/]*|\\*)$");

  private static final Schema LOGGING =
      Schema.object()
          .with("defaultBackend", Schema.STRING)
          .with(
              "backends",
              Schema.list(
                  Schema.object()
                      .with("name", Schema.STRING)
                      .with("format", Schema.STRING)
                      .with("type", Schema.STRING)
                      .with("conf", ANY_OBJECT)));
  private static final Schema FILE_LOGGING = Schema.object().with("path", Schema.STRING);
  private static final Schema TCP_LOGGING = Schema.object().with("address", Schema.STRING);

  private static final Schema TRACING =
      Schema.object()
          .with("defaultBackend", Schema.STRING)
          .with(
              "backends",
              Schema.list(
                  Schema.object()
                      .with("name", Schema.STRING)
                      .with("sampling", NUMBER)
                      .with("type", Schema.STRING)
                      .with("conf", ANY_OBJECT)));
  private static final Schema ZIPKIN =
      Schema.object()
          .with("url", Schema.STRING)
          .with("traceId128bit", Schema.BOOLEAN)
          .with("apiVersion", Schema.STRING)
          .with("sharedSpanContext", Schema.BOOLEAN);
  private static final Schema DATADOG =
      Schema.object()
          .with("address", Schema.STRING)
          .with("port", UINT32)
          .with("splitService", Schema.BOOLEAN);

  private static final Schema METRICS =
      Schema.object()
          .with("enabledBackend", Schema.STRING)
          .with(
              "backends",
              Schema.list(
                  Schema.object()
                      .with("name", Schema.STRING)
                      .with("type", Schema.STRING)
                      .with("conf", ANY_OBJECT)));

  private static final Schema NETWORKING =
      Schema.object().with("outbound", Schema.object().with("passthrough", Schema.BOOLEAN));

  private static final Schema ROUTING =
      Schema.object()
          .with("localityAwareLoadBalancing", Schema.BOOLEAN)
          .with("zoneEgress", Schema.BOOLEAN);

  private static final Schema RULES = Schema.list(Schema.object().with("tags", Schema.STRING_MAP));
  private static final Schema CONSTRAINTS =
      Schema.object()
          .with(
              "dataplaneProxy",
              Schema.object().with("requirements", RULES).with("restrictions", RULES));

  private MeshValidator() {}

  public static List<Violation> validate(MeshSpec spec) {
    ValidationErrors errors = new ValidationErrors();
    if (spec == null) {
      return errors.violations();
    }
    errors.addAll(MeshMtls.validate(spec.mtls()));
    section(spec.logging(), "logging", LOGGING, MeshValidator::validateLogging, errors);
    section(spec.tracing(), "tracing", TRACING, MeshValidator::validateTracing, errors);
    section(spec.metrics(), "metrics", METRICS, MeshValidator::validateMetrics, errors);
    section(
        spec.constraints(), "constraints", CONSTRAINTS, MeshValidator::validateConstraints, errors);
    section(spec.networking(), "networking", NETWORKING, (node, at, e) -> {}, errors);
    boolean mtlsEnabled = MeshMtls.of(spec).enabled();
    section(
        spec.routing(),
        "routing",
        ROUTING,
        (routing, at, e) -> {
          // Egress traffic is identified by the proxy's certificate: no mTLS, no egress.
          if (routing.path("zoneEgress").asBoolean(false) && !mtlsEnabled) {
            e.add(FieldPath.of("mtls"), "has to be set when zoneEgress enabled");
          }
        },
        errors);
    return errors.violations();
  }

  private interface Rules {
    void check(JsonNode section, FieldPath at, ValidationErrors errors);
  }

  private static void section(
      JsonNode node, String name, Schema shape, Rules rules, ValidationErrors errors) {
    if (node == null || node.isNull()) {
      return;
    }
    FieldPath at = FieldPath.of(name);
    ValidationErrors shapeErrors = new ValidationErrors();
    shape.check(node, at, shapeErrors);
    if (!shapeErrors.isEmpty()) {
      errors.addAll(shapeErrors.violations());
      return;
    }
    rules.check(node, at, errors);
  }

  private static void validateLogging(JsonNode logging, FieldPath at, ValidationErrors errors) {
    Set<String> names = new HashSet<>();
    JsonNode backends = logging.path("backends");
    for (int i = 0; i < backends.size(); i++) {
      JsonNode backend = backends.get(i);
      FieldPath backendAt = at.field("backends").index(i);
      String name = backend.path("name").asText("");
      if (name.isEmpty()) {
        errors.add(backendAt.field("name"), "cannot be empty");
      }
      AccessLogFormat.problem(backend.path("format").asText(""))
          .ifPresent(problem -> errors.add(backendAt.field("format"), problem));
      JsonNode conf = backend.path("conf");
      // Kuma names a backend's conf "config" in its paths.
      FieldPath configAt = backendAt.field("config");
      switch (backend.path("type").asText("")) {
        case "file" -> {
          if (shaped(conf, FILE_LOGGING, backendAt.field("conf"), errors)
              && conf.path("path").asText("").isEmpty()) {
            errors.add(configAt.field("path"), "cannot be empty");
          }
        }
        case "tcp" -> {
          if (shaped(conf, TCP_LOGGING, backendAt.field("conf"), errors)) {
            validateTcpAddress(conf.path("address").asText(""), configAt, errors);
          }
        }
        default ->
            errors.add(
                backendAt.field("type"),
                "unknown backend type. Available backends: \"tcp\", \"file\"");
      }
      uniqueName(names, name, backendAt, errors);
    }
    defaultBackend(logging, names, at, "logging", errors);
  }

  /** A backend's name, once per section (Kuma's wording). */
  private static void uniqueName(
      Set<String> names, String name, FieldPath backendAt, ValidationErrors errors) {
    if (!names.add(name)) {
      errors.add(
          backendAt.field("name"), "\"" + name + "\" name is already used for another backend");
    }
  }

  /** A section's {@code defaultBackend}, when set, names one of its backends. */
  private static void defaultBackend(
      JsonNode section, Set<String> names, FieldPath at, String what, ValidationErrors errors) {
    String defaultBackend = section.path("defaultBackend").asText("");
    if (!defaultBackend.isEmpty() && !names.contains(defaultBackend)) {
      errors.add(
          at.field("defaultBackend"), "has to be set to one of the " + what + " backend in mesh");
    }
  }

  private static void validateTcpAddress(String address, FieldPath at, ValidationErrors errors) {
    if (address.isEmpty()) {
      errors.add(at.field("address"), "cannot be empty");
      return;
    }
    if (!Addresses.isHostPort(address)) {
      errors.add(at.field("address"), "has to be in format of HOST:PORT");
    }
  }

  private static void validateTracing(JsonNode tracing, FieldPath at, ValidationErrors errors) {
    Set<String> names = new HashSet<>();
    JsonNode backends = tracing.path("backends");
    for (int i = 0; i < backends.size(); i++) {
      JsonNode backend = backends.get(i);
      FieldPath backendAt = at.field("backends").index(i);
      String name = backend.path("name").asText("");
      if (name.isEmpty()) {
        errors.add(backendAt.field("name"), "cannot be empty");
      }
      double sampling = backend.path("sampling").asDouble(0);
      if (sampling < 0.0 || sampling > 100.0) {
        errors.add(backendAt.field("sampling"), "has to be in [0.0 - 100.0] range");
      }
      JsonNode conf = backend.path("conf");
      FieldPath configAt = backendAt.field("config");
      switch (backend.path("type").asText("")) {
        case "zipkin" -> {
          if (shaped(conf, ZIPKIN, backendAt.field("conf"), errors)) {
            validateZipkin(conf, configAt, errors);
          }
        }
        case "datadog" -> {
          if (shaped(conf, DATADOG, backendAt.field("conf"), errors)) {
            if (conf.path("address").asText("").isEmpty()) {
              errors.add(configAt.field("address"), "cannot be empty");
            }
            int port = conf.path("port").asInt(0);
            if (port < 1 || port > 65535) {
              errors.add(configAt.field("port"), "port must be in the range [1, 65535]");
            }
          }
        }
        default ->
            errors.add(
                backendAt.field("type"),
                "unknown backend type. Available backends: \"zipkin\", \"datadog\"");
      }
      uniqueName(names, name, backendAt, errors);
    }
    defaultBackend(tracing, names, at, "tracing", errors);
  }

  private static void validateZipkin(JsonNode conf, FieldPath at, ValidationErrors errors) {
    String apiVersion = conf.path("apiVersion").asText("");
    if (!apiVersion.isEmpty()
        && !List.of("httpJsonV1", "httpJson", "httpProto").contains(apiVersion)) {
      errors.add(
          at.field("apiVersion"),
          "has invalid value. Allowed values: httpJsonV1, httpJson, httpProto");
    }
    String url = conf.path("url").asText("");
    if (url.isEmpty()) {
      errors.add(at.field("url"), "cannot be empty");
      return;
    }
    URI uri;
    try {
      uri = UrlPaths.isRequestUri(url) ? new URI(url) : null;
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null) {
      errors.add(at.field("url"), "invalid URL");
    } else if (uri.getPort() < 0) {
      errors.add(at.field("url"), "port has to be explicitly specified");
    }
  }

  private static void validateMetrics(JsonNode metrics, FieldPath at, ValidationErrors errors) {
    Set<String> names = new HashSet<>();
    JsonNode backends = metrics.path("backends");
    for (int i = 0; i < backends.size(); i++) {
      JsonNode backend = backends.get(i);
      FieldPath backendAt = at.field("backends").index(i);
      String name = backend.path("name").asText("");
      if (names.contains(name)) {
        errors.add(
            backendAt.field("name"), "\"" + name + "\" name is already used for another backend");
      }
      if (!PrometheusConf.TYPE.equals(backend.path("type").asText(""))) {
        errors.add(backendAt.field("type"), PrometheusConf.UNKNOWN_TYPE);
      } else {
        PrometheusConf.validate(backend.get("conf"), backendAt.field("conf"), errors);
      }
      names.add(name);
    }
    String enabled = metrics.path("enabledBackend").asText("");
    if (!enabled.isEmpty() && !names.contains(enabled)) {
      errors.add(at.field("enabledBackend"), "has to be set to one of the backends in the mesh");
    }
  }

  private static void validateConstraints(
      JsonNode constraints, FieldPath at, ValidationErrors errors) {
    JsonNode proxy = constraints.path("dataplaneProxy");
    FieldPath proxyAt = at.field("dataplaneProxy");
    for (String list : List.of("requirements", "restrictions")) {
      JsonNode rules = proxy.path(list);
      for (int i = 0; i < rules.size(); i++) {
        validateSelector(
            rules.get(i).path("tags"), proxyAt.field(list).index(i).field("tags"), errors);
      }
    }
  }

  /** Kuma's selector rules: at least one tag, tag names as on a dataplane, values or {@code *}. */
  private static void validateSelector(JsonNode tags, FieldPath at, ValidationErrors errors) {
    TreeMap<String, String> sorted = new TreeMap<>();
    tags.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText("")));
    if (sorted.isEmpty()) {
      errors.add(at, "must have at least one tag");
    }
    sorted.forEach(
        (key, value) -> {
          if (key.isEmpty()) {
            errors.add(at, "tag name must be non-empty");
          }
          if (!TAG_KEY.matcher(key).matches()) {
            errors.add(
                at.key(key),
                "tag name must consist of alphanumeric characters, dots, dashes, slashes and"
                    + " underscores");
          }
          if (value.isEmpty()) {
            errors.add(at.key(key), "tag value must be non-empty");
          }
          if (!SELECTOR_VALUE.matcher(value).matches()) {
            errors.add(
                at.key(key),
                "tag value must consist of alphanumeric characters, dots, dashes, slashes and"
                    + " underscores or be \"*\"");
          }
        });
  }

  private static boolean shaped(
      JsonNode conf, Schema schema, FieldPath at, ValidationErrors errors) {
    if (conf.isMissingNode() || conf.isNull()) {
      return true; // an absent conf reads as an empty one, as Kuma's parse does
    }
    ValidationErrors shapeErrors = new ValidationErrors();
    schema.check(conf, at, shapeErrors);
    errors.addAll(shapeErrors.violations());
    return shapeErrors.isEmpty();
  }
}
