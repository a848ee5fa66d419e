package dev.meridian.runtime.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.RequestBody;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.auth.Subject;
import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.history.HistoryRequests;
import dev.meridian.kernel.history.LogHistory;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.ControlPlaneRole;
import dev.meridian.runtime.command.Commands;
import dev.meridian.runtime.command.ResourceCommands;
import dev.meridian.runtime.command.WriteResult;
import dev.meridian.runtime.log.ProjectionFeed;
import dev.meridian.runtime.settings.ApiSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Kuma's resource REST semantics for any kind: PUT creates (201) or updates (200), GET reads from
 * the projection (or the log's view at {@code ?at=}), lists page with {@code offset}/{@code size}.
 * A kind this control plane does not own is refused as its {@link ControlPlaneRole} says; bad input
 * is answered before anything is written.
 */
@Component
public class ResourceEndpoints {
  private static final Logger log = LoggerFactory.getLogger(ResourceEndpoints.class);

  private final Projection projection;
  private final ProjectionFeed feed;
  private final ResourceCommands commands;
  private final ControlPlaneRole role;
  private final ApiSettings settings;
  private final Map<ResourceKind, KindHandler> handlers;
  private final LogHistory history;

  ResourceEndpoints(
      Projection projection,
      ProjectionFeed feed,
      ResourceCommands commands,
      ControlPlaneRole role,
      ApiSettings settings,
      List<KindHandler> handlers,
      LogHistory history) {
    this.history = history;
    this.role = role;
    this.projection = projection;
    this.feed = feed;
    this.commands = commands;
    this.settings = settings;
    Map<ResourceKind, KindHandler> byKind =
        handlers.stream()
            .collect(
                Collectors.toMap(
                    KindHandler::kind,
                    Function.identity(),
                    (a, b) -> a,
                    () -> new java.util.EnumMap<>(ResourceKind.class)));
    // Every policy kind is handled alike.
    ResourceKind.policies().forEach(kind -> byKind.put(kind, new PolicyHandler(kind)));
    this.handlers = byKind;
  }

  public ResponseEntity<byte[]> put(ResourceKey key, HttpServletRequest request) {
    writable(key.kind());
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    byte[] body = readBody(request);
    ResourceDocument.Parsed parsed =
        ResourceDocument.read(key.kind(), body, RequestBody.format(request.getContentType(), body));
    CheckedWrite write = check(key, parsed, projection::meshExists);
    WriteResult result = send(write, actor(request));
    finish(write, result);
    int status = result.outcome() == Decision.Outcome.CREATED ? 201 : 200;
    return ResponseEntity.status(status).build();
  }

  /** A write whose document passed every check, ready to be sent. */
  record CheckedWrite(ResourceKey key, KindHandler handler, ResourceSpec spec) {}

  /**
   * Checks one document as a PUT of {@code key} does, without writing anything; throws the failure
   * a PUT would answer. {@code meshExists} says which meshes a write may go into.
   */
  CheckedWrite check(
      ResourceKey key,
      ResourceDocument.Parsed parsed,
      java.util.function.Predicate<String> meshExists) {
    KindHandler handler = writable(key.kind());
    ResourceSpec prepared = handler.prepare(parsed.spec());
    List<Violation> specViolations = handler.validate(prepared);
    if (!specViolations.isEmpty()) {
      throw ResourceRequests.invalid(specViolations);
    }
    ResourceRequests.checkMatchesUrl(key, parsed, handler.validateName(key.name()));
    if (key.kind().meshScoped() && !meshExists.test(key.mesh())) {
      throw ResourceRequests.meshNotFound(key.mesh());
    }
    return new CheckedWrite(key, handler, prepared);
  }

  /** Sends a checked write's command; it is durable once this returns. */
  WriteResult send(CheckedWrite write, Subject actor) {
    return commands.send(new Commands.PutResource(write.key(), write.spec()), actor);
  }

  /** Waits until the write is visible, then lets its kind react to it. */
  void finish(CheckedWrite write, WriteResult result) {
    awaitVisible(write.key(), result);
    write.handler().written(write.key(), result);
  }

  /** Whether the projection has caught up with the log, which every write waits for. */
  void requireCaughtUp() {
    ResourceRequests.requireCaughtUp(feed.caughtUp());
  }

  /** Whether a mesh exists now. */
  boolean meshExists(String mesh) {
    return projection.meshExists(mesh);
  }

  /** The kind's handler, whether or not this role writes it (null when it has none). */
  KindHandler handlerOf(ResourceKind kind) {
    return handlers.get(kind);
  }

  /** The kind's handler, once the role has not refused writes of it here. */
  KindHandler writable(ResourceKind kind) {
    role.refusedWrite(kind)
        .ifPresent(
            refusal -> {
              throw refusal;
            });
    KindHandler handler = handlers.get(kind);
    if (handler == null) {
      throw new IllegalStateException("no handler for " + kind + ", which this role writes");
    }
    return handler;
  }

  byte[] readBody(HttpServletRequest request) {
    return readBody(request, settings.maxBodyBytes());
  }

  /** A bulk request's body, which may be larger than one resource's. */
  byte[] readBulkBody(HttpServletRequest request) {
    return readBody(request, settings.maxBulkBodyBytes());
  }

  private byte[] readBody(HttpServletRequest request, int maxBytes) {
    try {
      return RequestBody.read(request.getInputStream(), request.getContentLengthLong(), maxBytes);
    } catch (java.io.IOException e) {
      throw ApiFailure.of(400, "Bad Request", "could not read the request body");
    }
  }

  public ResponseEntity<byte[]> delete(ResourceKey key, HttpServletRequest request) {
    KindHandler handler = writable(key.kind());
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    if (projection.get(key).isEmpty()) {
      throw ApiFailure.notFound("Could not delete a resource");
    }
    handler.checkDeletable(key);
    for (ResourceKey dependent : handler.deletedWith(key)) {
      WriteResult removed = commands.send(new Commands.DeleteResource(dependent), actor(request));
      awaitVisible(dependent, removed);
    }
    WriteResult result = commands.send(new Commands.DeleteResource(key), actor(request));
    if (result.outcome() == Decision.Outcome.NOT_FOUND) {
      throw ApiFailure.notFound("Could not delete a resource");
    }
    awaitVisible(key, result);
    return ResponseEntity.ok().build();
  }

  public ResponseEntity<byte[]> get(ResourceKey key, HttpServletRequest request) {
    Resource resource =
        view(request)
            .get(key)
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
    return Responses.ok(ResourceDocument.render(resource), request);
  }

  public ResponseEntity<byte[]> list(
      ResourceKind kind, String meshOrNull, HttpServletRequest request) {
    return Responses.ok(
        ResourceRequests.page(
            filter(request).apply(view(request).list(kind, meshOrNull)),
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> Responses.nextUrl(request, offset)),
        request);
  }

  /** Kuma's list filters a request asks for: {@code ?name=}, {@code ?tag=}, {@code ?gateway=}. */
  public static dev.meridian.kernel.api.ListFilter filter(HttpServletRequest request) {
    return dev.meridian.kernel.api.ListFilter.of(
        request.getParameter("name"),
        request.getParameterValues("tag"),
        request.getParameter("gateway"),
        request.getRequestURI());
  }

  /** The live projection, or the log's view at {@code ?at=} (a time or a log position). */
  public Projection view(HttpServletRequest request) {
    return HistoryRequests.view(request.getParameter("at"), projection, history);
  }

  /** Read-your-writes: the response is sent once the projection shows the change. */
  private void awaitVisible(ResourceKey key, WriteResult result) {
    if (result.sequence() < 0 || result.outcome() == Decision.Outcome.UNCHANGED) {
      return;
    }
    if (!feed.awaitApplied(key.logKey(), result.sequence(), settings.writeVisibilityTimeout())) {
      // The write is durable in the event store and will reach the log; only visibility lags.
      log.warn(
          "{} sequence {} not yet visible after {}",
          key,
          result.sequence(),
          settings.writeVisibilityTimeout());
    }
  }

  /**
   * Who is asking: the authenticated subject (name and groups), or the configured default actor for
   * a request the access filter let through without a token.
   */
  public Subject actor(HttpServletRequest request) {
    if (request.getAttribute(Subject.class.getName()) instanceof Subject subject) {
      return subject;
    }
    Principal principal = request.getUserPrincipal();
    return new Subject(
        principal != null ? principal.getName() : settings.defaultActor(), java.util.List.of());
  }
}
