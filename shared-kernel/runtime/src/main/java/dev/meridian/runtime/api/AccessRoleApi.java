package dev.meridian.runtime.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kong Mesh's routes of its global-scoped access kinds: {@code /access-roles/{name}} and {@code
 * /access-role-bindings/{name}}. Written where the role allows (global, or a standalone zone); read
 * everywhere.
 */
@RestController
class AccessRoleApi {
  static final String PLURALS = "{plural:access-roles|access-role-bindings}";

  private final ResourceEndpoints endpoints;

  AccessRoleApi(ResourceEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  private static ResourceKind kind(String plural) {
    return ResourceKind.byPluralPath(plural)
        .orElseThrow(() -> ApiFailure.notFound("Could not retrieve a resource"));
  }

  private static ResourceKey key(String plural, String name) {
    return new ResourceKey(kind(plural), "", name);
  }

  @GetMapping("/" + PLURALS)
  ResponseEntity<byte[]> list(@PathVariable String plural, HttpServletRequest request) {
    return endpoints.list(kind(plural), null, request);
  }

  @GetMapping("/" + PLURALS + "/{name}")
  ResponseEntity<byte[]> get(
      @PathVariable String plural, @PathVariable String name, HttpServletRequest request) {
    return endpoints.get(key(plural, name), request);
  }

  @PutMapping("/" + PLURALS + "/{name}")
  ResponseEntity<byte[]> put(
      @PathVariable String plural, @PathVariable String name, HttpServletRequest request) {
    return endpoints.put(key(plural, name), request);
  }

  @DeleteMapping("/" + PLURALS + "/{name}")
  ResponseEntity<byte[]> delete(
      @PathVariable String plural, @PathVariable String name, HttpServletRequest request) {
    return endpoints.delete(key(plural, name), request);
  }
}
