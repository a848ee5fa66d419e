package dev.meridian.kernel.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.kernel.xds.ProxyModel;
import dev.meridian.kernel.xds.XdsResources;
import dev.meridian.kernel.xds.envoy.EnvoyNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Which resources — and so which events — each served xDS resource was generated from. Every
 * resource of a proxy comes from its Dataplane and its Mesh; a resource about a service (its
 * cluster, its endpoints, the outbound listener and route to it, a gRPC listener named after it)
 * also from every Dataplane and ZoneIngress that offers the service. Each contributor is shown with
 * the event that last changed it, as found in {@link LastChanges}.
 */
public final class XdsProvenance {
  private XdsProvenance() {}

  public static ObjectNode of(
      ProxyModel model, XdsResources served, Projection projection, LastChanges changes) {
    ResourceKey dataplane = ResourceKey.dataplane(model.mesh(), model.name());
    List<ResourceKey> base = new ArrayList<>();
    base.add(dataplane);
    base.add(ResourceKey.mesh(model.mesh()));
    Map<String, Set<ResourceKey>> providers = providers(projection, model.mesh());
    ObjectNode out = DomainJson.canonical().createObjectNode();
    section(out, "listeners", served.listeners(), model, base, providers, projection, changes);
    section(out, "routes", served.routes(), model, base, providers, projection, changes);
    section(out, "clusters", served.clusters(), model, base, providers, projection, changes);
    section(out, "endpoints", served.endpoints(), model, base, providers, projection, changes);
    return out;
  }

  private static void section(
      ObjectNode out,
      String type,
      SortedMap<String, Message> resources,
      ProxyModel model,
      List<ResourceKey> base,
      Map<String, Set<ResourceKey>> providers,
      Projection projection,
      LastChanges changes) {
    ObjectNode section = out.putObject(type);
    for (String name : resources.keySet()) {
      TreeSet<ResourceKey> from = new TreeSet<>(base);
      for (String service : servicesOf(name, model)) {
        from.addAll(providers.getOrDefault(service, Set.of()));
        from.addAll(policiesFor(service, model.rules()));
      }
      if (name.startsWith(INBOUND_PREFIX)) {
        from.addAll(inboundPolicies(name.substring(INBOUND_PREFIX.length()), model.rules()));
      }
      ArrayNode list = section.putArray(name);
      for (ResourceKey key : from) {
        if (projection.get(key).isEmpty()) {
          continue;
        }
        ObjectNode entry = list.addObject();
        entry.put("type", key.kind().typeName());
        if (key.kind().meshScoped()) {
          entry.put("mesh", key.mesh());
        }
        entry.put("name", key.name());
        changes
            .of(key)
            .ifPresent(
                c -> {
                  entry.put("position", c.position());
                  entry.put("eventId", c.eventId());
                  entry.put("time", c.time().toString());
                  entry.put("origin", c.origin());
                  entry.put("actor", c.actor());
                });
      }
    }
  }

  private static final String INBOUND_PREFIX = "inbound:";

  /** The policies whose merged rules for calls to {@code service} this proxy applies. */
  private static Set<ResourceKey> policiesFor(String service, ProxyRules rules) {
    Set<ResourceKey> out = new HashSet<>();
    rules.outbound().values().forEach(m -> addRule(m.get(service), out));
    // What the called service applies to its callers, except who may call it: a permission
    // shapes the called service's inbound, never the caller's cluster.
    rules
        .destination()
        .forEach(
            (kind, m) -> {
              if (kind != dev.meridian.kernel.resource.ResourceKind.MESH_TRAFFIC_PERMISSION) {
                addRule(m.get(service), out);
              }
            });
    rules.httpRoutes().getOrDefault(service, List.of()).forEach(r -> out.addAll(r.policies()));
    ProxyRules.TcpRoute tcp = rules.tcpRoutes().get(service);
    if (tcp != null) {
      out.addAll(tcp.policies());
    }
    return out;
  }

  private static void addRule(ProxyRules.Rule rule, Set<ResourceKey> out) {
    if (rule != null) {
      out.addAll(rule.policies());
    }
  }

  /** The policies whose {@code from} rules apply to the inbound at {@code hostPort}. */
  private static Set<ResourceKey> inboundPolicies(String hostPort, ProxyRules rules) {
    Set<ResourceKey> out = new HashSet<>();
    rules
        .inbound()
        .values()
        .forEach(
            m ->
                m.forEach(
                    (key, rule) -> {
                      if (key.equals(hostPort)) {
                        rule.items().forEach(i -> out.add(i.policy()));
                      }
                    }));
    return out;
  }

  /** The services an xDS resource of this proxy is about, told by its name. */
  static Set<String> servicesOf(String name, ProxyModel model) {
    Set<String> out = new HashSet<>();
    String backendService = model.rules().serviceOf(name);
    if (!backendService.equals(name)) {
      out.add(backendService); // a route backend's own cluster, e.g. a tag subset
    }
    for (ProxyModel.ServiceCluster cluster : model.clusters()) {
      String service = cluster.service();
      if (name.equals(service) || name.equals(EnvoyNames.outboundRoute(service))) {
        out.add(service);
      }
    }
    for (ProxyModel.Outbound outbound : model.outbounds()) {
      if (name.equals(EnvoyNames.outboundListener(outbound.address(), outbound.port()))) {
        out.add(outbound.service());
      }
    }
    return out;
  }

  /** Service → the dataplanes of the mesh and the zone ingresses that offer it. */
  private static Map<String, Set<ResourceKey>> providers(Projection projection, String mesh) {
    Map<String, Set<ResourceKey>> out = new java.util.HashMap<>();
    for (Resource resource : projection.list(ResourceKind.DATAPLANE, mesh)) {
      DataplaneSpec spec = (DataplaneSpec) resource.spec();
      if (spec.networking() == null || spec.networking().inbound() == null) {
        continue;
      }
      for (DataplaneSpec.Inbound inbound : spec.networking().inbound()) {
        if (inbound != null && inbound.tags() != null) {
          String service = inbound.tags().get("kuma.io/service");
          if (service != null) {
            out.computeIfAbsent(service, s -> new HashSet<>()).add(resource.key());
          }
        }
      }
    }
    for (Resource resource : projection.list(ResourceKind.ZONE_INGRESS, null)) {
      for (ZoneIngressSpec.AvailableService available :
          ((ZoneIngressSpec) resource.spec()).services()) {
        String service = available.tags() == null ? null : available.tags().get("kuma.io/service");
        if (service != null && mesh.equals(available.mesh())) {
          out.computeIfAbsent(service, s -> new HashSet<>()).add(resource.key());
        }
      }
    }
    return out;
  }
}
