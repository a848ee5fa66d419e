package dev.meridian.kernel.xds.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;

/**
 * MeshLoadBalancingStrategy's locality awareness: endpoints in the proxy's own zone come first
 * (priority 0), other zones' only when the local ones cannot take the traffic (priority 1).
 */
public final class LocalityPriorities {
  private LocalityPriorities() {}

  public static boolean enabled(JsonNode lbConf) {
    return lbConf != null && !lbConf.path("localityAwareness").path("disabled").asBoolean(false);
  }

  /** The assignment with priorities relative to {@code zone}; unchanged if nothing is local. */
  public static ClusterLoadAssignment apply(ClusterLoadAssignment assignment, String zone) {
    boolean anyLocal =
        assignment.getEndpointsList().stream()
            .anyMatch(l -> l.getLocality().getZone().equals(zone));
    boolean anyRemote =
        assignment.getEndpointsList().stream()
            .anyMatch(l -> !l.getLocality().getZone().equals(zone));
    if (!anyLocal || !anyRemote) {
      return assignment;
    }
    ClusterLoadAssignment.Builder out = assignment.toBuilder().clearEndpoints();
    for (LocalityLbEndpoints locality : assignment.getEndpointsList()) {
      out.addEndpoints(
          locality.toBuilder()
              .setPriority(locality.getLocality().getZone().equals(zone) ? 0 : 1)
              .build());
    }
    return out.build();
  }
}
