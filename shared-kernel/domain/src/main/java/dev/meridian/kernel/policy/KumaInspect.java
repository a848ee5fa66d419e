package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kuma 2.4's inspect documents, built from the same rules the proxies are configured from (shadow
 * policies left out, as they configure nothing): a dataplane's matched policies per attachment
 * ({@code /policies}), its rules ({@code /rules}), and the dataplanes a policy attaches to ({@code
 * /{policies}/{name}/dataplanes}). Pure.
 */
public final class KumaInspect {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String SIDECAR = "SidecarDataplane";

  private KumaInspect() {}

  /** Where policies attach on a dataplane: the whole proxy, an inbound, or an outbound. */
  record Attachment(String type, String name, String service) {
    void writeTo(ObjectNode out) {
      out.put("type", type);
      if (name != null) {
        out.put("name", name);
      }
      if (service != null) {
        out.put("service", service);
      }
    }
  }

  /** Kuma's DataplaneInspectResponse: each attachment with its policies by kind. */
  public static ObjectNode dataplanePolicies(Resource dataplane, Collection<Resource> policies) {
    Map<ResourceKey, Resource> byKey = index(policies);
    ObjectNode out = JSON.objectNode();
    out.put("kind", SIDECAR);
    ArrayNode items = JSON.arrayNode();
    attachments(dataplane, policies)
        .forEach(
            (attachment, kinds) -> {
              ObjectNode item = items.addObject();
              attachment.writeTo(item);
              ObjectNode matched = item.putObject("matchedPolicies");
              kinds.forEach(
                  (kind, keys) -> {
                    ArrayNode list = matched.putArray(kind.typeName());
                    keys.forEach(key -> list.add(meta(byKey.get(key))));
                  });
            });
    out.put("total", items.size());
    out.set("items", items);
    return out;
  }

  /** Kuma's PolicyInspectEntryList: the dataplanes {@code policy} attaches to, and where. */
  public static ObjectNode policyDataplanes(
      Resource policy, Collection<Resource> dataplanes, Collection<Resource> policies) {
    ObjectNode out = JSON.objectNode();
    ArrayNode items = JSON.arrayNode();
    for (Resource dataplane : dataplanes) {
      if (!dataplane.key().mesh().equals(policy.key().mesh())) {
        continue;
      }
      List<Attachment> where = new ArrayList<>();
      attachments(dataplane, policies)
          .forEach(
              (attachment, kinds) -> {
                if (kinds.getOrDefault(policy.key().kind(), Set.of()).contains(policy.key())) {
                  where.add(attachment);
                }
              });
      if (where.isEmpty()) {
        continue;
      }
      ObjectNode item = items.addObject();
      item.put("kind", SIDECAR);
      ObjectNode key = item.putObject("dataplane");
      key.put("mesh", dataplane.key().mesh());
      key.put("name", dataplane.key().name());
      ArrayNode list = item.putArray("attachments");
      where.forEach(a -> a.writeTo(list.addObject()));
    }
    out.put("total", items.size());
    out.set("items", items);
    return out;
  }

  /**
   * Kuma's RuleInspectResponse: {@code DestinationSubset} rules per outbound service, {@code
   * ClientSubset} rules per inbound and set of callers, each with its conf and origins.
   */
  public static ObjectNode dataplaneRules(Resource dataplane, Collection<Resource> policies) {
    ProxyRules rules = RulesBuilder.build(dataplane, policies, false);
    DataplaneSpec spec = (DataplaneSpec) dataplane.spec();
    Map<String, List<String>> outboundAddresses = outboundAddresses(spec);
    Map<String, DataplaneSpec.Inbound> inbounds = inboundsByKey(spec);
    ArrayNode items = JSON.arrayNode();
    for (ResourceKind kind : ResourceKind.policies()) {
      new TreeMap<>(rules.outbound().getOrDefault(kind, Map.of()))
          .forEach(
              (service, rule) ->
                  items.add(
                      destination(kind, service, outboundAddresses, rule.conf(), rule.policies())));
      new TreeMap<>(rules.inbound().getOrDefault(kind, Map.of()))
          .forEach(
              (inboundKey, rule) -> {
                DataplaneSpec.Inbound inbound = inbounds.get(inboundKey);
                if (kind == ResourceKind.MESH_TRAFFIC_PERMISSION) {
                  for (TrafficPermissions.Rule permission : TrafficPermissions.merge(rule)) {
                    Map<String, String> subset = new TreeMap<>();
                    permission
                        .subset()
                        .tags()
                        .forEach(t -> subset.put(t.key(), (t.not() ? "!" : "") + t.value()));
                    ObjectNode conf = JSON.objectNode().put("action", permission.action().name());
                    items.add(
                        client(kind, inboundKey, inbound, subset, conf, permission.policies()));
                  }
                } else {
                  clientSubsets(rule)
                      .forEach(
                          (subset, merged) ->
                              items.add(
                                  client(
                                      kind,
                                      inboundKey,
                                      inbound,
                                      subset,
                                      merged.conf(),
                                      merged.policies())));
                }
              });
    }
    new TreeMap<>(rules.httpRoutes())
        .forEach(
            (service, routes) -> {
              ObjectNode conf = JSON.objectNode();
              ArrayNode list = conf.putArray("rules");
              Set<ResourceKey> origins = new LinkedHashSet<>();
              for (ProxyRules.RouteRule route : routes) {
                ObjectNode r = list.addObject();
                r.putArray("matches").add(route.match());
                r.set("default", route.defaults());
                origins.addAll(route.policies());
              }
              items.add(
                  destination(
                      ResourceKind.MESH_HTTP_ROUTE,
                      service,
                      outboundAddresses,
                      conf,
                      List.copyOf(origins)));
            });
    new TreeMap<>(rules.tcpRoutes())
        .forEach(
            (service, route) -> {
              ObjectNode conf = JSON.objectNode();
              ArrayNode backendRefs =
                  conf.putArray("rules").addObject().putObject("default").putArray("backendRefs");
              route.backendRefs().forEach(b -> backendRefs.add(backendRef(b)));
              items.add(
                  destination(
                      ResourceKind.MESH_TCP_ROUTE,
                      service,
                      outboundAddresses,
                      conf,
                      route.policies()));
            });
    ObjectNode out = JSON.objectNode();
    out.put("total", items.size());
    out.set("items", items);
    return out;
  }

  /**
   * Where each applied policy attaches: every one to the whole proxy (as Kuma lists targetRef
   * policies), and to the inbounds and outbound services whose rules it shapes.
   */
  static Map<Attachment, Map<ResourceKind, Set<ResourceKey>>> attachments(
      Resource dataplane, Collection<Resource> policies) {
    ProxyRules rules = RulesBuilder.build(dataplane, policies, false);
    DataplaneSpec spec = (DataplaneSpec) dataplane.spec();
    Map<String, List<String>> outboundAddresses = outboundAddresses(spec);
    Map<String, DataplaneSpec.Inbound> inbounds = inboundsByKey(spec);
    Map<Attachment, Map<ResourceKind, Set<ResourceKey>>> out = new LinkedHashMap<>();
    Attachment whole = new Attachment("dataplane", null, null);
    rules.policies().forEach(key -> add(out, whole, key));
    new TreeMap<>(inbounds)
        .forEach(
            (inboundKey, inbound) -> {
              Attachment at =
                  new Attachment(
                      "inbound", inboundKey, serviceOf(inbound == null ? null : inbound.tags()));
              rules
                  .inbound()
                  .values()
                  .forEach(
                      byKey -> {
                        ProxyRules.InboundRule rule = byKey.get(inboundKey);
                        if (rule != null) {
                          rule.items().forEach(item -> add(out, at, item.policy()));
                        }
                      });
            });
    Map<String, Set<ResourceKey>> byService = new TreeMap<>();
    rules
        .outbound()
        .values()
        .forEach(
            m ->
                m.forEach(
                    (service, rule) ->
                        byService
                            .computeIfAbsent(service, s -> new TreeSet<>())
                            .addAll(rule.policies())));
    rules
        .httpRoutes()
        .forEach(
            (service, routes) ->
                routes.forEach(
                    r ->
                        byService
                            .computeIfAbsent(service, s -> new TreeSet<>())
                            .addAll(r.policies())));
    rules
        .tcpRoutes()
        .forEach(
            (service, route) ->
                byService.computeIfAbsent(service, s -> new TreeSet<>()).addAll(route.policies()));
    byService.forEach(
        (service, keys) -> {
          List<String> addresses = outboundAddresses.getOrDefault(service, List.of(service));
          for (String address : addresses) {
            Attachment at = new Attachment("outbound", address, service);
            keys.forEach(key -> add(out, at, key));
          }
        });
    return out;
  }

  private static void add(
      Map<Attachment, Map<ResourceKind, Set<ResourceKey>>> out, Attachment at, ResourceKey key) {
    out.computeIfAbsent(at, a -> new EnumMap<>(ResourceKind.class))
        .computeIfAbsent(key.kind(), k -> new TreeSet<>())
        .add(key);
  }

  /**
   * The conf each set of callers gets from an inbound's {@code from} items: callers named by a
   * {@code from} get the whole mesh's conf with theirs merged over it.
   */
  private static Map<Map<String, String>, ProxyRules.Rule> clientSubsets(
      ProxyRules.InboundRule rule) {
    List<Map<String, String>> subsets = new ArrayList<>();
    subsets.add(Map.of());
    rule.items().stream()
        .map(item -> subsetOf(item.from()))
        .filter(s -> !subsets.contains(s))
        .forEach(subsets::add);
    Map<Map<String, String>, ProxyRules.Rule> out = new LinkedHashMap<>();
    for (Map<String, String> subset : subsets) {
      List<JsonNode> confs = new ArrayList<>();
      List<ResourceKey> origins = new ArrayList<>();
      for (ProxyRules.FromItem item : rule.items()) {
        Map<String, String> itemSubset = subsetOf(item.from());
        if (itemSubset.isEmpty() || itemSubset.equals(subset)) {
          confs.add(item.conf());
          if (!origins.contains(item.policy())) {
            origins.add(item.policy());
          }
        }
      }
      if (!origins.isEmpty()) {
        out.put(subset, new ProxyRules.Rule(MergePatch.merge(confs), origins));
      }
    }
    return out;
  }

  private static Map<String, String> subsetOf(TargetRef from) {
    Map<String, String> subset = new TreeMap<>(from.tags());
    if (from.name() != null
        && (from.kind() == TargetRefKind.MeshService
            || from.kind() == TargetRefKind.MeshServiceSubset)) {
      subset.put(DataplaneSpec.SERVICE_TAG, from.name());
    }
    return subset;
  }

  private static ObjectNode destination(
      ResourceKind kind,
      String service,
      Map<String, List<String>> outboundAddresses,
      JsonNode conf,
      List<ResourceKey> origins) {
    ObjectNode item = JSON.objectNode();
    item.put("type", "DestinationSubset");
    item.put("name", service);
    List<String> addresses = outboundAddresses.get(service);
    if (addresses != null) {
      ArrayNode list = item.putArray("addresses");
      addresses.forEach(list::add);
    }
    item.put("service", service);
    item.putObject("tags").put(DataplaneSpec.SERVICE_TAG, service);
    item.put("policyType", kind.typeName());
    item.putObject("subset");
    item.set("conf", conf);
    origins(item, origins);
    return item;
  }

  private static ObjectNode client(
      ResourceKind kind,
      String inboundKey,
      DataplaneSpec.Inbound inbound,
      Map<String, String> subset,
      JsonNode conf,
      List<ResourceKey> origins) {
    ObjectNode item = JSON.objectNode();
    item.put("type", "ClientSubset");
    item.put("name", inboundKey);
    item.putArray("addresses").add(inboundKey);
    Map<String, String> tags =
        inbound == null || inbound.tags() == null ? Map.of() : inbound.tags();
    String service = serviceOf(tags);
    if (service != null) {
      item.put("service", service);
    }
    ObjectNode tagNode = item.putObject("tags");
    new TreeMap<>(tags).forEach(tagNode::put);
    item.put("policyType", kind.typeName());
    ObjectNode subsetNode = item.putObject("subset");
    subset.forEach(subsetNode::put);
    item.set("conf", conf);
    origins(item, origins);
    return item;
  }

  private static void origins(ObjectNode item, Collection<ResourceKey> keys) {
    ArrayNode list = item.putArray("origins");
    keys.forEach(key -> list.addObject().put("mesh", key.mesh()).put("name", key.name()));
  }

  private static ObjectNode backendRef(BackendRef backend) {
    ObjectNode ref = JSON.objectNode();
    ref.put("kind", backend.subset() ? "MeshServiceSubset" : "MeshService");
    ref.put("name", backend.service());
    if (backend.subset()) {
      ObjectNode tags = ref.putObject("tags");
      backend.tags().forEach(tags::put);
    }
    ref.put("weight", backend.weight());
    return ref;
  }

  /** Kuma's ResourceMeta of a policy: its type, mesh, name and times. */
  private static ObjectNode meta(Resource policy) {
    ObjectNode document = ResourceDocument.render(policy);
    ObjectNode meta = JSON.objectNode();
    for (String field : List.of("type", "mesh", "name", "creationTime", "modificationTime")) {
      if (document.hasNonNull(field)) {
        meta.set(field, document.get(field));
      }
    }
    return meta;
  }

  private static Map<ResourceKey, Resource> index(Collection<Resource> resources) {
    return resources.stream()
        .collect(Collectors.toMap(Resource::key, Function.identity(), (a, b) -> a));
  }

  /** Each outbound service's addresses ({@code address:port}, address 127.0.0.1 by default). */
  private static Map<String, List<String>> outboundAddresses(DataplaneSpec spec) {
    Map<String, List<String>> out = new TreeMap<>();
    if (spec.networking() == null) {
      return out;
    }
    for (DataplaneSpec.Outbound outbound : spec.networking().outbounds()) {
      String service = outbound == null ? null : serviceOf(outbound.tags());
      if (service != null && outbound.port() != null) {
        String address =
            outbound.address() == null || outbound.address().isEmpty()
                ? "127.0.0.1"
                : outbound.address();
        out.computeIfAbsent(service, s -> new ArrayList<>()).add(address + ":" + outbound.port());
      }
    }
    return out;
  }

  private static Map<String, DataplaneSpec.Inbound> inboundsByKey(DataplaneSpec spec) {
    Map<String, DataplaneSpec.Inbound> out = new LinkedHashMap<>();
    if (spec.networking() == null) {
      return out;
    }
    for (DataplaneSpec.Inbound inbound : spec.networking().inbounds()) {
      if (inbound == null || inbound.port() == null) {
        continue;
      }
      String address =
          inbound.address() == null || inbound.address().isEmpty()
              ? spec.networking().address()
              : inbound.address();
      out.put(ProxyRules.inboundKey(address, inbound.port()), inbound);
    }
    return out;
  }

  private static String serviceOf(Map<String, String> tags) {
    return tags == null ? null : tags.get(DataplaneSpec.SERVICE_TAG);
  }
}
