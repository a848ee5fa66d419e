package dev.meridian.kernel.xds.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.UInt32Value;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultDelay;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.TokenBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * HTTP and network filters that MeshFaultInjection and MeshRateLimit put in front of a listener's
 * router or tcp_proxy.
 */
public final class InboundFilters {
  public static final String FAULT = "envoy.filters.http.fault";
  public static final String HTTP_LOCAL_RATE_LIMIT = "envoy.filters.http.local_ratelimit";
  public static final String NETWORK_LOCAL_RATE_LIMIT = "envoy.filters.network.local_ratelimit";

  private InboundFilters() {}

  /** One fault filter per entry of {@code http}, in order (Kuma's rendering). */
  public static List<HttpFilter> faults(JsonNode conf) {
    List<HttpFilter> filters = new ArrayList<>();
    int index = 0;
    for (JsonNode entry : conf.path("http")) {
      filters.add(
          HttpFilter.newBuilder()
              .setName(index == 0 ? FAULT : FAULT + "." + index)
              .setTypedConfig(EnvoySidecarRenderer.pack(fault(entry)))
              .build());
      index++;
    }
    return filters;
  }

  static HTTPFault fault(JsonNode entry) {
    HTTPFault.Builder fault = HTTPFault.newBuilder();
    JsonNode abort = entry.path("abort");
    if (abort.isObject()) {
      fault.setAbort(
          FaultAbort.newBuilder()
              .setHttpStatus(abort.path("httpStatus").asInt())
              .setPercentage(Confs.fraction(abort.path("percentage"))));
    }
    JsonNode delay = entry.path("delay");
    if (delay.isObject()) {
      FaultDelay.Builder d =
          FaultDelay.newBuilder().setPercentage(Confs.fraction(delay.path("percentage")));
      Confs.ifDuration(delay, "/value", d::setFixedDelay);
      fault.setDelay(d);
    }
    JsonNode bandwidth = entry.path("responseBandwidth");
    if (bandwidth.isObject()) {
      fault.setResponseRateLimit(
          FaultRateLimit.newBuilder()
              .setFixedLimit(
                  FaultRateLimit.FixedLimit.newBuilder()
                      .setLimitKbps(kbps(bandwidth.path("limit").asText())))
              .setPercentage(Confs.fraction(bandwidth.path("percentage"))));
    }
    return fault.build();
  }

  /** Kuma's bandwidth ({@code 1kbps}, {@code 2mbps}, {@code 1gbps}) in kilobits per second. */
  static long kbps(String limit) {
    String value = limit.toLowerCase(java.util.Locale.ROOT).trim();
    long factor = 1;
    if (value.endsWith("gbps")) {
      factor = 1_000_000;
    } else if (value.endsWith("mbps")) {
      factor = 1_000;
    }
    String digits = value.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? 0 : Long.parseLong(digits) * factor;
  }

  /** The HTTP local rate limit of an inbound, unless disabled or absent. */
  public static Optional<HttpFilter> httpRateLimit(JsonNode conf, String statPrefix) {
    JsonNode http = conf.path("local").path("http");
    if (!http.isObject() || http.path("disabled").asBoolean(false) || !http.has("requestRate")) {
      return Optional.empty();
    }
    var limit =
        io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit.newBuilder()
            .setStatPrefix(statPrefix)
            .setTokenBucket(bucket(http.path("requestRate")))
            .setFilterEnabled(everyone("local_rate_limit_enabled"))
            .setFilterEnforced(everyone("local_rate_limit_enforced"));
    JsonNode onLimit = http.path("onRateLimit");
    if (onLimit.has("status")) {
      limit.setStatus(HttpStatus.newBuilder().setCodeValue(onLimit.get("status").asInt()));
    }
    HttpRoutes.headers(onLimit.path("headers"), limit::addResponseHeadersToAdd);
    return Optional.of(
        HttpFilter.newBuilder()
            .setName(HTTP_LOCAL_RATE_LIMIT)
            .setTypedConfig(EnvoySidecarRenderer.pack(limit.build()))
            .build());
  }

  /** The connection rate limit of a tcp inbound, unless disabled or absent. */
  public static Optional<Filter> tcpRateLimit(JsonNode conf, String statPrefix) {
    JsonNode tcp = conf.path("local").path("tcp");
    if (!tcp.isObject() || tcp.path("disabled").asBoolean(false) || !tcp.has("connectionRate")) {
      return Optional.empty();
    }
    var limit =
        io.envoyproxy.envoy.extensions.filters.network.local_ratelimit.v3.LocalRateLimit
            .newBuilder()
            .setStatPrefix(statPrefix)
            .setTokenBucket(bucket(tcp.path("connectionRate")))
            .build();
    return Optional.of(
        Filter.newBuilder()
            .setName(NETWORK_LOCAL_RATE_LIMIT)
            .setTypedConfig(EnvoySidecarRenderer.pack(limit))
            .build());
  }

  /** {@code num} requests per {@code interval}, refilled all at once (Kuma's token bucket). */
  private static TokenBucket bucket(JsonNode rate) {
    int num = rate.path("num").asInt();
    return TokenBucket.newBuilder()
        .setMaxTokens(num)
        .setTokensPerFill(UInt32Value.of(num))
        .setFillInterval(Confs.duration(rate, "/interval").orElseThrow())
        .build();
  }

  private static RuntimeFractionalPercent everyone(String runtimeKey) {
    return RuntimeFractionalPercent.newBuilder()
        .setDefaultValue(
            FractionalPercent.newBuilder()
                .setNumerator(100)
                .setDenominator(FractionalPercent.DenominatorType.HUNDRED))
        .setRuntimeKey(runtimeKey)
        .build();
  }
}
