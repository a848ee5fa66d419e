package dev.meridian.kernel.xds;

import java.util.Locale;

/** The application protocol of a service, from its inbounds' {@code kuma.io/protocol} tag. */
public enum Protocol {
  TCP,
  HTTP,
  HTTP2,
  GRPC,
  KAFKA;

  /** Protocols Envoy proxies with the HTTP connection manager (routes) instead of tcp_proxy. */
  public boolean isHttp() {
    return this == HTTP || this == HTTP2 || this == GRPC;
  }

  /** Protocols whose upstream connections must speak HTTP/2. */
  public boolean needsHttp2Upstream() {
    return this == HTTP2 || this == GRPC;
  }

  /** The tag value's protocol; absent or unknown values mean tcp, as in Kuma. */
  public static Protocol fromTag(String value) {
    if (value == null) {
      return TCP;
    }
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return TCP;
    }
  }

  public String tagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
