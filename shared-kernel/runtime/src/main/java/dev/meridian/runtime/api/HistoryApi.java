package dev.meridian.runtime.api;

import dev.meridian.kernel.history.HistoryRequests;
import dev.meridian.kernel.history.LogHistory;
import dev.meridian.kernel.history.MeshExport;
import dev.meridian.kernel.history.MeshResources;
import dev.meridian.kernel.log.RebuildProgress;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.runtime.command.EventStoreRestore;
import dev.meridian.runtime.log.ProjectionFeed;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the log remembers, as this control plane sees it (global: every zone; a zone: its own view):
 * the audit log, a mesh's changes between two moments, a mesh exported as it was at a moment, how
 * the rebuild from the log went, and whether the log moved.
 */
@RestController
class HistoryApi {
  private final LogHistory history;
  private final Projection projection;
  private final ProjectionFeed feed;
  private final EventStoreRestore restore;

  HistoryApi(
      LogHistory history, Projection projection, ProjectionFeed feed, EventStoreRestore restore) {
    this.history = history;
    this.projection = projection;
    this.feed = feed;
    this.restore = restore;
  }

  @GetMapping("/audit/events")
  ResponseEntity<byte[]> audit(HttpServletRequest request) {
    return Responses.ok(
        HistoryRequests.auditPage(
            history,
            HistoryRequests.auditQuery(request::getParameter),
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> Responses.nextUrl(request, offset)),
        request);
  }

  @GetMapping("/meshes/{mesh}/_diff")
  ResponseEntity<byte[]> diff(
      @PathVariable String mesh,
      @RequestParam(name = "from", required = false) String from,
      @RequestParam(name = "to", required = false) String to,
      HttpServletRequest request) {
    return Responses.ok(HistoryRequests.diff(mesh, from, to, projection, history), request);
  }

  /** The mesh as multi-document YAML, in the shape PUT accepts; {@code ?at=} for the past. */
  @GetMapping("/meshes/{mesh}/_export")
  ResponseEntity<byte[]> export(@PathVariable String mesh, HttpServletRequest request) {
    Projection view = HistoryRequests.view(request.getParameter("at"), projection, history);
    if (!view.meshExists(mesh)) {
      throw dev.meridian.kernel.api.ApiFailure.notFound("Could not retrieve a resource");
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/yaml"))
        .body(MeshExport.yaml(MeshResources.of(view, mesh)).getBytes(StandardCharsets.UTF_8));
  }

  /** Rebuild progress of both sides, and the checksum a rebuilt projection must match. */
  @GetMapping("/status/rebuild")
  ResponseEntity<byte[]> rebuild(HttpServletRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("readSide", progress(feed.progress()));
    Map<String, Object> command = progress(restore.progress());
    command.put("outcome", restore.outcome().name());
    command.put("restoredEvents", restore.restoredEvents());
    body.put("commandSide", command);
    body.put("resources", projection.size());
    body.put("checksum", projection.checksum());
    return Responses.ok(body, request);
  }

  /**
   * Whether the log moved: the count of changes this read side has applied, which grows with every
   * change. Cheap to poll (no log replay, no checksum), so clients such as the web GUI poll it for
   * live updates and read again only when it moved.
   */
  @GetMapping("/status/log")
  ResponseEntity<byte[]> logStatus(HttpServletRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("changesApplied", feed.changesApplied());
    body.put("caughtUp", feed.caughtUp());
    body.put("resources", projection.size());
    return Responses.ok(body, request);
  }

  private static Map<String, Object> progress(RebuildProgress p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("done", p.done());
    out.put("recordsRead", p.recordsRead());
    out.put("recordsRemaining", p.recordsRemaining());
    out.put("recordsPerSecond", Math.round(p.recordsPerSecond()));
    out.put("elapsedMillis", p.elapsed().toMillis());
    return out;
  }
}
