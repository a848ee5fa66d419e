package dev.meridian.zone.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.RequestBody;
import dev.meridian.kernel.api.ResourceRequests;
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
import dev.meridian.zone.command.ResourceCommands;
import dev.meridian.zone.command.WriteResult;
import dev.meridian.zone.config.ZoneProperties;
import dev.meridian.zone.log.ProjectionFeed;
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
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Kuma's resource REST semantics for any kind: PUT creates (201) or updates (200), GET reads from
 * the projection, lists page with {@code offset}/{@code size}. Bad input is answered before
 * anything is written.
 */
@Component
class ResourceEndpoints {
  private static final Logger log = LoggerFactory.getLogger(ResourceEndpoints.class);

  private final Projection projection;
  private final ProjectionFeed feed;
  private final ResourceCommands commands;
  private final ZoneProperties.Api settings;
  private final Map<ResourceKind, KindHandler> handlers;
  private final LogHistory history;

  ResourceEndpoints(
      Projection projection,
      ProjectionFeed feed,
      ResourceCommands commands,
      ZoneProperties properties,
      List<KindHandler> handlers,
      LogHistory history) {
    this.history = history;
    this.projection = projection;
    this.feed = feed;
    this.commands = commands;
    this.settings = properties.api();
    Map<ResourceKind, KindHandler> byKind =
        handlers.stream()
            .collect(
                Collectors.toMap(
                    KindHandler::kind,
                    Function.identity(),
                    (a, b) -> a,
                    () -> new java.util.EnumMap<>(ResourceKind.class)));
    // Every policy kind is handled alike.
    ResourceKind.policies().forEach(kind -> byKind.put(kind, new PolicyHandler(kind, properties)));
    this.handlers = byKind;
  }

  ResponseEntity<byte[]> put(ResourceKey key, HttpServletRequest request) {
    KindHandler handler = handlers.get(key.kind());
    handler.checkWritable();
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    byte[] body = readBody(request);
    ResourceDocument.Parsed parsed =
        ResourceDocument.read(key.kind(), body, RequestBody.format(request.getContentType(), body));
    ResourceSpec prepared = handler.prepare(parsed.spec());
    List<Violation> specViolations = handler.validate(prepared);
    if (!specViolations.isEmpty()) {
      throw ResourceRequests.invalid(specViolations);
    }
    ResourceRequests.checkMatchesUrl(key, parsed, handler.validateName(key.name()));
    if (key.kind().meshScoped() && !projection.meshExists(key.mesh())) {
      throw ResourceRequests.meshNotFound(key.mesh());
    }
    WriteResult result = commands.send(handler.putCommand(key, prepared), actor(request));
    awaitVisible(key, result);
    int status = result.outcome() == Decision.Outcome.CREATED ? 201 : 200;
    return ResponseEntity.status(status).build();
  }

  private byte[] readBody(HttpServletRequest request) {
    try {
      return RequestBody.read(
          request.getInputStream(), request.getContentLengthLong(), settings.maxBodyBytes());
    } catch (java.io.IOException e) {
      throw ApiFailure.of(400, "Bad Request", "could not read the request body");
    }
  }

  ResponseEntity<byte[]> delete(ResourceKey key, HttpServletRequest request) {
    KindHandler handler = handlers.get(key.kind());
    handler.checkWritable();
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    if (projection.get(key).isEmpty()) {
      throw ApiFailure.notFound("Could not delete a resource");
    }
    handler.checkDeletable(key);
    for (ResourceKey dependent : handler.deletedWith(key)) {
      WriteResult removed =
          commands.send(handlers.get(dependent.kind()).deleteCommand(dependent), actor(request));
      awaitVisible(dependent, removed);
    }
    WriteResult result = commands.send(handler.deleteCommand(key), actor(request));
    if (result.outcome() == Decision.Outcome.NOT_FOUND) {
      throw ApiFailure.notFound("Could not delete a resource");
    }
    awaitVisible(key, result);
    return ResponseEntity.ok().build();
  }

  ResponseEntity<byte[]> get(ResourceKey key, HttpServletRequest request) {
    Resource resource =
        view(request)
            .get(key)
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
    return Responses.ok(ResourceDocument.render(resource), request);
  }

  ResponseEntity<byte[]> list(ResourceKind kind, String meshOrNull, HttpServletRequest request) {
    return Responses.ok(
        ResourceRequests.page(
            view(request).list(kind, meshOrNull),
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> nextUrl(request, offset)),
        request);
  }

  /** The live projection, or the log's view at {@code ?at=} (a time or a log position). */
  private Projection view(HttpServletRequest request) {
    return HistoryRequests.view(request.getParameter("at"), projection, history);
  }

  static String nextUrl(HttpServletRequest request, int nextOffset) {
    return UriComponentsBuilder.fromUriString(request.getRequestURL().toString())
        .query(request.getQueryString())
        .replaceQueryParam("offset", nextOffset)
        .build()
        .toUriString();
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

  private String actor(HttpServletRequest request) {
    Principal principal = request.getUserPrincipal();
    return principal != null ? principal.getName() : settings.defaultActor();
  }
}
