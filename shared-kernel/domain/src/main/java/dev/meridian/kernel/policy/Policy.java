package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A stored policy as matching reads it: its top-level targetRef, its {@code to} and {@code from}
 * items (each a targetRef and a conf; for routes the conf is the item's {@code rules} list), and
 * whether it is a shadow.
 */
public record Policy(
    ResourceKey key, TargetRef targetRef, List<Item> to, List<Item> from, boolean shadow) {

  /** One {@code to} or {@code from} entry. */
  public record Item(TargetRef targetRef, JsonNode conf) {}

  /**
   * Merge order, weakest first: less specific top-level targetRef, then name. (Every policy here
   * has one origin, the log of its mesh's owner, so Kuma's zone-over-global step never decides.)
   */
  public static final Comparator<Policy> MERGE_ORDER =
      Comparator.comparingInt((Policy p) -> p.targetRef().kind().specificity())
          .thenComparing(p -> p.key().name());

  public static Policy of(Resource resource) {
    PolicySpec spec = (PolicySpec) resource.spec();
    JsonNode body = spec.spec();
    boolean routes = PolicyKind.of(resource.key().kind()).routes();
    return new Policy(
        resource.key(),
        TargetRef.parse(body.get("targetRef")),
        items(body.path("to"), routes),
        items(body.path("from"), false),
        spec.shadow());
  }

  /** Whether matching can use it: a policy whose top-level targetRef is not understood cannot. */
  public boolean usable() {
    return targetRef != null;
  }

  private static List<Item> items(JsonNode array, boolean routes) {
    List<Item> items = new ArrayList<>();
    for (JsonNode item : array) {
      if (TargetRef.parse(item.get("targetRef")) == null) {
        continue;
      }
      items.add(
          new Item(
              TargetRef.parse(item.get("targetRef")),
              routes ? item.path("rules") : item.path("default")));
    }
    return List.copyOf(items);
  }
}
