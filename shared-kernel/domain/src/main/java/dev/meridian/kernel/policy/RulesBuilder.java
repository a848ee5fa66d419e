package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.policy.ProxyRules.FromItem;
import dev.meridian.kernel.policy.ProxyRules.InboundRule;
import dev.meridian.kernel.policy.ProxyRules.RouteRule;
import dev.meridian.kernel.policy.ProxyRules.Rule;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Matching and merging, Kuma v2 style, for one dataplane. Policies of a kind are ordered weakest
 * first ({@link Policy#MERGE_ORDER}); for each outbound service the {@code default}s of every
 * matching {@code to} item of every policy that selects the dataplane are merged in that order; for
 * each inbound, the {@code from} items of the policies that select it are kept in order. The
 * collection may hold the Mesh itself: its mTLS decides whether MeshTrafficPermissions apply. Pure.
 */
public final class RulesBuilder {
  private RulesBuilder() {}

  /** The rules that apply: shadow policies left out. */
  public static ProxyRules build(Resource dataplane, Collection<Resource> policies) {
    return build(dataplane, policies, false);
  }

  /** With {@code includeShadow}, shadow policies count too: what the rules would become. */
  public static ProxyRules build(
      Resource dataplane, Collection<Resource> policies, boolean includeShadow) {
    return build(dataplane.key().mesh(), Selection.of(dataplane), policies, includeShadow);
  }

  /**
   * The rules of a dataplane of {@code mesh} whose policies can select {@code selection}: all that
   * matching reads of a dataplane (see {@link SelectionShape}).
   */
  static ProxyRules build(
      String mesh, Selection selection, Collection<Resource> policies, boolean includeShadow) {
    Map<ResourceKind, List<Policy>> byKind = new EnumMap<>(ResourceKind.class);
    ProxyRules.MtlsMode mtls = ProxyRules.MtlsMode.OFF;
    for (Resource resource : policies) {
      if (resource.key().equals(ResourceKey.mesh(mesh))) {
        if (resource.spec() instanceof dev.meridian.kernel.resource.MeshSpec spec) {
          mtls = mtlsMode(dev.meridian.kernel.mtls.MeshMtls.of(spec));
        }
        continue;
      }
      if (!resource.key().kind().isPolicy() || !resource.key().mesh().equals(mesh)) {
        continue;
      }
      Policy policy = Policy.of(resource);
      if (!policy.usable() || (policy.shadow() && !includeShadow)) {
        continue;
      }
      byKind.computeIfAbsent(resource.key().kind(), k -> new ArrayList<>()).add(policy);
    }
    byKind.values().forEach(list -> list.sort(Policy.MERGE_ORDER));

    Map<ResourceKind, Map<String, Rule>> outbound = new EnumMap<>(ResourceKind.class);
    Map<ResourceKind, Map<String, InboundRule>> inbound = new EnumMap<>(ResourceKind.class);
    Map<ResourceKind, Map<String, Rule>> destination = new EnumMap<>(ResourceKind.class);
    Map<String, List<RouteRule>> httpRoutes = new TreeMap<>();
    Map<String, ProxyRules.TcpRoute> tcpRoutes = new TreeMap<>();
    Map<String, BackendRef> backends = new TreeMap<>();

    // Routes first: the services they send to get the other kinds' rules too.
    for (ResourceKind kind : List.of(ResourceKind.MESH_HTTP_ROUTE, ResourceKind.MESH_TCP_ROUTE)) {
      List<Policy> selecting =
          byKind.getOrDefault(kind, List.of()).stream()
              .filter(p -> selection.selectedBy(p.targetRef()))
              .toList();
      if (kind == ResourceKind.MESH_HTTP_ROUTE) {
        httpRoutes(selecting, selection, httpRoutes, backends);
      } else {
        tcpRoutes(selecting, selection, tcpRoutes, backends);
      }
    }
    List<String> services = new ArrayList<>(selection.outboundServices());
    backends.values().stream()
        .map(BackendRef::service)
        .filter(s -> !services.contains(s))
        .distinct()
        .forEach(services::add);
    byKind.forEach(
        (kind, ordered) -> {
          if (PolicyKind.of(kind).routes()) {
            return;
          }
          List<Policy> selecting =
              ordered.stream().filter(p -> selection.selectedBy(p.targetRef())).toList();
          Map<String, Rule> to = toRules(selecting, services);
          if (!to.isEmpty()) {
            outbound.put(kind, to);
          }
          Map<String, InboundRule> from = fromRules(ordered, selection);
          if (!from.isEmpty()) {
            inbound.put(kind, from);
          }
          Map<String, Rule> called = destinationRules(ordered, selection, services);
          if (!called.isEmpty()) {
            destination.put(kind, called);
          }
        });
    return new ProxyRules(outbound, inbound, destination, httpRoutes, tcpRoutes, backends, mtls);
  }

  private static Map<String, String> serviceTags(String service) {
    return Map.of(DataplaneSpec.SERVICE_TAG, service);
  }

  private static Map<String, Rule> toRules(List<Policy> selecting, List<String> services) {
    Map<String, Rule> rules = new TreeMap<>();
    for (String service : services) {
      List<JsonNode> confs = new ArrayList<>();
      List<ResourceKey> origins = new ArrayList<>();
      for (Policy policy : selecting) {
        for (Policy.Item item : policy.to()) {
          if (item.targetRef().matches(serviceTags(service))) {
            confs.add(item.conf());
            addOnce(origins, policy.key());
          }
        }
      }
      if (!confs.isEmpty()) {
        rules.put(service, new Rule(MergePatch.merge(confs), origins));
      }
    }
    return rules;
  }

  private static Map<String, InboundRule> fromRules(List<Policy> ordered, Selection selection) {
    Map<String, InboundRule> rules = new TreeMap<>();
    selection
        .inbounds()
        .forEach(
            (key, tags) -> {
              List<FromItem> items = new ArrayList<>();
              for (Policy policy : ordered) {
                if (policy.targetRef().matches(tags)) {
                  for (Policy.Item item : policy.from()) {
                    items.add(new FromItem(item.targetRef(), item.conf(), policy.key()));
                  }
                }
              }
              if (!items.isEmpty()) {
                rules.put(key, new InboundRule(items));
              }
            });
    return rules;
  }

  /**
   * The {@code from} confs each called service applies to this dataplane as a caller: the policies
   * selecting the service (as a whole), their items whose {@code from} includes us.
   */
  private static Map<String, Rule> destinationRules(
      List<Policy> ordered, Selection selection, List<String> services) {
    Map<String, Rule> rules = new TreeMap<>();
    for (String service : services) {
      List<JsonNode> confs = new ArrayList<>();
      List<ResourceKey> origins = new ArrayList<>();
      for (Policy policy : ordered) {
        if (!policy.targetRef().matches(serviceTags(service))) {
          continue;
        }
        for (Policy.Item item : policy.from()) {
          if (selection.callerWithin(item.targetRef())) {
            confs.add(item.conf());
            addOnce(origins, policy.key());
          }
        }
      }
      if (!confs.isEmpty()) {
        rules.put(service, new Rule(MergePatch.merge(confs), origins));
      }
    }
    return rules;
  }

  private static void httpRoutes(
      List<Policy> selecting,
      Selection selection,
      Map<String, List<RouteRule>> routes,
      Map<String, BackendRef> backends) {
    for (String service : selection.outboundServices()) {
      List<RouteRules.Written> written = new ArrayList<>();
      for (Policy policy : selecting) {
        for (Policy.Item item : policy.to()) {
          if (item.targetRef().matches(serviceTags(service))) {
            item.conf().forEach(rule -> written.add(new RouteRules.Written(rule, policy.key())));
          }
        }
      }
      if (!written.isEmpty()) {
        List<RouteRule> merged = RouteRules.merge(written);
        routes.put(service, merged);
        for (RouteRule rule : merged) {
          rule.backendRefs().forEach(b -> backends.put(b.clusterName(), b));
          for (JsonNode filter : rule.defaults().path("filters")) {
            if (filter.has("requestMirror")) {
              BackendRef mirror = BackendRef.parse(filter.path("requestMirror").path("backendRef"));
              backends.put(mirror.clusterName(), mirror);
            }
          }
        }
      }
    }
  }

  /** MeshTCPRoute: the rules' {@code default}s merge in order; the result's backends win. */
  private static void tcpRoutes(
      List<Policy> selecting,
      Selection selection,
      Map<String, ProxyRules.TcpRoute> routes,
      Map<String, BackendRef> backends) {
    for (String service : selection.outboundServices()) {
      List<JsonNode> defaults = new ArrayList<>();
      List<ResourceKey> origins = new ArrayList<>();
      for (Policy policy : selecting) {
        for (Policy.Item item : policy.to()) {
          if (item.targetRef().matches(serviceTags(service))) {
            item.conf().forEach(rule -> defaults.add(rule.path("default")));
            addOnce(origins, policy.key());
          }
        }
      }
      if (!defaults.isEmpty()) {
        List<BackendRef> refs = new ArrayList<>();
        MergePatch.merge(defaults).path("backendRefs").forEach(r -> refs.add(BackendRef.parse(r)));
        routes.put(service, new ProxyRules.TcpRoute(refs, origins));
        refs.forEach(b -> backends.put(b.clusterName(), b));
      }
    }
  }

  private static void addOnce(List<ResourceKey> keys, ResourceKey key) {
    if (!keys.contains(key)) {
      keys.add(key);
    }
  }

  /** How the mesh's proxies serve mTLS: per its enabled backend's mode (strict by default). */
  static ProxyRules.MtlsMode mtlsMode(dev.meridian.kernel.mtls.MeshMtls mtls) {
    if (!mtls.enabled()) {
      return ProxyRules.MtlsMode.OFF;
    }
    return mtls.activeBackend()
            .map(b -> b.mode() == dev.meridian.kernel.mtls.MeshMtls.Mode.PERMISSIVE)
            .orElse(false)
        ? ProxyRules.MtlsMode.PERMISSIVE
        : ProxyRules.MtlsMode.STRICT;
  }
}
