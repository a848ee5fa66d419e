package dev.meridian.kernel.xds.envoy;

import java.util.regex.Pattern;

/**
 * Kuma's (2.4) names for the Envoy resources of a sidecar. Envoy metrics, {@code kumactl inspect}
 * and users' ProxyTemplates all key on these names, so they must not drift.
 */
public final class EnvoyNames {

  /** The cluster (and listener) exposing part of Envoy's admin API. */
  public static final String ADMIN = "kuma:envoy:admin";

  /** The only admin path the public admin listener forwards. */
  public static final String READY_PATH = "/ready";

  public static final String HTTP_CONNECTION_MANAGER =
      "envoy.filters.network.http_connection_manager";
  public static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";
  public static final String ROUTER = "envoy.filters.http.router";

  /** Key of {@code Cluster.typed_extension_protocol_options} for upstream HTTP options. */
  public static final String HTTP_PROTOCOL_OPTIONS =
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  /** Endpoint metadata namespace the load balancer's subset matching reads. */
  public static final String LB_METADATA = "envoy.lb";

  /** What Kuma replaces in stat prefixes: anything that would break statsd/Prometheus names. */
  private static final Pattern ILLEGAL_STAT_CHARS = Pattern.compile("[^a-zA-Z_\\-0-9]");

  private EnvoyNames() {}

  /** {@code inbound:<address>:<port>}, IPv6 addresses in brackets. */
  public static String inboundListener(String address, int port) {
    return "inbound:" + hostPort(address, port);
  }

  /** {@code outbound:<address>:<port>}, IPv6 addresses in brackets. */
  public static String outboundListener(String address, int port) {
    return "outbound:" + hostPort(address, port);
  }

  /** {@code localhost:<workloadPort>}: the cluster of the local workload behind an inbound. */
  public static String localCluster(int workloadPort) {
    return "localhost:" + workloadPort;
  }

  public static String inboundRoute(String service) {
    return "inbound:" + service;
  }

  public static String outboundRoute(String service) {
    return "outbound:" + service;
  }

  /** A stat prefix as Kuma sanitises it: every character outside {@code [a-zA-Z0-9_-]} → _. */
  public static String statPrefix(String name) {
    return ILLEGAL_STAT_CHARS.matcher(name).replaceAll("_");
  }

  /** {@code host:port}, or {@code [host]:port} for IPv6 literals (Go's net.JoinHostPort). */
  static String hostPort(String address, int port) {
    return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
  }
}
