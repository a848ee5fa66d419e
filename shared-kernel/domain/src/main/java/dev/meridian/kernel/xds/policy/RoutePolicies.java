package dev.meridian.kernel.xds.policy;

import static dev.meridian.kernel.xds.policy.Confs.ifDuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.UInt32Value;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.xds.Protocol;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What MeshTimeout, MeshRetry and MeshLoadBalancingStrategy (hash policies) do to the routes of an
 * outbound service. For gRPC proxyless clients the request timeout is a max stream duration (what
 * grpc-java reads) and only header hash policies are kept.
 */
public final class RoutePolicies {
  private RoutePolicies() {}

  private static final Map<String, String> HTTP_RETRY_ON =
      Map.of(
          "5xx", "5xx",
          "5XX", "5xx",
          "GatewayError", "gateway-error",
          "Reset", "reset",
          "Retriable4xx", "retriable-4xx",
          "ConnectFailure", "connect-failure",
          "EnvoyRatelimited", "envoy-ratelimited",
          "RefusedStream", "refused-stream",
          "Http3PostConnectFailure", "http3-post-connect-failure");

  private static final Map<String, String> GRPC_RETRY_ON =
      Map.of(
          "Canceled", "cancelled",
          "DeadlineExceeded", "deadline-exceeded",
          "Internal", "internal",
          "ResourceExhausted", "resource-exhausted",
          "Unavailable", "unavailable");

  /** Envoy's and grpc-java's retry conditions when a MeshRetry names none. */
  static final String DEFAULT_HTTP_RETRY_ON =
      "5xx,gateway-error,reset,connect-failure,refused-stream";

  static final String DEFAULT_GRPC_RETRY_ON =
      "cancelled,deadline-exceeded,internal,resource-exhausted,unavailable";

  public static void apply(
      RouteAction.Builder action,
      ProxyRules rules,
      String service,
      Protocol protocol,
      boolean grpc) {
    rules.to(ResourceKind.MESH_TIMEOUT, service).ifPresent(conf -> timeouts(action, conf, grpc));
    rules
        .to(ResourceKind.MESH_RETRY, service)
        .ifPresent(conf -> retry(action, conf, protocol, grpc));
    rules
        .to(ResourceKind.MESH_LOAD_BALANCING_STRATEGY, service)
        .ifPresent(conf -> hashPolicies(action, conf, grpc));
  }

  static void timeouts(RouteAction.Builder action, JsonNode conf, boolean grpc) {
    if (grpc) {
      var duration =
          Confs.duration(conf, "/http/requestTimeout")
              .or(() -> Confs.duration(conf, "/http/maxStreamDuration"));
      duration.ifPresent(
          d ->
              action.setMaxStreamDuration(
                  RouteAction.MaxStreamDuration.newBuilder()
                      .setMaxStreamDuration(d)
                      .setGrpcTimeoutHeaderMax(d)));
      return;
    }
    ifDuration(conf, "/http/requestTimeout", action::setTimeout);
    ifDuration(conf, "/http/streamIdleTimeout", action::setIdleTimeout);
    ifDuration(
        conf,
        "/http/maxStreamDuration",
        d ->
            action.setMaxStreamDuration(
                RouteAction.MaxStreamDuration.newBuilder().setMaxStreamDuration(d)));
  }

  static void retry(RouteAction.Builder action, JsonNode conf, Protocol protocol, boolean grpc) {
    boolean useGrpc = protocol == Protocol.GRPC && conf.has("grpc");
    JsonNode section = useGrpc ? conf.get("grpc") : conf.path("http");
    if (!section.isObject() || !protocol.isHttp()) {
      return;
    }
    RetryPolicy.Builder retry = RetryPolicy.newBuilder();
    List<String> on = new ArrayList<>();
    for (JsonNode item : section.path("retryOn")) {
      String value = item.asText();
      if (useGrpc) {
        on.add(GRPC_RETRY_ON.get(value));
      } else if (HTTP_RETRY_ON.containsKey(value)) {
        on.add(HTTP_RETRY_ON.get(value));
      } else if (value.startsWith("HttpMethod")) {
        retry.addRetriableRequestHeaders(
            HeaderMatcher.newBuilder()
                .setName(":method")
                .setStringMatch(
                    StringMatcher.newBuilder()
                        .setExact(value.substring("HttpMethod".length()).toUpperCase())));
      } else {
        if (!on.contains("retriable-status-codes")) {
          on.add("retriable-status-codes");
        }
        retry.addRetriableStatusCodes(Integer.parseInt(value));
      }
    }
    if (on.isEmpty()) {
      retry.setRetryOn(useGrpc || grpc ? DEFAULT_GRPC_RETRY_ON : DEFAULT_HTTP_RETRY_ON);
    } else {
      retry.setRetryOn(String.join(",", on));
    }
    if (section.has("numRetries")) {
      retry.setNumRetries(UInt32Value.of(section.get("numRetries").asInt()));
    }
    ifDuration(section, "/perTryTimeout", retry::setPerTryTimeout);
    JsonNode backOff = section.path("backOff");
    if (backOff.isObject()) {
      RetryPolicy.RetryBackOff.Builder b = RetryPolicy.RetryBackOff.newBuilder();
      // Envoy needs a base interval whenever a back-off is given (25ms is its default).
      b.setBaseInterval(
          Confs.duration(backOff, "/baseInterval")
              .orElse(dev.meridian.kernel.policy.GoDuration.toProto(25_000_000L)));
      ifDuration(backOff, "/maxInterval", b::setMaxInterval);
      retry.setRetryBackOff(b);
    }
    if (!grpc) {
      JsonNode limited = section.path("rateLimitedBackOff");
      if (limited.isObject()) {
        RetryPolicy.RateLimitedRetryBackOff.Builder r =
            RetryPolicy.RateLimitedRetryBackOff.newBuilder();
        for (JsonNode header : limited.path("resetHeaders")) {
          r.addResetHeaders(
              RetryPolicy.ResetHeader.newBuilder()
                  .setName(header.path("name").asText())
                  .setFormat(
                      "UnixTimestamp".equals(header.path("format").asText())
                          ? RetryPolicy.ResetHeaderFormat.UNIX_TIMESTAMP
                          : RetryPolicy.ResetHeaderFormat.SECONDS));
        }
        ifDuration(limited, "/maxInterval", r::setMaxInterval);
        retry.setRateLimitedRetryBackOff(r);
      }
      for (JsonNode header : section.path("retriableResponseHeaders")) {
        retry.addRetriableHeaders(HttpRoutes.headerMatcher(header));
      }
      for (JsonNode header : section.path("retriableRequestHeaders")) {
        retry.addRetriableRequestHeaders(HttpRoutes.headerMatcher(header));
      }
      if (section.has("hostSelectionMaxAttempts")) {
        retry.setHostSelectionRetryMaxAttempts(section.get("hostSelectionMaxAttempts").asLong());
      }
    }
    action.setRetryPolicy(retry);
  }

  static void hashPolicies(RouteAction.Builder action, JsonNode conf, boolean grpc) {
    JsonNode lb = conf.path("loadBalancer");
    String type = lb.path("type").asText("");
    JsonNode policies =
        type.equals("RingHash")
            ? lb.path("ringHash").path("hashPolicies")
            : type.equals("Maglev") && !grpc ? lb.path("maglev").path("hashPolicies") : null;
    if (policies == null) {
      return;
    }
    for (JsonNode policy : policies) {
      RouteAction.HashPolicy.Builder hash = RouteAction.HashPolicy.newBuilder();
      String kind = policy.path("type").asText();
      if (grpc && !kind.equals("Header")) {
        continue;
      }
      switch (kind) {
        case "Header" ->
            hash.setHeader(
                RouteAction.HashPolicy.Header.newBuilder()
                    .setHeaderName(policy.path("header").path("name").asText()));
        case "Cookie" -> {
          RouteAction.HashPolicy.Cookie.Builder cookie =
              RouteAction.HashPolicy.Cookie.newBuilder()
                  .setName(policy.path("cookie").path("name").asText());
          ifDuration(policy, "/cookie/ttl", cookie::setTtl);
          Confs.ifText(policy, "/cookie/path", cookie::setPath);
          hash.setCookie(cookie);
        }
        case "Connection" ->
            hash.setConnectionProperties(
                RouteAction.HashPolicy.ConnectionProperties.newBuilder()
                    .setSourceIp(policy.path("connection").path("sourceIP").asBoolean(false)));
        case "QueryParameter" ->
            hash.setQueryParameter(
                RouteAction.HashPolicy.QueryParameter.newBuilder()
                    .setName(policy.path("queryParameter").path("name").asText()));
        default ->
            hash.setFilterState(
                RouteAction.HashPolicy.FilterState.newBuilder()
                    .setKey(policy.path("filterState").path("key").asText()));
      }
      if (policy.path("terminal").asBoolean(false)) {
        hash.setTerminal(true);
      }
      action.addHashPolicy(hash);
    }
  }
}
