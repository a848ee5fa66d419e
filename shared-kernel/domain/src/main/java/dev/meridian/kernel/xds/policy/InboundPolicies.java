package dev.meridian.kernel.xds.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;

/** What a {@code from} MeshTimeout does to an inbound HTTP listener. */
public final class InboundPolicies {
  private InboundPolicies() {}

  public static void routeTimeouts(RouteAction.Builder action, JsonNode conf) {
    Confs.ifDuration(conf, "/http/requestTimeout", action::setTimeout);
    Confs.ifDuration(
        conf,
        "/http/maxStreamDuration",
        d ->
            action.setMaxStreamDuration(
                RouteAction.MaxStreamDuration.newBuilder().setMaxStreamDuration(d)));
  }

  public static void managerTimeouts(HttpConnectionManager.Builder hcm, JsonNode conf) {
    Confs.ifDuration(conf, "/http/streamIdleTimeout", hcm::setStreamIdleTimeout);
    var common = io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.newBuilder();
    Confs.ifDuration(conf, "/idleTimeout", common::setIdleTimeout);
    Confs.ifDuration(conf, "/http/maxConnectionDuration", common::setMaxConnectionDuration);
    if (!common
        .build()
        .equals(io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.getDefaultInstance())) {
      hcm.setCommonHttpProtocolOptions(common);
    }
  }
}
