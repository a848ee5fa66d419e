package dev.meridian.kernel.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.PageRequest;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.log.LogCut;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.validation.Violation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The history API's requests, the same on every control plane: {@code ?at=}, audit queries and
 * diffs parsed with field errors, answered from {@link LogHistory}.
 */
public final class HistoryRequests {
  /**
   * Audit pages are cut from the newest {@code offset + size} matching changes a replay keeps in
   * memory; deeper pages are reached by narrowing the time range.
   */
  static final int MAX_AUDIT_OFFSET = 100_000;

  private HistoryRequests() {}

  /** The projection a read should use: the live one, or the log's view at {@code ?at=}. */
  public static Projection view(String rawAt, Projection live, LogHistory history) {
    return cut(rawAt, "at", history).map(history::at).orElse(live);
  }

  /** Parses a cut parameter; empty when absent. Bad values are a 400 naming the parameter. */
  public static Optional<LogCut> cut(String raw, String parameter, LogHistory history) {
    if (raw == null || raw.isEmpty()) {
      return Optional.empty();
    }
    LogCut.Requested requested =
        LogCut.Requested.parse(raw).orElseThrow(() -> invalid(parameter, LogCut.Requested.FORMS));
    return Optional.of(
        history
            .resolve(requested)
            .orElseThrow(
                () ->
                    invalid(
                        parameter, "no event at this position of a log this control plane reads")));
  }

  /** {@code mesh, type, name, zone, actor, actorGroup, since, until} from the query string. */
  public static AuditQuery auditQuery(Function<String, String> parameters) {
    List<Violation> violations = new ArrayList<>();
    Instant since = time(parameters.apply("since"), "since", violations);
    Instant until = time(parameters.apply("until"), "until", violations);
    if (since != null && until != null && since.isAfter(until)) {
      violations.add(new Violation("until", "must not be before since"));
    }
    if (!violations.isEmpty()) {
      throw ApiFailure.invalid("Bad Request", "Invalid audit query", violations);
    }
    return new AuditQuery(
        blankToNull(parameters.apply("mesh")),
        blankToNull(parameters.apply("type")),
        blankToNull(parameters.apply("name")),
        blankToNull(parameters.apply("zone")),
        blankToNull(parameters.apply("actor")),
        since,
        until,
        blankToNull(parameters.apply("actorGroup")));
  }

  /** One page of the audit log, newest first, in Kuma's list shape. */
  public static ObjectNode auditPage(
      LogHistory history,
      AuditQuery query,
      String rawOffset,
      String rawSize,
      IntFunction<String> nextUrl) {
    PageRequest requested = PageRequest.parse(rawOffset, rawSize);
    if (requested.offset() > MAX_AUDIT_OFFSET) {
      throw invalid(
          "offset",
          "must be at most " + MAX_AUDIT_OFFSET + "; narrow the query with since/until instead");
    }
    // The audit log has no "everything" page: size=0 asks for the largest page there is.
    PageRequest page =
        new PageRequest(
            requested.offset(), requested.size() == 0 ? PageRequest.MAX_SIZE : requested.size());
    int keep = page.offset() + page.size();
    AuditCollector collected = history.audit(query, keep);
    List<AuditEntry> newest = collected.newestFirst();
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("total", collected.total());
    ArrayNode items = out.putArray("items");
    int from = Math.min(page.offset(), newest.size());
    newest.subList(from, newest.size()).forEach(e -> items.add(e.render()));
    if ((long) page.offset() + page.size() < collected.total()) {
      out.put("next", nextUrl.apply(page.offset() + page.size()));
    } else {
      out.putNull("next");
    }
    return out;
  }

  /** A mesh's changes between two cuts; {@code to} defaults to now. */
  public static ObjectNode diff(
      String mesh, String rawFrom, String rawTo, Projection live, LogHistory history) {
    if (rawFrom == null || rawFrom.isEmpty()) {
      throw invalid("from", "is required: " + LogCut.Requested.FORMS);
    }
    Projection from = history.at(cut(rawFrom, "from", history).orElseThrow());
    Projection to = cut(rawTo, "to", history).map(history::at).orElse(live);
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("mesh", mesh);
    out.put("from", rawFrom);
    out.put("to", rawTo == null || rawTo.isEmpty() ? "now" : rawTo);
    out.setAll(ResourceDiff.between(MeshResources.of(from, mesh), MeshResources.of(to, mesh)));
    return out;
  }

  private static Instant time(String raw, String field, List<Violation> violations) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      violations.add(new Violation(field, "must be an RFC 3339 time"));
      return null;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static ApiFailure invalid(String field, String reason) {
    return ApiFailure.invalid(
        "Bad Request", "Invalid " + field, List.of(new Violation(field, reason)));
  }
}
