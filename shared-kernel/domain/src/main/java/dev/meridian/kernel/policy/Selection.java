package dev.meridian.kernel.policy;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a policy's top-level targetRef can select on one dataplane: its inbounds (each with its
 * {@code address:port} and tags) and, for a gateway, the gateway's tags.
 */
public record Selection(
    Map<String, Map<String, String>> inbounds,
    Map<String, String> gatewayTags,
    List<String> outboundServices) {

  public static Selection of(Resource dataplane) {
    return of(dataplane, null);
  }

  /**
   * As {@link #of(Resource)}, but inbounds at the dataplane's own address are keyed with {@code
   * ownAddress} in its place (null: the address itself).
   */
  static Selection of(Resource dataplane, String ownAddress) {
    DataplaneSpec.Networking net = ((DataplaneSpec) dataplane.spec()).networking();
    Map<String, Map<String, String>> inbounds = new LinkedHashMap<>();
    List<String> outbounds = new ArrayList<>();
    Map<String, String> gateway = Map.of();
    if (net != null) {
      for (DataplaneSpec.Inbound in : net.inbounds()) {
        if (in == null || in.port() == null) {
          continue;
        }
        String address =
            in.address() != null && !in.address().isEmpty() ? in.address() : net.address();
        // Compared as the key spells them, so two inbounds share a key here iff they share one
        // with the address itself.
        if (ownAddress != null && String.valueOf(address).equals(String.valueOf(net.address()))) {
          address = ownAddress;
        }
        inbounds.put(
            ProxyRules.inboundKey(address, in.port()), in.tags() == null ? Map.of() : in.tags());
      }
      for (DataplaneSpec.Outbound out : net.outbounds()) {
        String service = out.tags() == null ? null : out.tags().get(DataplaneSpec.SERVICE_TAG);
        if (service != null && !outbounds.contains(service)) {
          outbounds.add(service);
        }
      }
      if (net.gateway() != null && net.gateway().tags() != null) {
        gateway = net.gateway().tags();
      }
    }
    return new Selection(inbounds, gateway, outbounds);
  }

  /** Whether a top-level targetRef selects this dataplane (for {@code to} policies). */
  public boolean selectedBy(TargetRef top) {
    if (top.kind() == TargetRefKind.Mesh) {
      return true;
    }
    if (top.kind() == TargetRefKind.MeshGateway) {
      return top.name() != null
          && Objects.equals(top.name(), gatewayTags.get(DataplaneSpec.SERVICE_TAG));
    }
    return inbounds.values().stream().anyMatch(top::matches)
        || (!gatewayTags.isEmpty() && top.matches(gatewayTags));
  }

  /** Whether this dataplane, as a caller, is within a {@code from} targetRef. */
  public boolean callerWithin(TargetRef from) {
    return from.kind() == TargetRefKind.Mesh
        || inbounds.values().stream().anyMatch(from::matches)
        || (!gatewayTags.isEmpty() && from.matches(gatewayTags));
  }
}
