package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.api.ApiClient;
import dev.meridian.ctl.output.Printer;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meridianctl diff --from --to -m MESH}: what changed in a mesh between two moments. */
@Command(
    name = "diff",
    description =
        "What changed in a mesh between two moments: resources added (+), removed (-)"
            + " and changed (~), with each changed field.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl diff -m default --from 2026-01-01T10:00:00Z",
      "  meridianctl diff -m default --from meridian.global-0@10 --to meridian.global-0@20 -o json"
    })
public final class DiffCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin MeshOption mesh;
  @Mixin OutputOption output;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TIME|POSITION",
      description = "An RFC 3339 time or a log position <topic>-<partition>@<offset>.")
  String from;

  @Option(names = "--to", paramLabel = "TIME|POSITION", description = "As --from; now by default.")
  String to;

  @Override
  public void run() {
    Session session = Meridianctl.session(spec);
    JsonNode diff =
        session
            .api()
            .get(
                "/meshes/" + ApiClient.segment(mesh.mesh()) + "/_diff",
                ApiClient.params("from", from, "to", to));
    if (output.format() != Printer.Format.TABLE) {
      Printer.print(diff, output.format(), session.out());
      return;
    }
    print(diff, session.out());
  }

  static void print(JsonNode diff, PrintWriter out) {
    out.printf(
        "mesh %s from %s to %s%n",
        diff.path("mesh").asText(), diff.path("from").asText(), diff.path("to").asText());
    int count = 0;
    for (JsonNode added : diff.path("added")) {
      out.println("+ " + identity(added));
      count++;
    }
    for (JsonNode removed : diff.path("removed")) {
      out.println("- " + identity(removed));
      count++;
    }
    for (JsonNode changed : diff.path("changed")) {
      out.println("~ " + identity(changed));
      for (JsonNode change : changed.path("changes")) {
        out.printf(
            "    %s: %s -> %s%n",
            change.path("path").asText(), value(change, "before"), value(change, "after"));
      }
      count++;
    }
    if (count == 0) {
      out.println("no changes");
    }
    out.flush();
  }

  private static String identity(JsonNode resource) {
    String mesh = resource.path("mesh").asText("");
    return resource.path("type").asText()
        + " "
        + (mesh.isEmpty() ? "" : mesh + "/")
        + resource.path("name").asText();
  }

  private static String value(JsonNode change, String field) {
    return change.has(field) ? change.get(field).toString() : "(absent)";
  }
}
