package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.CliException;
import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.api.ApiClient;
import dev.meridian.ctl.output.Printer;
import dev.meridian.ctl.output.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meridianctl history}: the audit log ({@code /audit/events}), newest first; with {@code
 * --follow}, new changes as they reach the log, oldest first, until interrupted.
 */
@Command(
    name = "history",
    description = "Who changed what and when, from the log: newest first, or followed live.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl history --mesh default",
      "  meridianctl history --type MeshTimeout --actor rita --since 2026-01-01T00:00:00Z",
      "  meridianctl history --zone zone-1 -o yaml",
      "  meridianctl history --mesh default --follow"
    })
public final class HistoryCommand implements Runnable {
  static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(1);

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin Paging paging;

  @Option(names = "--mesh", description = "Changes in this mesh (a Mesh counts as its own).")
  String mesh;

  @Option(names = "--type", description = "Resource type, e.g. Dataplane.")
  String type;

  @Option(names = "--name", description = "Resource name.")
  String name;

  @Option(names = "--zone", description = "Where the change was made: a zone, or global.")
  String zone;

  @Option(names = "--actor", description = "Who made it (the token's name).")
  String actor;

  @Option(names = "--since", paramLabel = "TIME", description = "From this RFC 3339 time on.")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Up to this RFC 3339 time.")
  String until;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new changes as they come.")
  boolean follow;

  static final List<String> HEADERS =
      List.of("POSITION", "TIME", "ORIGIN", "ACTOR", "OPERATION", "TYPE", "MESH", "NAME");

  @Override
  public void run() {
    Session session = Meridianctl.session(spec);
    ApiClient api = session.api();
    if (follow) {
      follow(session, api);
      return;
    }
    Map<String, String> query = filters();
    query.put("size", paging.size());
    query.put("offset", paging.offset());
    JsonNode page = api.get("/audit/events", query);
    if (output.format() != Printer.Format.TABLE) {
      Printer.print(page, output.format(), session.out());
      return;
    }
    Table table = new Table(HEADERS);
    page.path("items").forEach(e -> table.row(row(e)));
    table.footer(Paging.footer(page)).print(session.out());
  }

  private Map<String, String> filters() {
    return ApiClient.params(
        "mesh", mesh, "type", type, "name", name, "zone", zone, "actor", actor, "since", since,
        "until", until);
  }

  /**
   * Polls for changes since the newest one printed; the event ids already printed keep a change
   * that shares its time with an earlier one from being printed twice.
   */
  private void follow(Session session, ApiClient api) {
    if (output.format() != Printer.Format.TABLE) {
      throw new CliException("--follow prints a table; leave out -o");
    }
    Set<String> printed = new HashSet<>();
    String from = since;
    boolean header = true;
    while (!Thread.currentThread().isInterrupted()) {
      Map<String, String> query = filters();
      query.put("since", from);
      query.put("size", "1000");
      List<JsonNode> fresh = new ArrayList<>();
      api.get("/audit/events", query).path("items").forEach(fresh::add);
      List<JsonNode> oldestFirst = new ArrayList<>(fresh);
      java.util.Collections.reverse(oldestFirst);
      for (JsonNode event : oldestFirst) {
        if (printed.add(event.path("eventId").asText())) {
          // One line at a time, columns of a fixed width: a followed table cannot be measured.
          if (header) {
            session.out().println(followLine(HEADERS));
            header = false;
          }
          session.out().println(followLine(row(event)));
          from = event.path("time").asText();
        }
      }
      if (header) {
        session.out().println(followLine(HEADERS));
        header = false;
      }
      session.out().flush();
      try {
        Thread.sleep(FOLLOW_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final int[] FOLLOW_WIDTHS = {30, 33, 10, 12, 10, 24, 12, 0};

  static String followLine(List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      line.append(cell);
      if (i < cells.size() - 1) {
        line.append(" ".repeat(Math.max(3, FOLLOW_WIDTHS[i] - cell.length())));
      }
    }
    return line.toString();
  }

  static List<String> row(JsonNode e) {
    return List.of(
        e.path("position").asText(),
        e.path("time").asText(),
        e.path("origin").asText(),
        e.path("actor").asText(),
        e.path("operation").asText(),
        e.path("type").asText(),
        e.path("mesh").asText(""),
        e.path("name").asText());
  }
}
