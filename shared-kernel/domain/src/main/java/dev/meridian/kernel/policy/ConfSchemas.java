package dev.meridian.kernel.policy;

import static dev.meridian.kernel.policy.Schema.BOOLEAN;
import static dev.meridian.kernel.policy.Schema.DURATION;
import static dev.meridian.kernel.policy.Schema.NON_NEGATIVE_INT;
import static dev.meridian.kernel.policy.Schema.PERCENTAGE;
import static dev.meridian.kernel.policy.Schema.POSITIVE_DURATION;
import static dev.meridian.kernel.policy.Schema.POSITIVE_INT;
import static dev.meridian.kernel.policy.Schema.STRING;
import static dev.meridian.kernel.policy.Schema.STRING_MAP;
import static dev.meridian.kernel.policy.Schema.list;
import static dev.meridian.kernel.policy.Schema.object;
import static dev.meridian.kernel.policy.Schema.oneOf;

/** The {@code default} blocks of each policy kind, field for field as Kuma 2.4 names them. */
final class ConfSchemas {
  private ConfSchemas() {}

  static final Schema TIMEOUT =
      object()
          .with("connectionTimeout", DURATION)
          .with("idleTimeout", DURATION)
          .with(
              "http",
              object()
                  .with("requestTimeout", DURATION)
                  .with("streamIdleTimeout", DURATION)
                  .with("maxStreamDuration", DURATION)
                  .with("maxConnectionDuration", DURATION));

  static final String[] GRPC_RETRY_ON = {
    "Canceled", "DeadlineExceeded", "Internal", "ResourceExhausted", "Unavailable"
  };

  private static final Schema BACK_OFF =
      object().with("baseInterval", POSITIVE_DURATION).with("maxInterval", POSITIVE_DURATION);

  private static final Schema RATE_LIMITED_BACK_OFF =
      object()
          .with(
              "resetHeaders",
              list(object().with("name", STRING).with("format", oneOf("Seconds", "UnixTimestamp"))))
          .with("maxInterval", POSITIVE_DURATION);

  private static final Schema HEADER_MATCH =
      object()
          .with("type", oneOf("Exact", "Present", "RegularExpression", "Absent", "Prefix"))
          .with("name", STRING)
          .with("value", STRING);

  static final Schema RETRY =
      object()
          .with("tcp", object().with("maxConnectAttempt", POSITIVE_INT))
          .with(
              "http",
              object()
                  .with("numRetries", NON_NEGATIVE_INT)
                  .with("perTryTimeout", POSITIVE_DURATION)
                  .with("backOff", BACK_OFF)
                  .with("rateLimitedBackOff", RATE_LIMITED_BACK_OFF)
                  .with("retryOn", list(STRING))
                  .with("retriableResponseHeaders", list(HEADER_MATCH))
                  .with("retriableRequestHeaders", list(HEADER_MATCH))
                  .with("hostSelectionMaxAttempts", NON_NEGATIVE_INT))
          .with(
              "grpc",
              object()
                  .with("numRetries", NON_NEGATIVE_INT)
                  .with("perTryTimeout", POSITIVE_DURATION)
                  .with("backOff", BACK_OFF)
                  .with("rateLimitedBackOff", RATE_LIMITED_BACK_OFF)
                  .with("retryOn", list(oneOf(GRPC_RETRY_ON))));

  private static final Schema CONSECUTIVE = object().with("consecutive", NON_NEGATIVE_INT);

  static final Schema CIRCUIT_BREAKER =
      object()
          .with(
              "connectionLimits",
              object()
                  .with("maxConnections", POSITIVE_INT)
                  .with("maxPendingRequests", POSITIVE_INT)
                  .with("maxRequests", POSITIVE_INT)
                  .with("maxRetries", POSITIVE_INT)
                  .with("maxConnectionPools", POSITIVE_INT))
          .with(
              "outlierDetection",
              object()
                  .with("disabled", BOOLEAN)
                  .with("interval", POSITIVE_DURATION)
                  .with("baseEjectionTime", POSITIVE_DURATION)
                  .with("maxEjectionPercent", PERCENTAGE)
                  .with("splitExternalAndLocalErrors", BOOLEAN)
                  .with(
                      "detectors",
                      object()
                          .with("totalFailures", CONSECUTIVE)
                          .with("gatewayFailures", CONSECUTIVE)
                          .with("localOriginFailures", CONSECUTIVE)
                          .with(
                              "successRate",
                              object()
                                  .with("minimumHosts", NON_NEGATIVE_INT)
                                  .with("requestVolume", NON_NEGATIVE_INT)
                                  .with("standardDeviationFactor", nonNegativeNumber()))
                          .with(
                              "failurePercentage",
                              object()
                                  .with("minimumHosts", NON_NEGATIVE_INT)
                                  .with("requestVolume", NON_NEGATIVE_INT)
                                  .with("threshold", PERCENTAGE))));

  /** Kuma's standardDeviationFactor: an integer or a decimal string, not negative. */
  private static Schema nonNegativeNumber() {
    return (node, at, errors) -> {
      try {
        double value = node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
        if (!(node.isTextual() || node.isIntegralNumber()) || value < 0) {
          errors.add(at, "must be a non-negative integer or decimal string");
        }
      } catch (NumberFormatException e) {
        errors.add(at, "string is not a number");
      }
    };
  }

  static final Schema HEALTH_CHECK =
      object()
          .with("interval", POSITIVE_DURATION)
          .with("timeout", POSITIVE_DURATION)
          .with("unhealthyThreshold", POSITIVE_INT)
          .with("healthyThreshold", POSITIVE_INT)
          .with("initialJitter", DURATION)
          .with("intervalJitter", DURATION)
          .with("intervalJitterPercent", Schema.intAtLeast(0, "must be greater or equal to 0"))
          .with("healthyPanicThreshold", PERCENTAGE)
          .with("failTrafficOnPanic", BOOLEAN)
          .with("noTrafficInterval", POSITIVE_DURATION)
          .with("eventLogPath", STRING)
          .with("alwaysLogHealthCheckFailures", BOOLEAN)
          .with("reuseConnection", BOOLEAN)
          .with(
              "tcp",
              object().with("disabled", BOOLEAN).with("send", STRING).with("receive", list(STRING)))
          .with(
              "http",
              object()
                  .with("disabled", BOOLEAN)
                  .with("path", STRING)
                  .with(
                      "expectedStatuses",
                      list(Schema.intAtLeast(100, "must be in range [100, 600)")))
                  .with(
                      "requestHeadersToAdd",
                      object().with("add", list(headerValue())).with("set", list(headerValue()))))
          .with(
              "grpc",
              object()
                  .with("disabled", BOOLEAN)
                  .with("serviceName", STRING)
                  .with("authority", STRING));

  private static Schema headerValue() {
    return object().with("name", STRING).with("value", STRING);
  }

  private static final Schema HASH_POLICY =
      object()
          .with("type", oneOf("Header", "Cookie", "Connection", "QueryParameter", "FilterState"))
          .with("terminal", BOOLEAN)
          .with("header", object().with("name", STRING))
          .with("cookie", object().with("name", STRING).with("ttl", DURATION).with("path", STRING))
          .with("connection", object().with("sourceIP", BOOLEAN))
          .with("queryParameter", object().with("name", STRING))
          .with("filterState", object().with("key", STRING));

  static final Schema LOAD_BALANCING =
      object()
          .with("localityAwareness", object().with("disabled", BOOLEAN))
          .with(
              "loadBalancer",
              object()
                  .with("type", oneOf("RoundRobin", "LeastRequest", "RingHash", "Random", "Maglev"))
                  .with(
                      "leastRequest",
                      object()
                          .with(
                              "choiceCount", Schema.intAtLeast(2, "must be greater or equal to 2")))
                  .with(
                      "ringHash",
                      object()
                          .with("hashFunction", oneOf("XXHash", "MurmurHash2"))
                          .with("minRingSize", POSITIVE_INT)
                          .with("maxRingSize", POSITIVE_INT)
                          .with("hashPolicies", list(HASH_POLICY)))
                  .with(
                      "maglev",
                      object()
                          .with("tableSize", POSITIVE_INT)
                          .with("hashPolicies", list(HASH_POLICY))));

  static final Schema BACKEND_REF =
      object()
          .with("kind", oneOf("MeshService", "MeshServiceSubset"))
          .with("name", STRING)
          .with("tags", STRING_MAP)
          .with("weight", NON_NEGATIVE_INT);

  private static final Schema HEADER_MODIFIER =
      object()
          .with("add", list(headerValue()))
          .with("set", list(headerValue()))
          .with("remove", list(STRING));

  static final Schema HTTP_ROUTE_MATCH =
      object()
          .with(
              "path",
              object()
                  .with("type", oneOf("Exact", "PathPrefix", "RegularExpression"))
                  .with("value", STRING))
          .with(
              "method",
              oneOf("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"))
          .with(
              "queryParams",
              list(
                  object()
                      .with("type", oneOf("Exact", "RegularExpression"))
                      .with("name", STRING)
                      .with("value", STRING)))
          .with("headers", list(HEADER_MATCH));

  static final Schema HTTP_ROUTE_FILTER =
      object()
          .with(
              "type",
              oneOf(
                  "RequestHeaderModifier",
                  "ResponseHeaderModifier",
                  "RequestRedirect",
                  "URLRewrite",
                  "RequestMirror"))
          .with("requestHeaderModifier", HEADER_MODIFIER)
          .with("responseHeaderModifier", HEADER_MODIFIER)
          .with(
              "requestRedirect",
              object()
                  .with("scheme", oneOf("http", "https"))
                  .with("hostname", STRING)
                  .with("port", POSITIVE_INT)
                  .with("statusCode", oneOf301to308()))
          .with(
              "urlRewrite",
              object()
                  .with("hostname", STRING)
                  .with(
                      "path",
                      object()
                          .with("type", oneOf("ReplaceFullPath", "ReplacePrefixMatch"))
                          .with("replaceFullPath", STRING)
                          .with("replacePrefixMatch", STRING)))
          .with(
              "requestMirror",
              object().with("backendRef", BACKEND_REF).with("percentage", PERCENTAGE));

  private static Schema oneOf301to308() {
    return (node, at, errors) -> {
      if (!node.isIntegralNumber()
          || !java.util.List.of(301, 302, 303, 307, 308).contains(node.asInt())) {
        errors.add(at, "must be one of 301, 302, 303, 307, 308");
      }
    };
  }

  static final Schema HTTP_ROUTE_DEFAULT =
      object().with("filters", list(HTTP_ROUTE_FILTER)).with("backendRefs", list(BACKEND_REF));

  static final Schema HTTP_ROUTE_RULE =
      object().with("matches", list(HTTP_ROUTE_MATCH)).with("default", HTTP_ROUTE_DEFAULT);

  static final Schema TCP_ROUTE_RULE =
      object().with("default", object().with("backendRefs", list(BACKEND_REF)));

  static final Schema FAULT_INJECTION =
      object()
          .with(
              "http",
              list(
                  object()
                      .with(
                          "abort",
                          object()
                              .with(
                                  "httpStatus",
                                  (node, at, errors) -> {
                                    if (!node.isIntegralNumber()
                                        || node.asInt() < 100
                                        || node.asInt() >= 600) {
                                      errors.add(at, "must be in range [100, 600)");
                                    }
                                  })
                              .with("percentage", PERCENTAGE))
                      .with(
                          "delay", object().with("value", DURATION).with("percentage", PERCENTAGE))
                      .with(
                          "responseBandwidth",
                          object().with("limit", STRING).with("percentage", PERCENTAGE))));

  private static final Schema RATE =
      object().with("num", POSITIVE_INT).with("interval", POSITIVE_DURATION);

  static final Schema RATE_LIMIT =
      object()
          .with(
              "local",
              object()
                  .with(
                      "http",
                      object()
                          .with("disabled", BOOLEAN)
                          .with("requestRate", RATE)
                          .with(
                              "onRateLimit",
                              object()
                                  .with(
                                      "status",
                                      Schema.intAtLeast(100, "must be in range [100, 600)"))
                                  .with(
                                      "headers",
                                      object()
                                          .with("add", list(headerValue()))
                                          .with("set", list(headerValue())))))
                  .with("tcp", object().with("disabled", BOOLEAN).with("connectionRate", RATE)));

  /** MeshTrafficPermission: what happens to the callers a {@code from} item selects. */
  static final Schema TRAFFIC_PERMISSION =
      object().with("action", oneOf(TrafficPermissionAction.names()));
}
