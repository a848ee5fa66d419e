package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.policy.ProxyRules.Rule;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What inspection shows: the rules of a dataplane (every policy that contributes, shadow ones
 * marked, the merged conf that applies and the one shadows would make) and the dataplanes a policy
 * affects. Pure.
 */
public final class PolicyInspection {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PolicyInspection() {}

  public static ObjectNode rules(Resource dataplane, Collection<Resource> policies) {
    ProxyRules applied = RulesBuilder.build(dataplane, policies, false);
    ProxyRules withShadows = RulesBuilder.build(dataplane, policies, true);
    Set<ResourceKey> shadows = new TreeSet<>();
    policies.stream()
        .filter(p -> p.key().kind().isPolicy() && Policy.of(p).shadow())
        .forEach(p -> shadows.add(p.key()));

    ObjectNode out = JSON.objectNode();
    out.put("mesh", dataplane.key().mesh());
    out.put("name", dataplane.key().name());
    ArrayNode items = out.putArray("rules");
    for (ResourceKind kind : ResourceKind.policies()) {
      String type = kind.typeName();
      Set<String> services = new TreeSet<>();
      services.addAll(withShadows.outbound().getOrDefault(kind, Map.of()).keySet());
      for (String service : services) {
        ObjectNode item = ruleItem(type, "to");
        item.put("service", service);
        confs(
            item,
            applied.outbound().getOrDefault(kind, Map.of()).get(service),
            withShadows.outbound().get(kind).get(service),
            shadows);
        items.add(item);
      }
      Set<String> inbounds =
          new TreeSet<>(withShadows.inbound().getOrDefault(kind, Map.of()).keySet());
      for (String inbound : inbounds) {
        ObjectNode item = ruleItem(type, "from");
        item.put("inbound", inbound);
        ProxyRules.InboundRule shadowed = withShadows.inbound().get(kind).get(inbound);
        ProxyRules.InboundRule effective =
            applied.inbound().getOrDefault(kind, Map.of()).get(inbound);
        confs(
            item,
            effective == null ? null : effective.forAnyCaller(),
            shadowed.forAnyCaller(),
            shadows);
        ArrayNode from = item.putArray("items");
        for (ProxyRules.FromItem fromItem : shadowed.items()) {
          ObjectNode entry = from.addObject();
          entry.put("from", fromItem.from().toString());
          entry.put("policy", fromItem.policy().name());
          entry.put("shadow", shadows.contains(fromItem.policy()));
          entry.set("conf", fromItem.conf());
        }
        if (kind == ResourceKind.MESH_TRAFFIC_PERMISSION) {
          permissions(item, effective, applied.mtls());
        }
        items.add(item);
      }
    }
    for (Map.Entry<String, List<ProxyRules.RouteRule>> entry :
        new java.util.TreeMap<>(withShadows.httpRoutes()).entrySet()) {
      ObjectNode item = ruleItem(ResourceKind.MESH_HTTP_ROUTE.typeName(), "to");
      item.put("service", entry.getKey());
      Set<ResourceKey> keys = new TreeSet<>();
      entry.getValue().forEach(r -> keys.addAll(r.policies()));
      policyList(item, keys, shadows);
      ArrayNode routes = item.putArray("routes");
      for (ProxyRules.RouteRule route :
          applied.httpRoutes().getOrDefault(entry.getKey(), List.of())) {
        ObjectNode r = routes.addObject();
        r.set("match", route.match());
        r.set("default", route.defaults());
      }
      items.add(item);
    }
    for (Map.Entry<String, ProxyRules.TcpRoute> entry :
        new java.util.TreeMap<>(withShadows.tcpRoutes()).entrySet()) {
      ObjectNode item = ruleItem(ResourceKind.MESH_TCP_ROUTE.typeName(), "to");
      item.put("service", entry.getKey());
      policyList(item, entry.getValue().policies(), shadows);
      ArrayNode backends = item.putArray("backendRefs");
      ProxyRules.TcpRoute effective = applied.tcpRoutes().get(entry.getKey());
      if (effective != null) {
        effective
            .backendRefs()
            .forEach(
                b -> {
                  ObjectNode ref = backends.addObject();
                  ref.put("name", b.service());
                  if (b.subset()) {
                    ObjectNode tags = ref.putObject("tags");
                    b.tags().forEach(tags::put);
                  }
                  ref.put("weight", b.weight());
                });
      }
      items.add(item);
    }
    return out;
  }

  /**
   * MeshTrafficPermission merged per set of callers (most specific first; callers no rule covers
   * are denied), and whether it is enforced: only when the mesh has mTLS.
   */
  private static void permissions(
      ObjectNode item, ProxyRules.InboundRule effective, boolean enforced) {
    item.put("enforced", enforced);
    ArrayNode list = item.putArray("permissions");
    if (effective == null) {
      return;
    }
    for (TrafficPermissions.Rule rule : TrafficPermissions.merge(effective)) {
      ObjectNode entry = list.addObject();
      ArrayNode subset = entry.putArray("subset");
      rule.subset().tags().forEach(t -> subset.add(t.key() + (t.not() ? "!=" : "=") + t.value()));
      entry.put("action", rule.action().name());
      ArrayNode policies = entry.putArray("policies");
      rule.policies().forEach(k -> policies.add(k.name()));
    }
  }

  private static ObjectNode ruleItem(String type, String direction) {
    ObjectNode item = JSON.objectNode();
    item.put("type", type);
    item.put("direction", direction);
    return item;
  }

  private static void confs(
      ObjectNode item, Rule applied, Rule withShadows, Set<ResourceKey> shadows) {
    policyList(item, withShadows.policies(), shadows);
    if (applied != null && !applied.policies().isEmpty()) {
      item.set("conf", applied.conf());
    }
    if (applied == null || !Objects.equals(applied.conf(), withShadows.conf())) {
      item.set("shadowConf", withShadows.conf());
    }
  }

  private static void policyList(
      ObjectNode item, Collection<ResourceKey> keys, Set<ResourceKey> shadows) {
    ArrayNode list = item.putArray("policies");
    for (ResourceKey key : keys) {
      ObjectNode policy = list.addObject();
      policy.put("name", key.name());
      policy.put("shadow", shadows.contains(key));
    }
  }

  /** The dataplanes whose rules {@code policy} takes part in (counting it even as a shadow). */
  public static List<Resource> affected(
      Resource policy, Collection<Resource> dataplanes, Collection<Resource> policies) {
    return dataplanes.stream()
        .filter(dp -> dp.key().mesh().equals(policy.key().mesh()))
        .filter(dp -> RulesBuilder.build(dp, policies, true).policies().contains(policy.key()))
        .toList();
  }
}
