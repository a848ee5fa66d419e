package dev.meridian.global.api;

import dev.meridian.global.command.Commands;
import dev.meridian.global.command.ResourceCommands;
import dev.meridian.global.command.WriteResult;
import dev.meridian.global.config.GlobalProperties;
import dev.meridian.global.log.GlobalFeed;
import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.api.RequestBody;
import dev.meridian.kernel.api.ResourceRequests;
import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.history.HistoryRequests;
import dev.meridian.kernel.history.LogHistory;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.policy.PolicyInspection;
import dev.meridian.kernel.policy.PolicyValidator;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.validation.Violation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * targetRef policies are written here (Kuma's paths, e.g. {@code /meshes/{mesh}/meshtimeouts/
 * {name}}), validated, decided by their aggregate and published on {@code meridian.global}, from
 * where every zone applies them. {@code _resources/dataplanes} shows the proxies of every zone a
 * policy affects.
 */
@RestController
class GlobalPolicyApi {
  static final String PLURALS =
      "{plural:meshtimeouts|meshretries|meshcircuitbreakers|meshhealthchecks"
          + "|meshloadbalancingstrategies|meshhttproutes|meshtcproutes|meshfaultinjections"
          + "|meshratelimits}";

  private final Projection projection;
  private final GlobalFeed feed;
  private final ResourceCommands commands;
  private final GlobalProperties.Api settings;

  private final LogHistory history;

  GlobalPolicyApi(
      Projection projection,
      GlobalFeed feed,
      ResourceCommands commands,
      GlobalProperties properties,
      LogHistory history) {
    this.history = history;
    this.projection = projection;
    this.feed = feed;
    this.commands = commands;
    this.settings = properties.api();
  }

  static ResourceKind kind(String plural) {
    return ResourceKind.byPluralPath(plural)
        .filter(ResourceKind::isPolicy)
        .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
  }

  @GetMapping("/" + PLURALS)
  ResponseEntity<byte[]> listAll(@PathVariable String plural, HttpServletRequest request) {
    return page(view(request).list(kind(plural), null), request);
  }

  @GetMapping("/meshes/{mesh}/" + PLURALS)
  ResponseEntity<byte[]> list(
      @PathVariable String mesh, @PathVariable String plural, HttpServletRequest request) {
    return page(view(request).list(kind(plural), mesh), request);
  }

  @GetMapping("/meshes/{mesh}/" + PLURALS + "/{name}")
  ResponseEntity<byte[]> get(
      @PathVariable String mesh,
      @PathVariable String plural,
      @PathVariable String name,
      HttpServletRequest request) {
    Resource resource =
        view(request)
            .get(new ResourceKey(kind(plural), mesh, name))
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
    return Responses.ok(ResourceDocument.render(resource), request);
  }

  /** The live projection, or the log's view at {@code ?at=}. */
  private Projection view(HttpServletRequest request) {
    return HistoryRequests.view(request.getParameter("at"), projection, history);
  }

  @PutMapping("/meshes/{mesh}/" + PLURALS + "/{name}")
  ResponseEntity<byte[]> put(
      @PathVariable String mesh,
      @PathVariable String plural,
      @PathVariable String name,
      HttpServletRequest request)
      throws IOException {
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    ResourceKey key = new ResourceKey(kind(plural), mesh, name);
    byte[] body =
        RequestBody.read(
            request.getInputStream(), request.getContentLengthLong(), settings.maxBodyBytes());
    ResourceDocument.Parsed parsed =
        ResourceDocument.read(key.kind(), body, RequestBody.format(request.getContentType(), body));
    List<Violation> violations = PolicyValidator.validate(key.kind(), (PolicySpec) parsed.spec());
    if (!violations.isEmpty()) {
      throw ResourceRequests.invalid(violations);
    }
    ResourceRequests.checkMatchesUrl(key, parsed, List.of());
    if (!projection.meshExists(mesh)) {
      throw ResourceRequests.meshNotFound(mesh);
    }
    WriteResult result =
        commands.send(
            new Commands.PutPolicy(key.logKey(), key, (PolicySpec) parsed.spec()), actor(request));
    awaitVisible(key, result);
    return ResponseEntity.status(result.outcome() == Decision.Outcome.CREATED ? 201 : 200).build();
  }

  @DeleteMapping("/meshes/{mesh}/" + PLURALS + "/{name}")
  ResponseEntity<byte[]> delete(
      @PathVariable String mesh,
      @PathVariable String plural,
      @PathVariable String name,
      HttpServletRequest request) {
    ResourceRequests.requireCaughtUp(feed.caughtUp());
    ResourceKey key = new ResourceKey(kind(plural), mesh, name);
    if (projection.get(key).isEmpty()) {
      throw ApiFailure.notFound("Could not delete a resource");
    }
    WriteResult result =
        commands.send(new Commands.DeletePolicy(key.logKey(), key), actor(request));
    if (result.outcome() == Decision.Outcome.NOT_FOUND) {
      throw ApiFailure.notFound("Could not delete a resource");
    }
    awaitVisible(key, result);
    return ResponseEntity.ok().build();
  }

  /** Every zone's dataplanes this policy takes part in configuring. */
  @GetMapping("/meshes/{mesh}/" + PLURALS + "/{name}/_resources/dataplanes")
  ResponseEntity<byte[]> affectedDataplanes(
      @PathVariable String mesh,
      @PathVariable String plural,
      @PathVariable String name,
      HttpServletRequest request) {
    Resource policy =
        projection
            .get(new ResourceKey(kind(plural), mesh, name))
            .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
    List<Resource> affected =
        PolicyInspection.affected(
            policy, projection.list(ResourceKind.DATAPLANE, mesh), policiesOf(projection, mesh));
    return Responses.ok(
        ResourceRequests.page(
            affected,
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> nextUrl(request, offset),
            dp -> {
              var item = DomainJson.canonical().createObjectNode();
              item.put("type", "Dataplane");
              item.put("mesh", dp.key().mesh());
              item.put("name", dp.key().name());
              return item;
            }),
        request);
  }

  /**
   * Deletes every policy of a mesh (Kuma deletes them with the mesh); used before the mesh goes.
   */
  void deletePoliciesOf(String mesh, String actor) {
    for (Resource policy : policiesOf(projection, mesh)) {
      ResourceKey key = policy.key();
      awaitVisible(key, commands.send(new Commands.DeletePolicy(key.logKey(), key), actor));
    }
  }

  static List<Resource> policiesOf(Projection projection, String mesh) {
    List<Resource> policies = new ArrayList<>();
    ResourceKind.policies().forEach(kind -> policies.addAll(projection.list(kind, mesh)));
    return policies;
  }

  private ResponseEntity<byte[]> page(List<Resource> all, HttpServletRequest request) {
    return Responses.ok(
        ResourceRequests.page(
            all,
            request.getParameter("offset"),
            request.getParameter("size"),
            offset -> nextUrl(request, offset)),
        request);
  }

  private static String nextUrl(HttpServletRequest request, int offset) {
    return UriComponentsBuilder.fromUriString(request.getRequestURL().toString())
        .query(request.getQueryString())
        .replaceQueryParam("offset", offset)
        .build()
        .toUriString();
  }

  private void awaitVisible(ResourceKey key, WriteResult result) {
    if (result.sequence() >= 0 && result.outcome() != Decision.Outcome.UNCHANGED) {
      feed.awaitApplied(key.logKey(), result.sequence(), settings.writeVisibilityTimeout());
    }
  }

  String actor(HttpServletRequest request) {
    Principal principal = request.getUserPrincipal();
    return principal != null ? principal.getName() : settings.defaultActor();
  }
}
