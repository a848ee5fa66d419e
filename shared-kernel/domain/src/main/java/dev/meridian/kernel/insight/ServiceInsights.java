package dev.meridian.kernel.insight;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Kuma's ServiceInsight of each service of a mesh: how many of its dataplanes are online
 * (connected, the service's inbounds ready), its status ({@code online} when all are, {@code
 * offline} when none is, {@code partially_degraded} in between), its type and the zones it runs in.
 * Pure.
 */
public final class ServiceInsights {
  private ServiceInsights() {}

  private static final class Service {
    String type = "internal";
    final Set<String> zones = new TreeSet<>();
    int online;
    int offline;
  }

  /** Every service of {@code mesh}'s dataplanes, by name. */
  public static List<ObjectNode> of(
      String mesh, Collection<Resource> dataplanes, Predicate<ResourceKey> connected) {
    Map<String, Service> services = new TreeMap<>();
    for (Resource resource : dataplanes) {
      if (!resource.key().mesh().equals(mesh)) {
        continue;
      }
      DataplaneSpec spec = (DataplaneSpec) resource.spec();
      if (spec.networking() == null) {
        continue;
      }
      boolean isConnected = connected.test(resource.key());
      DataplaneSpec.Gateway gateway = spec.networking().gateway();
      if (gateway != null && gateway.tags() != null) {
        String name = gateway.tags().get(DataplaneSpec.SERVICE_TAG);
        if (name != null) {
          Service service = services.computeIfAbsent(name, n -> new Service());
          service.type = "BUILTIN".equals(gateway.type()) ? "gateway_builtin" : "gateway_delegated";
          zoneOf(gateway.tags()).ifPresent(service.zones::add);
          count(service, isConnected);
        }
      }
      Set<String> seen = new TreeSet<>();
      for (DataplaneSpec.Inbound inbound : spec.networking().inbounds()) {
        String name =
            inbound == null || inbound.tags() == null
                ? null
                : inbound.tags().get(DataplaneSpec.SERVICE_TAG);
        if (name == null || !seen.add(name)) {
          continue; // a dataplane counts once per service
        }
        Service service = services.computeIfAbsent(name, n -> new Service());
        zoneOf(inbound.tags()).ifPresent(service.zones::add);
        DataplaneStatus status =
            DataplaneStatus.of(
                spec,
                isConnected,
                in -> in.tags() != null && name.equals(in.tags().get(DataplaneSpec.SERVICE_TAG)));
        count(service, status != DataplaneStatus.OFFLINE);
      }
    }
    List<ObjectNode> out = new ArrayList<>();
    services.forEach((name, service) -> out.add(render(mesh, name, service)));
    return out;
  }

  private static void count(Service service, boolean online) {
    if (online) {
      service.online++;
    } else {
      service.offline++;
    }
  }

  private static java.util.Optional<String> zoneOf(Map<String, String> tags) {
    return java.util.Optional.ofNullable(tags.get(DataplaneSpec.ZONE_TAG)).filter(Objects::nonNull);
  }

  private static ObjectNode render(String mesh, String name, Service service) {
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.put("type", "ServiceInsight");
    item.put("mesh", mesh);
    item.put("name", name);
    int total = service.online + service.offline;
    String status =
        service.online == total ? "online" : service.online == 0 ? "offline" : "partially_degraded";
    item.put("status", status);
    item.put("serviceType", service.type);
    item.putObject("dataplanes")
        .put("online", service.online)
        .put("offline", service.offline)
        .put("total", total);
    ArrayNode zones = item.putArray("zones");
    service.zones.forEach(zones::add);
    return item;
  }
}
