package dev.meridian.runtime.insight;

import dev.meridian.kernel.resource.ResourceKey;

/**
 * Whether a proxy of a dataplane is connected: a zone knows from its own ADS streams, global from
 * the insights every zone publishes. Each app provides one.
 */
public interface DataplaneConnectivity {
  boolean online(ResourceKey dataplane);
}
