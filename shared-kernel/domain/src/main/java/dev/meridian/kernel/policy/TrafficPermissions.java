package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.policy.ProxyRules.FromItem;
import dev.meridian.kernel.policy.ProxyRules.InboundRule;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * MeshTrafficPermission's {@code from} items of one inbound, merged per set of callers as Kuma 2.4
 * does: the tags the items name split the callers into disjoint subsets (per tag key, one of its
 * values or none of them); each subset gets the merge of the items that contain it, in merge order
 * (weaker top-level targetRef first, so the more specific policy has the last word). A subset no
 * item contains gets no rule: it is denied. Rules come most specific (most positive tags) first.
 * Pure.
 */
public final class TrafficPermissions {
  private TrafficPermissions() {}

  /** One tag of a subset: the caller has it ({@code not} false) or has not. */
  public record Tag(String key, String value, boolean not) {}

  /** Callers with every positive tag and none of the negated ones; no tags: every caller. */
  public record Subset(List<Tag> tags) {
    public Subset {
      tags = List.copyOf(tags);
    }

    public long positives() {
      return tags.stream().filter(t -> !t.not()).count();
    }
  }

  /** What a subset of callers gets, and the policies that decided it (weakest first). */
  public record Rule(Subset subset, TrafficPermissionAction action, List<ResourceKey> policies) {
    public Rule {
      policies = List.copyOf(policies);
    }
  }

  public static List<Rule> merge(InboundRule inbound) {
    List<FromItem> items =
        inbound.items().stream().filter(i -> i.from().kind() != TargetRefKind.MeshGateway).toList();
    List<Rule> rules = new ArrayList<>();
    for (List<FromItem> component : components(items)) {
      rules.addAll(rulesOf(component));
    }
    // Stable: within one specificity the enumeration order stays, so output is deterministic.
    rules.sort(Comparator.comparingLong((Rule r) -> r.subset().positives()).reversed());
    return List.copyOf(rules);
  }

  /** The tags a {@code from} targetRef requires of a caller. */
  static Map<String, String> tagsOf(TargetRef from) {
    Map<String, String> tags = new TreeMap<>(from.tags());
    if (from.name() != null
        && (from.kind() == TargetRefKind.MeshService
            || from.kind() == TargetRefKind.MeshServiceSubset)) {
      tags.put(DataplaneSpec.SERVICE_TAG, from.name());
    }
    return tags;
  }

  /**
   * Items whose caller sets can overlap, grouped (transitively): a subset is then decided by one
   * group alone, and a group's enumeration needs no tags of the others.
   */
  private static List<List<FromItem>> components(List<FromItem> items) {
    int[] parent = new int[items.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < items.size(); i++) {
      for (int j = i + 1; j < items.size(); j++) {
        if (overlap(tagsOf(items.get(i).from()), tagsOf(items.get(j).from()))) {
          parent[root(parent, i)] = root(parent, j);
        }
      }
    }
    Map<Integer, List<FromItem>> groups = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      groups.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(items.get(i));
    }
    // Ordered by each group's first item, so the result follows the policies' order.
    return groups.values().stream()
        .sorted(Comparator.comparingInt(g -> items.indexOf(g.get(0))))
        .toList();
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      i = parent[i];
    }
    return i;
  }

  private static boolean overlap(Map<String, String> a, Map<String, String> b) {
    return a.entrySet().stream()
        .allMatch(e -> !b.containsKey(e.getKey()) || b.get(e.getKey()).equals(e.getValue()));
  }

  private static List<Rule> rulesOf(List<FromItem> items) {
    Map<String, TreeSet<String>> values = new TreeMap<>();
    items.forEach(
        i ->
            tagsOf(i.from())
                .forEach((k, v) -> values.computeIfAbsent(k, x -> new TreeSet<>()).add(v)));
    List<String> keys = new ArrayList<>(values.keySet());
    List<Rule> rules = new ArrayList<>();
    enumerate(keys, 0, values, new TreeMap<>(), items, rules);
    return rules;
  }

  /** Every choice, per key, of one of its values or none of them (null). */
  private static void enumerate(
      List<String> keys,
      int index,
      Map<String, TreeSet<String>> values,
      Map<String, String> chosen,
      List<FromItem> items,
      List<Rule> out) {
    if (index == keys.size()) {
      rule(chosen, values, items).ifPresent(out::add);
      return;
    }
    String key = keys.get(index);
    for (String value : values.get(key)) {
      chosen.put(key, value);
      enumerate(keys, index + 1, values, chosen, items, out);
    }
    chosen.put(key, null);
    enumerate(keys, index + 1, values, chosen, items, out);
    chosen.remove(key);
  }

  private static java.util.Optional<Rule> rule(
      Map<String, String> chosen, Map<String, TreeSet<String>> values, List<FromItem> items) {
    List<JsonNode> confs = new ArrayList<>();
    List<ResourceKey> policies = new ArrayList<>();
    for (FromItem item : items) {
      boolean contains =
          tagsOf(item.from()).entrySet().stream()
              .allMatch(e -> e.getValue().equals(chosen.get(e.getKey())));
      if (contains) {
        confs.add(item.conf());
        if (!policies.contains(item.policy())) {
          policies.add(item.policy());
        }
      }
    }
    if (confs.isEmpty()) {
      return java.util.Optional.empty();
    }
    TrafficPermissionAction action =
        TrafficPermissionAction.parse(MergePatch.merge(confs).path("action").asText()).orElse(null);
    if (action == null) {
      return java.util.Optional.empty();
    }
    List<Tag> tags = new ArrayList<>();
    chosen.forEach(
        (key, value) -> {
          if (value != null) {
            tags.add(new Tag(key, value, false));
          } else {
            values.get(key).forEach(v -> tags.add(new Tag(key, v, true)));
          }
        });
    return java.util.Optional.of(new Rule(new Subset(tags), action, policies));
  }
}
