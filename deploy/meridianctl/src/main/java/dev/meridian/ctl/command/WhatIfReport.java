package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;

/**
 * Prints a what-if answer for a terminal: the resources that would change, then per affected proxy
 * (with its zone) each xDS resource added, removed or changed, and each changed field as {@code
 * path: before -> after}. Nothing was written, and the last line says so.
 */
final class WhatIfReport {
  private static final List<String> TYPES = List.of("listeners", "routes", "clusters", "endpoints");

  private WhatIfReport() {}

  static void print(PrintWriter out, JsonNode preview) {
    String mesh = preview.path("mesh").asText();
    JsonNode resources = preview.path("resources");
    out.printf("Mesh \"%s\":%n", mesh);
    resources
        .path("added")
        .forEach(r -> out.printf("  + %s %s%n", type(r), r.path("name").asText()));
    resources
        .path("removed")
        .forEach(r -> out.printf("  - %s %s%n", type(r), r.path("name").asText()));
    resources
        .path("changed")
        .forEach(r -> out.printf("  ~ %s %s%n", type(r), r.path("name").asText()));
    int affected = preview.path("affectedProxies").asInt();
    out.printf("%d %s would change:%n", affected, affected == 1 ? "proxy" : "proxies");
    for (JsonNode proxy : preview.path("proxies")) {
      out.printf(
          "  %s (zone %s, %s)%n",
          proxy.path("name").asText(),
          proxy.path("zone").asText().isEmpty() ? "-" : proxy.path("zone").asText(),
          proxy.path("change").asText());
      JsonNode xds = proxy.path("xds");
      for (String type : TYPES) {
        JsonNode entry = xds.path(type);
        entry.path("added").forEach(n -> out.printf("    + %s %s%n", singular(type), n.asText()));
        entry.path("removed").forEach(n -> out.printf("    - %s %s%n", singular(type), n.asText()));
        for (JsonNode changed : entry.path("changed")) {
          out.printf("    ~ %s %s%n", singular(type), changed.path("name").asText());
          for (JsonNode field : changed.path("changes")) {
            out.printf(
                "        %s: %s -> %s%n",
                field.path("path").asText(), value(field.get("before")), value(field.get("after")));
          }
        }
      }
    }
    out.println("Nothing was written (dry run).");
  }

  private static String type(JsonNode resource) {
    return resource.path("type").asText();
  }

  private static String singular(String type) {
    return switch (type) {
      case "listeners" -> "listener";
      case "routes" -> "route";
      case "clusters" -> "cluster";
      default -> "endpoints";
    };
  }

  private static String value(JsonNode value) {
    if (value == null) {
      return "(none)";
    }
    return value.isTextual() ? value.asText() : value.toString();
  }
}
