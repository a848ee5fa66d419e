package dev.meridian.kernel.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What changed between two sets of resources: added, removed, and changed ones with each changed
 * field's path (Kuma's style: {@code networking.inbound[0].port}) and its value on either side.
 * Creation and modification times are not content and are left out.
 */
public final class ResourceDiff {
  private ResourceDiff() {}

  public static ObjectNode between(Collection<Resource> from, Collection<Resource> to) {
    Map<ResourceKey, Resource> before = byKey(from);
    Map<ResourceKey, Resource> after = byKey(to);
    ObjectNode out = DomainJson.canonical().createObjectNode();
    ArrayNode added = out.putArray("added");
    ArrayNode removed = out.putArray("removed");
    ArrayNode changed = out.putArray("changed");
    TreeSet<ResourceKey> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (ResourceKey key : keys) {
      Resource was = before.get(key);
      Resource is = after.get(key);
      if (was == null) {
        added.add(content(is));
      } else if (is == null) {
        removed.add(content(was));
      } else {
        ArrayNode fields = DomainJson.canonical().createArrayNode();
        compare("", content(was), content(is), fields);
        if (!fields.isEmpty()) {
          ObjectNode entry = identity(key);
          entry.set("changes", fields);
          changed.add(entry);
        }
      }
    }
    return out;
  }

  private static Map<ResourceKey, Resource> byKey(Collection<Resource> resources) {
    return resources.stream()
        .collect(Collectors.toMap(Resource::key, Function.identity(), (a, b) -> b, TreeMap::new));
  }

  /** The resource's document without its times: what an update can change. */
  static ObjectNode content(Resource resource) {
    ObjectNode document = ResourceDocument.render(resource);
    document.remove("creationTime");
    document.remove("modificationTime");
    return document;
  }

  private static ObjectNode identity(ResourceKey key) {
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("type", key.kind().typeName());
    if (key.kind().meshScoped()) {
      out.put("mesh", key.mesh());
    }
    out.put("name", key.name());
    return out;
  }

  /** Each field that differs between two documents, with its path and its value on either side. */
  public static ArrayNode fields(JsonNode was, JsonNode is) {
    ArrayNode changes = DomainJson.canonical().createArrayNode();
    compare("", was, is, changes);
    return changes;
  }

  private static void compare(String path, JsonNode was, JsonNode is, ArrayNode changes) {
    if (was.equals(is)) {
      return;
    }
    if (was.isObject() && is.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      was.fieldNames().forEachRemaining(names::add);
      is.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        compare(path.isEmpty() ? name : path + "." + name, was.path(name), is.path(name), changes);
      }
      return;
    }
    if (was.isArray() && is.isArray()) {
      for (int i = 0; i < Math.max(was.size(), is.size()); i++) {
        compare(path + "[" + i + "]", was.path(i), is.path(i), changes);
      }
      return;
    }
    ObjectNode change = changes.addObject();
    change.put("path", path);
    setValue(change, "before", was);
    setValue(change, "after", is);
  }

  /** A field that does not exist on one side has no {@code before}/{@code after} at all. */
  private static void setValue(ObjectNode change, String name, JsonNode value) {
    if (!(value instanceof MissingNode)) {
      change.set(name, value);
    }
  }
}
