package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.api.Kind;
import dev.meridian.ctl.output.Ago;
import dev.meridian.ctl.output.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code get}'s tables, in kumactl's columns for each kind. */
final class ResourceTables {
  private ResourceTables() {}

  static Table of(Kind kind, List<JsonNode> items, Instant now) {
    Table table;
    switch (kind) {
      case DATAPLANE -> {
        table = new Table("MESH", "NAME", "TAGS", "ADDRESS", "AGE");
        for (JsonNode dp : items) {
          JsonNode networking = dp.path("networking");
          String address = networking.path("advertisedAddress").asText("");
          if (address.isEmpty()) {
            address = networking.path("address").asText("");
          }
          table.row(
              dp.path("mesh").asText(),
              dp.path("name").asText(),
              tags(networking),
              address,
              age(dp, now));
        }
      }
      case MESH -> {
        table = new Table("NAME", "mTLS", "LOCALITY", "ZONEEGRESS", "AGE");
        for (JsonNode mesh : items) {
          table.row(
              mesh.path("name").asText(),
              mtls(mesh),
              onOff(mesh.path("routing").path("localityAwareLoadBalancing").asBoolean(false)),
              onOff(mesh.path("routing").path("zoneEgress").asBoolean(false)),
              age(mesh, now));
        }
      }
      default -> {
        if (kind.meshScoped()) {
          table = new Table("MESH", "NAME", "AGE");
          items.forEach(
              i -> table.row(i.path("mesh").asText(), i.path("name").asText(), age(i, now)));
        } else {
          table = new Table("NAME", "AGE");
          items.forEach(i -> table.row(i.path("name").asText(), age(i, now)));
        }
      }
    }
    return table;
  }

  /**
   * A dataplane's tags as Kuma's tag set prints them: each key once, sorted, its values joined by
   * commas, {@code key=value} pairs separated by spaces.
   */
  static String tags(JsonNode networking) {
    Map<String, TreeSet<String>> tags = new TreeMap<>();
    List<JsonNode> tagged = new ArrayList<>();
    networking.path("inbound").forEach(tagged::add);
    if (networking.has("gateway")) {
      tagged.add(networking.path("gateway"));
    }
    for (JsonNode item : tagged) {
      item.path("tags")
          .fields()
          .forEachRemaining(
              e ->
                  tags.computeIfAbsent(e.getKey(), k -> new TreeSet<>())
                      .add(e.getValue().asText()));
    }
    List<String> pairs = new ArrayList<>();
    tags.forEach((key, values) -> pairs.add(key + "=" + String.join(",", values)));
    return String.join(" ", pairs);
  }

  private static String mtls(JsonNode mesh) {
    JsonNode mtls = mesh.path("mtls");
    String enabled = mtls.path("enabledBackend").asText("");
    if (enabled.isEmpty()) {
      return "off";
    }
    for (JsonNode backend : mtls.path("backends")) {
      if (backend.path("name").asText().equals(enabled)) {
        return backend.path("type").asText() + "/" + enabled;
      }
    }
    return enabled;
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  private static String age(JsonNode resource, Instant now) {
    return Ago.since(resource.path("modificationTime").asText(null), now);
  }
}
