package dev.meridian.kernel.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.policy.Schema;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code conf} of a {@code prometheus} metrics backend, on a Mesh or a Dataplane, checked as
 * Kuma 2.4 checks it: its fields and their types, {@code skipMTLS} and {@code tls} not saying
 * different things, a compilable {@code envoy.filterRegex}, unique {@code aggregate} names.
 */
public final class PrometheusConf {
  public static final String TYPE = "prometheus";
  public static final String UNKNOWN_TYPE =
      "unknown backend type. Available backends: \"" + TYPE + "\"";

  private static final Schema UINT32 = Schema.intAtLeast(0, "must be a non-negative integer");

  private static final Schema SHAPE =
      Schema.object()
          .with("port", UINT32)
          .with("path", Schema.STRING)
          .with("tags", Schema.STRING_MAP)
          .with("skipMTLS", Schema.BOOLEAN)
          .with(
              "aggregate",
              Schema.list(
                  Schema.object()
                      .with("name", Schema.STRING)
                      .with("port", UINT32)
                      .with("path", Schema.STRING)
                      .with("enabled", Schema.BOOLEAN)
                      .with("address", Schema.STRING)))
          .with(
              "envoy",
              Schema.object().with("filterRegex", Schema.STRING).with("usedOnly", Schema.BOOLEAN))
          .with(
              "tls",
              Schema.object()
                  .with("mode", Schema.oneOf("activeMTLSBackend", "providedTLS", "disabled")));

  private PrometheusConf() {}

  public static void validate(JsonNode conf, FieldPath at, ValidationErrors errors) {
    if (conf == null || conf.isNull()) {
      return; // Kuma's defaults apply
    }
    ValidationErrors shape = new ValidationErrors();
    SHAPE.check(conf, at, shape);
    if (!shape.isEmpty()) {
      errors.addAll(shape.violations());
      return; // Kuma stops where the conf does not parse
    }
    JsonNode skipMtls = conf.get("skipMTLS");
    JsonNode tls = conf.get("tls");
    if (skipMtls != null && !skipMtls.isNull() && tls != null && !tls.isNull()) {
      String mode = tls.path("mode").asText("activeMTLSBackend");
      boolean agree =
          (!skipMtls.asBoolean() && mode.equals("activeMTLSBackend"))
              || (skipMtls.asBoolean() && mode.equals("disabled"));
      if (!agree) {
        errors.add(at, "skipMTLS and tls configuration cannot be defined together");
        return;
      }
    }
    String filterRegex = conf.path("envoy").path("filterRegex").asText("");
    try {
      Pattern.compile(filterRegex);
    } catch (PatternSyntaxException e) {
      errors.add(
          at.field("envoy").field("filterRegex"),
          "provided regexp isn't correct: " + e.getDescription());
      return;
    }
    Set<String> names = new HashSet<>();
    JsonNode aggregate = conf.path("aggregate");
    for (int i = 0; i < aggregate.size(); i++) {
      String name = aggregate.get(i).path("name").asText("");
      if (!names.add(name)) {
        errors.add(
            at.field("aggregate").index(i).field("name"),
            "duplicate entry: " + name + ", values have to be unique");
      }
    }
  }
}
