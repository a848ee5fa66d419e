package dev.meridian.kernel.insight;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.mtls.MeshMtls;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Kuma's MeshInsight of one mesh: its dataplanes online, offline and partially degraded, in all and
 * by type; its policies per kind; its services; and, under mTLS, the CA backend its proxies'
 * certificates come from. Pure.
 */
public final class MeshInsight {
  private MeshInsight() {}

  public static ObjectNode of(
      Resource mesh,
      Collection<Resource> dataplanes,
      Collection<Resource> policies,
      Predicate<ResourceKey> connected) {
    String name = mesh.key().name();
    ObjectNode document = ResourceDocument.render(mesh);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("type", "MeshInsight");
    out.put("name", name);
    out.set("creationTime", document.get("creationTime"));
    out.set("modificationTime", document.get("modificationTime"));

    StatusCounts all = new StatusCounts();
    Map<String, StatusCounts> byType = new TreeMap<>();
    for (String type : List.of("standard", "gateway", "gatewayBuiltin", "gatewayDelegated")) {
      byType.put(type, new StatusCounts());
    }
    for (Resource dataplane : dataplanes) {
      if (!dataplane.key().mesh().equals(name)) {
        continue;
      }
      DataplaneSpec spec = (DataplaneSpec) dataplane.spec();
      DataplaneStatus status = DataplaneStatus.of(spec, connected.test(dataplane.key()));
      all.add(status);
      DataplaneSpec.Gateway gateway =
          spec.networking() == null ? null : spec.networking().gateway();
      if (gateway == null) {
        byType.get("standard").add(status);
      } else {
        byType.get("gateway").add(status);
        byType
            .get("BUILTIN".equals(gateway.type()) ? "gatewayBuiltin" : "gatewayDelegated")
            .add(status);
      }
    }
    out.set("dataplanes", all.toJson());
    ObjectNode types = out.putObject("dataplanesByType");
    byType.forEach((type, counts) -> types.set(type, counts.toJson()));

    Map<String, Integer> perKind = new TreeMap<>();
    policies.stream()
        .filter(p -> p.key().kind().isPolicy() && name.equals(p.key().mesh()))
        .forEach(p -> perKind.merge(p.key().kind().typeName(), 1, Integer::sum));
    ObjectNode policyNode = out.putObject("policies");
    perKind.forEach((kind, total) -> policyNode.putObject(kind).put("total", total));

    List<ObjectNode> services = ServiceInsights.of(name, dataplanes, connected);
    ObjectNode serviceNode = out.putObject("services");
    serviceNode.put("total", services.size());
    serviceNode.put(
        "internal",
        (int)
            services.stream()
                .filter(s -> s.get("serviceType").asText().equals("internal"))
                .count());
    serviceNode.put("external", 0);

    MeshMtls mtls = MeshMtls.of((MeshSpec) mesh.spec());
    ObjectNode mtlsNode = out.putObject("mTLS");
    ObjectNode issued = mtlsNode.putObject("issuedBackends");
    ObjectNode supported = mtlsNode.putObject("supportedBackends");
    if (mtls.enabled()) {
      // Every proxy of the mesh gets its identity from the enabled backend.
      issued.set(mtls.enabledBackend(), all.toJson());
      supported.set(mtls.enabledBackend(), all.toJson());
    }
    ObjectNode resources = out.putObject("resources");
    resources.putObject(ResourceKind.DATAPLANE.typeName()).put("total", all.total());
    perKind.forEach((kind, total) -> resources.putObject(kind).put("total", total));
    return out;
  }
}
