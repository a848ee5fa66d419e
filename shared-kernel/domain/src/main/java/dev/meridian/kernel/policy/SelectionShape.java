package dev.meridian.kernel.policy;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import java.util.Collection;
import java.util.Optional;

/**
 * All that policy matching reads of a dataplane, without the dataplane's own address: its mesh and
 * its {@link Selection} with that address replaced by a placeholder in the inbound keys. Matching
 * reads tags and services, never addresses, so dataplanes that differ only by their address have
 * equal shapes and the same rules but for the inbound keys: a zone builds the rules once per shape
 * ({@link #rules}) and {@link #bind binds} them to each dataplane's address. Pure.
 */
public record SelectionShape(String mesh, Selection selection) {

  /** Stands for the dataplane's own address; not a valid address, so no inbound has it. */
  static final String OWN_ADDRESS = "<own-address>";

  /**
   * The shape of a dataplane; empty when an inbound's own address is spelled like the placeholder
   * (an invalid dataplane), whose rules must then be built on their own.
   */
  public static Optional<SelectionShape> of(Resource dataplane) {
    DataplaneSpec.Networking net = ((DataplaneSpec) dataplane.spec()).networking();
    if (net != null
        && (OWN_ADDRESS.equals(net.address())
            || net.inbounds().stream()
                .anyMatch(in -> in != null && OWN_ADDRESS.equals(in.address())))) {
      return Optional.empty();
    }
    return Optional.of(
        new SelectionShape(dataplane.key().mesh(), Selection.of(dataplane, OWN_ADDRESS)));
  }

  /** The rules of this shape, inbounds keyed at the placeholder; shadow policies left out. */
  public ProxyRules rules(Collection<Resource> policies) {
    return RulesBuilder.build(mesh, selection, policies, false);
  }

  /**
   * Rules of a shape as {@link RulesBuilder#build(Resource, Collection)} gives them for a dataplane
   * of that shape: {@code dataplane}. Rules without inbound ones are returned as they are, so every
   * dataplane of a shape shares them.
   */
  public static ProxyRules bind(ProxyRules shapeRules, Resource dataplane) {
    if (shapeRules.inbound().isEmpty()) {
      return shapeRules;
    }
    String own = OWN_ADDRESS + ":";
    // As Selection spells the key of an inbound at the dataplane's address.
    String bound = ((DataplaneSpec) dataplane.spec()).networking().address() + ":";
    return shapeRules.withInboundKeys(
        key -> key.startsWith(own) ? bound + key.substring(own.length()) : key);
  }
}
