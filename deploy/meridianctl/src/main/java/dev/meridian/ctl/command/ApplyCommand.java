package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.CliException;
import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.api.ApiClient;
import dev.meridian.ctl.api.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meridianctl apply -f FILE|-}: every document PUT at its Kuma path, in order. The whole
 * input is checked first (known type, name, mesh), so a malformed file changes nothing.
 */
@Command(
    name = "apply",
    description =
        "Create or update resources from a file or standard input (YAML or JSON,"
            + " several documents separated by ---).",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl apply -f mesh.yaml",
      "  meridianctl apply -f dataplane.yaml -v name=backend-1 -v address=10.0.0.2",
      "  meridianctl apply -f timeout.yaml --dry-run     # which proxies would change, and how",
      "  meridianctl export -m default --at 2026-01-01T00:00:00Z | meridianctl apply -f -"
    })
public final class ApplyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "The file to apply; - for standard input.")
  String file;

  @Option(
      names = {"-v", "--var"},
      paramLabel = "KEY=VALUE",
      description = "A value for each {{ KEY }} placeholder in the input.")
  Map<String, String> variables = new LinkedHashMap<>();

  @Option(
      names = "--dry-run",
      description =
          "Write nothing: show which proxies (in every zone, on global) would change and their"
              + " xDS diff.")
  boolean dryRun;

  /** One document, checked, with where it goes. */
  record Change(Kind kind, String mesh, String name, JsonNode body) {
    String path() {
      return kind.resourcePath(mesh, name);
    }

    String describe() {
      return kind.meshScoped()
          ? kind.typeName() + " \"" + name + "\" in mesh \"" + mesh + "\""
          : kind.typeName() + " \"" + name + "\"";
    }
  }

  @Override
  public void run() {
    Session session = Meridianctl.session(spec);
    List<Change> changes = changes(Documents.parse(Documents.substitute(read(session), variables)));
    ApiClient api = session.api();
    if (dryRun) {
      preview(session, api, changes);
      return;
    }
    for (Change change : changes) {
      int status = api.put(change.path(), change.body());
      session.out().printf("%s %s%n", change.describe(), status == 201 ? "created" : "applied");
      session.out().flush();
    }
  }

  /** One what-if per mesh the input touches (a Mesh document previews its own mesh). */
  private static void preview(Session session, ApiClient api, List<Change> changes) {
    Map<String, List<JsonNode>> byMesh = new LinkedHashMap<>();
    for (Change change : changes) {
      String mesh = change.kind().meshScoped() ? change.mesh() : change.name();
      if (!change.kind().meshScoped() && !change.kind().typeName().equals("Mesh")) {
        throw new CliException(
            "--dry-run previews resources of meshes; " + change.describe() + " is not one");
      }
      byMesh.computeIfAbsent(mesh, m -> new ArrayList<>()).add(change.body());
    }
    for (Map.Entry<String, List<JsonNode>> mesh : byMesh.entrySet()) {
      com.fasterxml.jackson.databind.node.ArrayNode documents = ApiClient.JSON.createArrayNode();
      mesh.getValue().forEach(documents::add);
      JsonNode preview =
          api.post("/meshes/" + ApiClient.segment(mesh.getKey()) + "/_whatif", documents);
      WhatIfReport.print(session.out(), preview);
    }
    session.out().flush();
  }

  static List<Change> changes(List<JsonNode> documents) {
    if (documents.isEmpty()) {
      throw new CliException("no resources in the input");
    }
    List<Change> changes = new ArrayList<>();
    List<CliException.Cause> causes = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      String at = documents.size() == 1 ? "" : "[" + i + "]";
      if (!document.isObject()) {
        causes.add(new CliException.Cause("document" + at, "must be an object"));
        continue;
      }
      String type = document.path("type").asText("");
      Kind kind = type.isEmpty() ? null : Kind.byTypeName(type).orElse(null);
      if (kind == null || !kind.writable()) {
        causes.add(
            new CliException.Cause(
                "document" + at + ".type",
                type.isEmpty() ? "cannot be empty" : "unknown type \"" + type + "\""));
        continue;
      }
      String name = document.path("name").asText("");
      String mesh = document.path("mesh").asText("");
      if (name.isEmpty()) {
        causes.add(new CliException.Cause("document" + at + ".name", "cannot be empty"));
      }
      if (kind.meshScoped() && mesh.isEmpty()) {
        causes.add(new CliException.Cause("document" + at + ".mesh", "cannot be empty"));
      }
      changes.add(new Change(kind, mesh, name, document));
    }
    if (!causes.isEmpty()) {
      throw new CliException("invalid input: nothing was applied", causes);
    }
    return changes;
  }

  private String read(Session session) {
    try {
      if (file.equals("-")) {
        return new String(session.in().readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new CliException("could not read " + file + ": " + e.getMessage());
    }
  }
}
