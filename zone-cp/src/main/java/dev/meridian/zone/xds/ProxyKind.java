package dev.meridian.zone.xds;

import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.Locale;

/** How a connected proxy wants its config rendered, told by its node's user agent. */
public enum ProxyKind {
  ENVOY,
  /** A gRPC client with a built-in xDS resolver (grpc-java, grpc-go, …): proxyless. */
  GRPC;

  public static ProxyKind of(Node node) {
    return node.getUserAgentName().toLowerCase(Locale.ROOT).startsWith("grpc") ? GRPC : ENVOY;
  }

  /** The cache group of a node: one snapshot per (node id, rendering). */
  public static String group(Node node) {
    return node.getId() + "#" + of(node).name();
  }
}
