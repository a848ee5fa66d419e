package dev.meridian.kernel.xds;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a zone's ingress offers other zones: per mesh and service, how many ready instances this
 * zone has. Pure; the zone control plane keeps its ingresses' {@code availableServices} equal to
 * it.
 */
public final class AvailableServices {
  private AvailableServices() {}

  public static List<ZoneIngressSpec.AvailableService> of(Iterable<Resource> dataplanes) {
    Map<String, Map<String, String>> tagsByKey = new TreeMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, String> meshByKey = new TreeMap<>();
    for (Resource resource : dataplanes) {
      DataplaneSpec.Networking net = ((DataplaneSpec) resource.spec()).networking();
      if (net == null) {
        continue;
      }
      for (DataplaneSpec.Inbound inbound : net.inbounds()) {
        if (inbound == null || inbound.tags() == null || !ServiceEndpoints.isReady(inbound)) {
          continue;
        }
        String service = inbound.tags().get(DataplaneSpec.SERVICE_TAG);
        if (service == null) {
          continue;
        }
        Map<String, String> tags = new TreeMap<>();
        tags.put(DataplaneSpec.SERVICE_TAG, service);
        copy(inbound.tags(), tags, DataplaneSpec.PROTOCOL_TAG);
        copy(inbound.tags(), tags, DataplaneSpec.ZONE_TAG);
        String key = resource.key().mesh() + "\u0000" + tags;
        tagsByKey.put(key, tags);
        meshByKey.put(key, resource.key().mesh());
        counts.merge(key, 1, Integer::sum);
      }
    }
    List<ZoneIngressSpec.AvailableService> out = new ArrayList<>();
    counts.forEach(
        (key, count) ->
            out.add(
                new ZoneIngressSpec.AvailableService(
                    tagsByKey.get(key), count, meshByKey.get(key))));
    return out;
  }

  private static void copy(Map<String, String> from, Map<String, String> to, String tag) {
    if (from.containsKey(tag)) {
      to.put(tag, from.get(tag));
    }
  }
}
