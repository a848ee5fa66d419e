package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.api.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes that take a mesh back to how it was at a moment: the inverse of the mesh's diff from
 * then to now. What was added since is deleted, what was removed is put back, what changed is put
 * back as it was — each as an ordinary write, so each becomes a new event with the caller as its
 * actor. The Mesh is written first and deleted last, as the API requires.
 */
record RollbackPlan(List<Step> steps, List<String> skipped) {

  enum Action {
    RESTORE("restore"),
    REVERT("revert"),
    DELETE("delete");

    final String word;

    Action(String word) {
      this.word = word;
    }
  }

  /** One write: {@code then} is the resource as it was (null for a deletion). */
  record Step(
      Action action, Kind kind, String mesh, String name, JsonNode then, List<String> fields) {
    String describe() {
      String id = kind.typeName() + " " + (kind.meshScoped() ? mesh + "/" : "") + name;
      return action.word
          + " "
          + id
          + (fields.isEmpty() ? "" : " (" + String.join(", ", fields) + ")");
    }
  }

  /**
   * @param diff the mesh's {@code _diff} from the moment to now
   * @param then the mesh's {@code _export} at the moment, by {@code <type>/<name>}
   * @param zoneOwnedHere false on global, which does not write zones' dataplanes and ingresses
   */
  static RollbackPlan of(JsonNode diff, Map<String, JsonNode> then, boolean zoneOwnedHere) {
    List<Step> steps = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    String mesh = diff.path("mesh").asText();
    for (JsonNode added : diff.path("added")) {
      add(steps, skipped, Action.DELETE, added, mesh, null, List.of(), zoneOwnedHere);
    }
    for (JsonNode removed : diff.path("removed")) {
      add(
          steps,
          skipped,
          Action.RESTORE,
          removed,
          mesh,
          then.get(key(removed)),
          List.of(),
          zoneOwnedHere);
    }
    for (JsonNode changed : diff.path("changed")) {
      List<String> fields = new ArrayList<>();
      changed.path("changes").forEach(c -> fields.add(c.path("path").asText()));
      add(
          steps,
          skipped,
          Action.REVERT,
          changed,
          mesh,
          then.get(key(changed)),
          fields,
          zoneOwnedHere);
    }
    steps.sort(Comparator.comparingInt(RollbackPlan::order));
    return new RollbackPlan(List.copyOf(steps), List.copyOf(skipped));
  }

  static Map<String, JsonNode> byKey(List<JsonNode> documents) {
    Map<String, JsonNode> out = new HashMap<>();
    documents.forEach(d -> out.put(key(d), d));
    return out;
  }

  private static void add(
      List<Step> steps,
      List<String> skipped,
      Action action,
      JsonNode resource,
      String mesh,
      JsonNode then,
      List<String> fields,
      boolean zoneOwnedHere) {
    Kind kind = Kind.byTypeName(resource.path("type").asText()).orElse(null);
    String name = resource.path("name").asText();
    if (kind == null || !kind.writable()) {
      skipped.add(resource.path("type").asText() + " " + name + ": not written through the API");
      return;
    }
    if (!zoneOwnedHere && (kind == Kind.DATAPLANE || kind == Kind.ZONE_INGRESS)) {
      skipped.add(
          kind.typeName() + " " + mesh + "/" + name + ": owned by its zone; roll it back there");
      return;
    }
    if (action != Action.DELETE && then == null) {
      skipped.add(kind.typeName() + " " + name + ": not in the export of that moment");
      return;
    }
    steps.add(new Step(action, kind, mesh, name, then, fields));
  }

  /**
   * Mesh writes first, then everything else, deletions of other kinds, the Mesh's deletion last.
   */
  private static int order(Step step) {
    boolean mesh = step.kind() == Kind.MESH;
    if (step.action() == Action.DELETE) {
      return mesh ? 3 : 2;
    }
    return mesh ? 0 : 1;
  }

  private static String key(JsonNode resource) {
    return resource.path("type").asText() + "/" + resource.path("name").asText();
  }
}
