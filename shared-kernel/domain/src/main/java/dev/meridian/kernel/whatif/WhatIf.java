package dev.meridian.kernel.whatif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.history.MeshResources;
import dev.meridian.kernel.history.ResourceDiff;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.xds.ProxyModel;
import dev.meridian.kernel.xds.ProxyRendering;
import dev.meridian.kernel.xds.XdsJson;
import dev.meridian.kernel.xds.XdsResources;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a set of changes would do, without writing anything: the changes are folded onto a fork of
 * the projection, and every proxy of the mesh (in every zone the view holds) is modelled and, when
 * its model differs, rendered before and after. The answer lists the resources that would change
 * and, per affected proxy, the xDS resources added, removed and changed (field by field, as {@code
 * _diff} shows resources). Pure: the same view and changes give the same answer.
 */
public final class WhatIf {
  private WhatIf() {}

  /** The xDS types, as a diff names them. */
  private static final String[] TYPES = {"listeners", "routes", "clusters", "endpoints"};

  /**
   * Previews {@code changes} (a null spec deletes) to mesh {@code mesh} of {@code live}; a proxy's
   * zone is the one its dataplane is stamped with, else {@code localZone}.
   */
  public static ObjectNode preview(
      Projection live,
      String mesh,
      Map<ResourceKey, ResourceSpec> changes,
      String localZone,
      boolean proxyless,
      Instant at) {
    Projection fork = live.fork(changes, at);
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("mesh", mesh);
    out.set(
        "resources",
        ResourceDiff.between(MeshResources.of(live, mesh), MeshResources.of(fork, mesh)));
    ArrayNode proxies = out.putArray("proxies");
    TreeSet<ResourceKey> dataplanes = new TreeSet<>();
    live.list(ResourceKind.DATAPLANE, mesh).forEach(r -> dataplanes.add(r.key()));
    fork.list(ResourceKind.DATAPLANE, mesh).forEach(r -> dataplanes.add(r.key()));
    for (ResourceKey key : dataplanes) {
      Optional<Resource> before = live.get(key);
      Optional<Resource> after = fork.get(key);
      String zone = ProxyRendering.zoneOf(after.or(() -> before).orElseThrow(), localZone);
      Optional<ProxyModel> modelBefore = before.map(r -> ProxyRendering.model(live, r, zone));
      Optional<ProxyModel> modelAfter = after.map(r -> ProxyRendering.model(fork, r, zone));
      if (modelBefore.equals(modelAfter)) {
        // Same model, same rendering: renderers are pure functions of the model.
        continue;
      }
      ObjectNode xds =
          diff(
              modelBefore.map(m -> ProxyRendering.render(m, proxyless)),
              modelAfter.map(m -> ProxyRendering.render(m, proxyless)));
      if (xds == null) {
        continue;
      }
      ObjectNode proxy = proxies.addObject();
      proxy.put("mesh", key.mesh());
      proxy.put("name", key.name());
      proxy.put("zone", zone);
      proxy.put(
          "change", before.isEmpty() ? "registered" : after.isEmpty() ? "removed" : "updated");
      proxy.set("xds", xds);
    }
    out.put("affectedProxies", proxies.size());
    return out;
  }

  /** Per type, the resources added, removed and changed; null when nothing differs. */
  static ObjectNode diff(Optional<XdsResources> before, Optional<XdsResources> after) {
    JsonNode none = DomainJson.canonical().createObjectNode();
    return diff(
        before.<JsonNode>map(XdsJson::toTree).orElse(none),
        after.<JsonNode>map(XdsJson::toTree).orElse(none));
  }

  /**
   * The same, between two configs as {@code /xds} shows them ({@code {<type>: {resources: {<name>:
   * …}}}}): what a proxy's served config really did can be compared with what was previewed.
   */
  public static ObjectNode diff(JsonNode before, JsonNode after) {
    ObjectNode out = DomainJson.canonical().createObjectNode();
    for (String type : TYPES) {
      JsonNode was = before.path(type).path("resources");
      JsonNode is = after.path(type).path("resources");
      ObjectNode entry = DomainJson.canonical().createObjectNode();
      ArrayNode added = entry.putArray("added");
      ArrayNode removed = entry.putArray("removed");
      ArrayNode changed = entry.putArray("changed");
      TreeSet<String> names = new TreeSet<>();
      was.fieldNames().forEachRemaining(names::add);
      is.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (!was.has(name)) {
          added.add(name);
        } else if (!is.has(name)) {
          removed.add(name);
        } else if (!was.get(name).equals(is.get(name))) {
          ObjectNode change = changed.addObject();
          change.put("name", name);
          change.set("changes", ResourceDiff.fields(was.get(name), is.get(name)));
        }
      }
      if (!added.isEmpty() || !removed.isEmpty() || !changed.isEmpty()) {
        out.set(type, entry);
      }
    }
    return out.isEmpty() ? null : out;
  }
}
