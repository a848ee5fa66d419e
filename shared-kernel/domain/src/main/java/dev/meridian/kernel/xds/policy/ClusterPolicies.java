package dev.meridian.kernel.xds.policy;

import static dev.meridian.kernel.xds.policy.Confs.ifBoolean;
import static dev.meridian.kernel.xds.policy.Confs.ifDuration;
import static dev.meridian.kernel.xds.policy.Confs.ifUInt32;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import dev.meridian.kernel.xds.Protocol;
import dev.meridian.kernel.xds.envoy.EnvoyNames;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.v3.Int64Range;
import io.envoyproxy.envoy.type.v3.Percent;
import java.util.Base64;

/**
 * What MeshTimeout, MeshCircuitBreaker, MeshHealthCheck and MeshLoadBalancingStrategy do to a
 * cluster. {@code grpc} leaves out what grpc-java's xDS client does not support (it would reject
 * the cluster or ignore it): health checks, idle timeouts, Random and Maglev, hash functions other
 * than xxHash.
 */
public final class ClusterPolicies {
  private ClusterPolicies() {}

  /** The merged confs for one cluster (each may be null). */
  public record Confs4(
      JsonNode timeout, JsonNode circuitBreaker, JsonNode healthCheck, JsonNode lb) {
    public boolean none() {
      return timeout == null && circuitBreaker == null && healthCheck == null && lb == null;
    }
  }

  public static Cluster apply(Cluster cluster, Confs4 confs, Protocol protocol, boolean grpc) {
    if (confs.none()) {
      return cluster;
    }
    Cluster.Builder builder = cluster.toBuilder();
    if (confs.timeout() != null) {
      timeouts(builder, confs.timeout(), protocol, grpc);
    }
    if (confs.circuitBreaker() != null) {
      circuitBreaker(builder, confs.circuitBreaker());
    }
    if (confs.healthCheck() != null && !grpc) {
      healthCheck(builder, confs.healthCheck(), protocol);
    }
    if (confs.lb() != null) {
      loadBalancer(builder, confs.lb(), grpc);
    }
    return builder.build();
  }

  static void timeouts(Cluster.Builder cluster, JsonNode conf, Protocol protocol, boolean grpc) {
    ifDuration(conf, "/connectionTimeout", cluster::setConnectTimeout);
    if (grpc || !protocol.isHttp()) {
      // tcp: the idle timeout belongs to the tcp_proxy of the listener.
      return;
    }
    var common = io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.newBuilder();
    ifDuration(conf, "/idleTimeout", common::setIdleTimeout);
    ifDuration(conf, "/http/maxConnectionDuration", common::setMaxConnectionDuration);
    if (common
        .build()
        .equals(io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.getDefaultInstance())) {
      return;
    }
    HttpProtocolOptions.Builder options = upstreamOptions(cluster);
    options.setCommonHttpProtocolOptions(common);
    cluster.putTypedExtensionProtocolOptions(
        EnvoyNames.HTTP_PROTOCOL_OPTIONS, EnvoySidecarRenderer.pack(options.build()));
  }

  /** The cluster's upstream HTTP options, or HTTP/1.1 ones when it has none yet. */
  private static HttpProtocolOptions.Builder upstreamOptions(Cluster.Builder cluster) {
    Any existing =
        cluster.getTypedExtensionProtocolOptionsMap().get(EnvoyNames.HTTP_PROTOCOL_OPTIONS);
    if (existing != null) {
      try {
        return HttpProtocolOptions.parseFrom(existing.getValue()).toBuilder();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
    return HttpProtocolOptions.newBuilder()
        .setExplicitHttpConfig(
            HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                .setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance()));
  }

  static void circuitBreaker(Cluster.Builder cluster, JsonNode conf) {
    JsonNode limits = conf.path("connectionLimits");
    if (limits.isObject()) {
      CircuitBreakers.Thresholds.Builder thresholds = CircuitBreakers.Thresholds.newBuilder();
      ifUInt32(limits, "/maxConnections", thresholds::setMaxConnections);
      ifUInt32(limits, "/maxPendingRequests", thresholds::setMaxPendingRequests);
      ifUInt32(limits, "/maxRequests", thresholds::setMaxRequests);
      ifUInt32(limits, "/maxRetries", thresholds::setMaxRetries);
      ifUInt32(limits, "/maxConnectionPools", thresholds::setMaxConnectionPools);
      cluster.setCircuitBreakers(CircuitBreakers.newBuilder().addThresholds(thresholds));
    }
    JsonNode outlier = conf.path("outlierDetection");
    if (outlier.isObject() && !outlier.path("disabled").asBoolean(false)) {
      cluster.setOutlierDetection(outlierDetection(outlier));
    }
  }

  /**
   * Kuma's rendering: each detector that is configured is enforced at 100%, every other one at 0%
   * (Envoy would otherwise enforce some by default).
   */
  static OutlierDetection outlierDetection(JsonNode conf) {
    OutlierDetection.Builder out = OutlierDetection.newBuilder();
    ifDuration(conf, "/interval", out::setInterval);
    ifDuration(conf, "/baseEjectionTime", out::setBaseEjectionTime);
    if (conf.has("maxEjectionPercent")) {
      out.setMaxEjectionPercent(
          UInt32Value.of((int) Confs.percent(conf.get("maxEjectionPercent"))));
    }
    ifBoolean(conf, "/splitExternalAndLocalErrors", out::setSplitExternalLocalOriginErrors);
    JsonNode detectors = conf.path("detectors");
    JsonNode total = detectors.path("totalFailures");
    out.setEnforcingConsecutive5Xx(enforcing(total));
    ifUInt32(total, "/consecutive", out::setConsecutive5Xx);
    JsonNode gateway = detectors.path("gatewayFailures");
    out.setEnforcingConsecutiveGatewayFailure(enforcing(gateway));
    ifUInt32(gateway, "/consecutive", out::setConsecutiveGatewayFailure);
    JsonNode local = detectors.path("localOriginFailures");
    out.setEnforcingConsecutiveLocalOriginFailure(enforcing(local));
    ifUInt32(local, "/consecutive", out::setConsecutiveLocalOriginFailure);
    JsonNode successRate = detectors.path("successRate");
    out.setEnforcingSuccessRate(enforcing(successRate));
    ifUInt32(successRate, "/minimumHosts", out::setSuccessRateMinimumHosts);
    ifUInt32(successRate, "/requestVolume", out::setSuccessRateRequestVolume);
    if (successRate.has("standardDeviationFactor")) {
      out.setSuccessRateStdevFactor(
          UInt32Value.of(
              (int) Math.round(Confs.percent(successRate.get("standardDeviationFactor")) * 1000)));
    }
    JsonNode failure = detectors.path("failurePercentage");
    out.setEnforcingFailurePercentage(enforcing(failure));
    ifUInt32(failure, "/minimumHosts", out::setFailurePercentageMinimumHosts);
    ifUInt32(failure, "/requestVolume", out::setFailurePercentageRequestVolume);
    ifUInt32(failure, "/threshold", out::setFailurePercentageThreshold);
    return out.build();
  }

  private static UInt32Value enforcing(JsonNode detector) {
    return UInt32Value.of(detector.isObject() ? 100 : 0);
  }

  /** Kuma's defaults for what a MeshHealthCheck leaves out: 1m interval, 15s timeout, 5 and 1. */
  static void healthCheck(Cluster.Builder cluster, JsonNode conf, Protocol protocol) {
    HealthCheck.Builder check = HealthCheck.newBuilder();
    check.setInterval(
        Confs.duration(conf, "/interval")
            .orElse(dev.meridian.kernel.policy.GoDuration.toProto(60_000_000_000L)));
    check.setTimeout(
        Confs.duration(conf, "/timeout")
            .orElse(dev.meridian.kernel.policy.GoDuration.toProto(15_000_000_000L)));
    check.setUnhealthyThreshold(UInt32Value.of(conf.path("unhealthyThreshold").asInt(5)));
    check.setHealthyThreshold(UInt32Value.of(conf.path("healthyThreshold").asInt(1)));
    ifDuration(conf, "/initialJitter", check::setInitialJitter);
    ifDuration(conf, "/intervalJitter", check::setIntervalJitter);
    if (conf.has("intervalJitterPercent")) {
      check.setIntervalJitterPercent(conf.get("intervalJitterPercent").asInt());
    }
    ifDuration(conf, "/noTrafficInterval", check::setNoTrafficInterval);
    ifBoolean(conf, "/alwaysLogHealthCheckFailures", check::setAlwaysLogHealthCheckFailures);
    ifBoolean(conf, "/reuseConnection", v -> check.setReuseConnection(BoolValue.of(v)));
    JsonNode http = conf.path("http");
    JsonNode grpc = conf.path("grpc");
    JsonNode tcp = conf.path("tcp");
    boolean useHttp = protocol.isHttp() && protocol != Protocol.GRPC && !disabled(http);
    boolean useGrpc = protocol == Protocol.GRPC && !disabled(grpc);
    if (useGrpc) {
      HealthCheck.GrpcHealthCheck.Builder g = HealthCheck.GrpcHealthCheck.newBuilder();
      Confs.ifText(grpc, "/serviceName", g::setServiceName);
      Confs.ifText(grpc, "/authority", g::setAuthority);
      check.setGrpcHealthCheck(g);
    } else if (useHttp) {
      HealthCheck.HttpHealthCheck.Builder h =
          HealthCheck.HttpHealthCheck.newBuilder().setPath(http.path("path").asText("/"));
      for (JsonNode status : http.path("expectedStatuses")) {
        h.addExpectedStatuses(
            Int64Range.newBuilder().setStart(status.asLong()).setEnd(status.asLong() + 1));
      }
      check.setHttpHealthCheck(h);
    } else if (!disabled(tcp)) {
      HealthCheck.TcpHealthCheck.Builder t = HealthCheck.TcpHealthCheck.newBuilder();
      if (tcp.hasNonNull("send")) {
        t.setSend(payload(tcp.get("send").asText()));
      }
      for (JsonNode receive : tcp.path("receive")) {
        t.addReceive(payload(receive.asText()));
      }
      check.setTcpHealthCheck(t);
    } else {
      return;
    }
    cluster.addHealthChecks(check);
    if (conf.has("healthyPanicThreshold")) {
      cluster.setCommonLbConfig(
          cluster.getCommonLbConfig().toBuilder()
              .setHealthyPanicThreshold(
                  Percent.newBuilder().setValue(Confs.percent(conf.get("healthyPanicThreshold")))));
    }
  }

  private static boolean disabled(JsonNode section) {
    return section.path("disabled").asBoolean(false);
  }

  /** Kuma writes health check payloads base64-encoded. */
  private static HealthCheck.Payload payload(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      bytes = base64.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return HealthCheck.Payload.newBuilder().setBinary(ByteString.copyFrom(bytes)).build();
  }

  static void loadBalancer(Cluster.Builder cluster, JsonNode conf, boolean grpc) {
    JsonNode lb = conf.path("loadBalancer");
    switch (lb.path("type").asText("")) {
      case "RoundRobin" -> cluster.setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
      case "LeastRequest" -> {
        cluster.setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST);
        if (lb.path("leastRequest").has("choiceCount")) {
          cluster.setLeastRequestLbConfig(
              Cluster.LeastRequestLbConfig.newBuilder()
                  .setChoiceCount(
                      UInt32Value.of(lb.path("leastRequest").get("choiceCount").asInt())));
        }
      }
      case "RingHash" -> {
        cluster.setLbPolicy(Cluster.LbPolicy.RING_HASH);
        JsonNode ring = lb.path("ringHash");
        Cluster.RingHashLbConfig.Builder config = Cluster.RingHashLbConfig.newBuilder();
        if (ring.has("minRingSize")) {
          config.setMinimumRingSize(UInt64Value.of(ring.get("minRingSize").asLong()));
        }
        if (ring.has("maxRingSize")) {
          config.setMaximumRingSize(UInt64Value.of(ring.get("maxRingSize").asLong()));
        }
        if (!grpc && "MurmurHash2".equals(ring.path("hashFunction").asText())) {
          config.setHashFunction(Cluster.RingHashLbConfig.HashFunction.MURMUR_HASH_2);
        }
        cluster.setRingHashLbConfig(config);
      }
      case "Random" -> {
        if (!grpc) {
          cluster.setLbPolicy(Cluster.LbPolicy.RANDOM);
        }
      }
      case "Maglev" -> {
        if (!grpc) {
          cluster.setLbPolicy(Cluster.LbPolicy.MAGLEV);
          if (lb.path("maglev").has("tableSize")) {
            cluster.setMaglevLbConfig(
                Cluster.MaglevLbConfig.newBuilder()
                    .setTableSize(UInt64Value.of(lb.path("maglev").get("tableSize").asLong())));
          }
        }
      }
      default -> {
        // Only locality awareness: the endpoints carry it (see LocalityPriorities).
      }
    }
  }
}
