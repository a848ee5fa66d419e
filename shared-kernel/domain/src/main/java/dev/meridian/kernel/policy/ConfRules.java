package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.validation.FieldPath;
import dev.meridian.kernel.validation.ValidationErrors;
import java.util.List;
import java.util.Set;

/** Rules of a conf that relate its fields to each other (its shape is {@link ConfSchemas}'). */
@FunctionalInterface
interface ConfRules {
  void check(JsonNode conf, FieldPath at, ValidationErrors errors);

  String MUST_NOT_BE_EMPTY = "must not be empty";

  ConfRules TIMEOUT =
      (conf, at, errors) -> {
        if (conf.isEmpty()
            || (conf.size() == 1 && conf.has("http") && conf.path("http").isEmpty())) {
          errors.add(at, "at least one timeout should be defined");
        }
      };

  Set<String> HTTP_RETRY_ON =
      Set.of(
          "5xx",
          "5XX",
          "GatewayError",
          "Reset",
          "Retriable4xx",
          "ConnectFailure",
          "EnvoyRatelimited",
          "RefusedStream",
          "Http3PostConnectFailure",
          "HttpMethodConnect",
          "HttpMethodDelete",
          "HttpMethodGet",
          "HttpMethodHead",
          "HttpMethodOptions",
          "HttpMethodPatch",
          "HttpMethodPost",
          "HttpMethodPut",
          "HttpMethodTrace");

  ConfRules RETRY =
      (conf, at, errors) -> {
        if (!conf.has("tcp") && !conf.has("http") && !conf.has("grpc")) {
          errors.add(at, "at least one of the 'tcp', 'http', 'grpc' must be specified");
        }
        for (String protocol : List.of("tcp", "http", "grpc")) {
          if (conf.has(protocol) && conf.get(protocol).isEmpty()) {
            errors.add(at.field(protocol), MUST_NOT_BE_EMPTY);
          }
          JsonNode backOff = conf.path(protocol).path("backOff");
          if (backOff.isObject() && backOff.isEmpty()) {
            errors.add(at.field(protocol).field("backOff"), MUST_NOT_BE_EMPTY);
          }
        }
        JsonNode retryOn = conf.path("http").path("retryOn");
        for (int i = 0; i < retryOn.size(); i++) {
          String value = retryOn.get(i).asText();
          if (!HTTP_RETRY_ON.contains(value) && !isHttpStatus(value)) {
            errors.add(at.field("http").field("retryOn").index(i), "unknown item '" + value + "'");
          }
        }
      };

  private static boolean isHttpStatus(String value) {
    try {
      int status = Integer.parseInt(value);
      return status >= 100 && status < 600;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  ConfRules CIRCUIT_BREAKER =
      (conf, at, errors) -> {
        if (!conf.has("connectionLimits") && !conf.has("outlierDetection")) {
          errors.add(
              at, "at least one of 'connectionLimits', 'outlierDetection' must be specified");
        }
        if (conf.has("connectionLimits") && conf.get("connectionLimits").isEmpty()) {
          errors.add(at.field("connectionLimits"), MUST_NOT_BE_EMPTY);
        }
      };

  ConfRules HEALTH_CHECK =
      (conf, at, errors) -> {
        if (conf.isEmpty()) {
          errors.add(at, MUST_NOT_BE_EMPTY);
        }
      };

  ConfRules LOAD_BALANCING =
      (conf, at, errors) -> {
        JsonNode lb = conf.path("loadBalancer");
        if (conf.isEmpty()) {
          errors.add(at, MUST_NOT_BE_EMPTY);
        }
        if (lb.isObject()) {
          if (!lb.hasNonNull("type")) {
            errors.add(at.field("loadBalancer").field("type"), "must be defined");
          }
          String type = lb.path("type").asText();
          for (String section : List.of("leastRequest", "ringHash", "maglev")) {
            String owner = Character.toUpperCase(section.charAt(0)) + section.substring(1);
            if (lb.has(section) && !owner.equals(type)) {
              errors.add(
                  at.field("loadBalancer").field(section), "must only be set with type " + owner);
            }
          }
          JsonNode ring = lb.path("ringHash");
          if (ring.has("minRingSize")
              && ring.has("maxRingSize")
              && ring.get("minRingSize").asLong() > ring.get("maxRingSize").asLong()) {
            errors.add(
                at.field("loadBalancer").field("ringHash").field("minRingSize"),
                "must be less than or equal to maxRingSize");
          }
          checkHashPolicies(
              ring.path("hashPolicies"),
              at.field("loadBalancer").field("ringHash").field("hashPolicies"),
              errors);
          checkHashPolicies(
              lb.path("maglev").path("hashPolicies"),
              at.field("loadBalancer").field("maglev").field("hashPolicies"),
              errors);
        }
      };

  private static void checkHashPolicies(JsonNode policies, FieldPath at, ValidationErrors errors) {
    for (int i = 0; i < policies.size(); i++) {
      JsonNode policy = policies.get(i);
      String type = policy.path("type").asText();
      if (type.isEmpty()) {
        errors.add(at.index(i).field("type"), "must be defined");
        continue;
      }
      String section = Character.toLowerCase(type.charAt(0)) + type.substring(1);
      if (!policy.has(section)) {
        errors.add(at.index(i).field(section), "must be defined");
      }
    }
  }

  ConfRules HTTP_ROUTE_RULE =
      (rule, at, errors) -> {
        JsonNode matches = rule.path("matches");
        if (!matches.isArray() || matches.isEmpty()) {
          errors.add(at.field("matches"), "must not be empty");
        }
        for (int i = 0; i < matches.size(); i++) {
          JsonNode path = matches.get(i).path("path");
          FieldPath pathAt = at.field("matches").index(i).field("path");
          if (path.isObject()) {
            String value = path.path("value").asText("");
            String type = path.path("type").asText("");
            if (!path.has("type")) {
              errors.add(pathAt.field("type"), "must be defined");
            }
            if (!type.equals("RegularExpression") && !value.startsWith("/")) {
              errors.add(pathAt.field("value"), "must be an absolute path");
            }
            if (type.equals("PathPrefix") && value.length() > 1 && value.endsWith("/")) {
              errors.add(pathAt.field("value"), "does not need a trailing slash");
            }
          }
        }
        JsonNode filters = rule.path("default").path("filters");
        for (int i = 0; i < filters.size(); i++) {
          String type = filters.get(i).path("type").asText("");
          FieldPath filterAt = at.field("default").field("filters").index(i);
          if (type.isEmpty()) {
            errors.add(filterAt.field("type"), "must be defined");
            continue;
          }
          String section = Character.toLowerCase(type.charAt(0)) + type.substring(1);
          if (type.equals("URLRewrite")) {
            section = "urlRewrite";
          }
          if (!filters.get(i).has(section)) {
            errors.add(filterAt.field(section), "must be defined");
          }
        }
        checkBackendRefs(rule.path("default").path("backendRefs"), at, errors);
      };

  ConfRules TCP_ROUTE_RULE =
      (rule, at, errors) -> {
        JsonNode refs = rule.path("default").path("backendRefs");
        if (!refs.isArray() || refs.isEmpty()) {
          errors.add(at.field("default").field("backendRefs"), "must not be empty");
        }
        checkBackendRefs(refs, at, errors);
      };

  private static void checkBackendRefs(JsonNode refs, FieldPath at, ValidationErrors errors) {
    for (int i = 0; i < refs.size(); i++) {
      JsonNode ref = refs.get(i);
      FieldPath refAt = at.field("default").field("backendRefs").index(i);
      if (!ref.hasNonNull("kind")) {
        errors.add(refAt.field("kind"), "must be set");
      }
      if (!ref.hasNonNull("name") || ref.get("name").asText().isEmpty()) {
        errors.add(refAt.field("name"), "must be set with kind " + ref.path("kind").asText());
      }
      if ("MeshServiceSubset".equals(ref.path("kind").asText())
          && (!ref.has("tags") || ref.get("tags").isEmpty())) {
        errors.add(refAt.field("tags"), "must be set with kind MeshServiceSubset");
      }
      if ("MeshService".equals(ref.path("kind").asText()) && ref.has("tags")) {
        errors.add(refAt.field("tags"), "cannot be set with kind MeshService");
      }
    }
  }

  ConfRules FAULT_INJECTION =
      (conf, at, errors) -> {
        JsonNode http = conf.path("http");
        for (int i = 0; i < http.size(); i++) {
          JsonNode fault = http.get(i);
          FieldPath faultAt = at.field("http").index(i);
          if (!fault.has("abort") && !fault.has("delay") && !fault.has("responseBandwidth")) {
            errors.add(
                faultAt, "at least one of 'abort', 'delay', 'responseBandwidth' must be set");
          }
          requireAll(
              fault.path("abort"), faultAt.field("abort"), errors, "httpStatus", "percentage");
          requireAll(fault.path("delay"), faultAt.field("delay"), errors, "value", "percentage");
          requireAll(
              fault.path("responseBandwidth"),
              faultAt.field("responseBandwidth"),
              errors,
              "limit",
              "percentage");
        }
      };

  /** An empty {@code default} would leave a caller's fate to the other items: say it. */
  ConfRules TRAFFIC_PERMISSION =
      (conf, at, errors) -> {
        if (!conf.hasNonNull("action")) {
          errors.add(at.field("action"), "must be defined");
        }
      };

  ConfRules RATE_LIMIT =
      (conf, at, errors) -> {
        JsonNode local = conf.path("local");
        if (!local.isObject() || (!local.has("http") && !local.has("tcp"))) {
          errors.add(at.field("local"), "at least one of 'http', 'tcp' must be defined");
          return;
        }
        JsonNode http = local.path("http");
        if (http.isObject()
            && !http.path("disabled").asBoolean(false)
            && !http.has("requestRate")) {
          errors.add(at.field("local").field("http").field("requestRate"), "must be defined");
        }
        JsonNode tcp = local.path("tcp");
        if (tcp.isObject()
            && !tcp.path("disabled").asBoolean(false)
            && !tcp.has("connectionRate")) {
          errors.add(at.field("local").field("tcp").field("connectionRate"), "must be defined");
        }
        requireAll(
            http.path("requestRate"),
            at.field("local").field("http").field("requestRate"),
            errors,
            "num",
            "interval");
        requireAll(
            tcp.path("connectionRate"),
            at.field("local").field("tcp").field("connectionRate"),
            errors,
            "num",
            "interval");
      };

  /** When {@code node} is an object, each of {@code fields} must be in it. */
  private static void requireAll(
      JsonNode node, FieldPath at, ValidationErrors errors, String... fields) {
    if (!node.isObject()) {
      return;
    }
    for (String field : fields) {
      if (!node.hasNonNull(field)) {
        errors.add(at.field(field), "must be defined");
      }
    }
  }
}
