package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.api.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meridianctl rollback --to TIME|POSITION -m MESH}: previews the writes that take the mesh
 * back to that moment, and makes them with {@code --yes}. Nothing is rewritten in the log: the
 * rollback is new events, made by the caller, after everything it undoes.
 */
@Command(
    name = "rollback",
    description =
        "Take a mesh back to how it was at a moment: shows the writes first; --yes"
            + " makes them (as new changes, by you).",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl rollback -m default --to 2026-01-01T10:00:00Z          # preview only",
      "  meridianctl rollback -m default --to meridian.global-0@42 --yes    # write it",
      "  meridianctl rollback -m default --to 2026-01-01T10:00:00Z --yes --reason 'OPS-7: bad timeout'"
    })
public final class RollbackCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin MeshOption mesh;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "TIME|POSITION",
      description = "The moment: an RFC 3339 time or a log position <topic>-<partition>@<offset>.")
  String to;

  @Option(names = "--yes", description = "Write the changes (without it, only the preview).")
  boolean yes;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description =
          "Why: recorded with every change the rollback makes and shown by the audit log"
              + " (default: rollback of the mesh to the moment).")
  String reason;

  @Override
  public void run() {
    Session session = Meridianctl.session(spec);
    ApiClient api = session.api();
    String base = "/meshes/" + ApiClient.segment(mesh.mesh());
    JsonNode diff = api.get(base + "/_diff", ApiClient.params("from", to));
    // A mesh created since had nothing then: no export of that moment to restore from.
    boolean meshCreatedSince = false;
    for (JsonNode added : diff.path("added")) {
      meshCreatedSince |= added.path("type").asText().equals("Mesh");
    }
    String export =
        meshCreatedSince
            ? ""
            : api.getText(base + "/_export", ApiClient.params("at", to), "application/yaml");
    boolean global = "global".equals(api.get("/", ApiClient.params()).path("mode").asText());
    RollbackPlan plan = RollbackPlan.of(diff, RollbackPlan.byKey(Documents.parse(export)), !global);

    var out = session.out();
    out.printf("Rollback of mesh %s to %s:%n", mesh.mesh(), to);
    plan.steps().forEach(step -> out.println("  " + step.describe()));
    plan.skipped().forEach(skip -> out.println("  skip " + skip));
    if (plan.steps().isEmpty()) {
      out.println("  nothing to change");
      out.flush();
      return;
    }
    if (!yes) {
      out.printf(
          "Nothing written: rerun with --yes to make these %d changes.%n", plan.steps().size());
      out.flush();
      return;
    }
    ApiClient writer =
        api.withReason(reason != null ? reason : "rollback of mesh " + mesh.mesh() + " to " + to);
    for (RollbackPlan.Step step : plan.steps()) {
      String path = step.kind().resourcePath(step.mesh(), step.name());
      if (step.action() == RollbackPlan.Action.DELETE) {
        writer.delete(path);
      } else {
        writer.put(path, step.then());
      }
      out.println("done: " + step.describe());
      out.flush();
    }
    out.printf("Mesh %s is as it was at %s.%n", mesh.mesh(), to);
    out.flush();
  }
}
