package dev.meridian.kernel.insight;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Kuma's GlobalInsight: every zone's control planes online, meshes, dataplanes by type and status,
 * services and policies, as global sees them. Pure.
 */
public final class GlobalInsight {
  private GlobalInsight() {}

  /** The zones global knows of and how many of them have a control plane online. */
  public record Zones(int total, int online, int zoneIngresses) {}

  public static ObjectNode of(
      Instant now,
      Zones zones,
      Collection<Resource> meshes,
      Collection<Resource> dataplanes,
      Collection<Resource> policies,
      Predicate<ResourceKey> connected) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("type", "GlobalInsight");
    out.put("createdAt", now.toString());
    out.putObject("meshes").put("total", meshes.size());
    ObjectNode zoneNode = out.putObject("zones");
    zoneNode.putObject("controlPlanes").put("online", zones.online()).put("total", zones.total());
    zoneNode.putObject("zoneIngresses").put("total", zones.zoneIngresses());

    StatusCounts standard = new StatusCounts();
    StatusCounts builtin = new StatusCounts();
    StatusCounts delegated = new StatusCounts();
    for (Resource dataplane : dataplanes) {
      DataplaneSpec spec = (DataplaneSpec) dataplane.spec();
      DataplaneStatus status = DataplaneStatus.of(spec, connected.test(dataplane.key()));
      DataplaneSpec.Gateway gateway =
          spec.networking() == null ? null : spec.networking().gateway();
      if (gateway == null) {
        standard.add(status);
      } else if ("BUILTIN".equals(gateway.type())) {
        builtin.add(status);
      } else {
        delegated.add(status);
      }
    }
    ObjectNode dataplaneNode = out.putObject("dataplanes");
    dataplaneNode.set("standard", standard.toJson());
    dataplaneNode.set("gatewayBuiltin", builtin.toJson());
    dataplaneNode.set("gatewayDelegated", delegated.toJson());

    StatusCounts internal = new StatusCounts();
    int gatewayServices = 0;
    for (Resource mesh : meshes) {
      List<ObjectNode> services = ServiceInsights.of(mesh.key().name(), dataplanes, connected);
      for (ObjectNode service : services) {
        if (!service.get("serviceType").asText().equals("internal")) {
          gatewayServices++;
          continue;
        }
        internal.add(
            switch (service.get("status").asText()) {
              case "online" -> DataplaneStatus.ONLINE;
              case "offline" -> DataplaneStatus.OFFLINE;
              default -> DataplaneStatus.PARTIALLY_DEGRADED;
            });
      }
    }
    ObjectNode serviceNode = out.putObject("services");
    serviceNode.put("total", internal.total() + gatewayServices);
    serviceNode.set("internal", internal.toJson());
    serviceNode.putObject("external").put("total", 0);
    out.putObject("policies")
        .put("total", (int) policies.stream().filter(p -> p.key().kind().isPolicy()).count());
    return out;
  }
}
