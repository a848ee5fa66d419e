package dev.meridian.runtime.api;

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
  private final ResourceEndpoints endpoints;

  AccessRoleApi(ResourceEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  @GetMapping("/access-roles")
  ResponseEntity<byte[]> listRoles(HttpServletRequest request) {
    return endpoints.list(ResourceKind.ACCESS_ROLE, null, request);
  }

  @GetMapping("/access-roles/{name}")
  ResponseEntity<byte[]> getRole(@PathVariable String name, HttpServletRequest request) {
    return endpoints.get(ResourceKey.accessRole(name), request);
  }

  @PutMapping("/access-roles/{name}")
  ResponseEntity<byte[]> putRole(@PathVariable String name, HttpServletRequest request) {
    return endpoints.put(ResourceKey.accessRole(name), request);
  }

  @DeleteMapping("/access-roles/{name}")
  ResponseEntity<byte[]> deleteRole(@PathVariable String name, HttpServletRequest request) {
    return endpoints.delete(ResourceKey.accessRole(name), request);
  }

  @GetMapping("/access-role-bindings")
  ResponseEntity<byte[]> listBindings(HttpServletRequest request) {
    return endpoints.list(ResourceKind.ACCESS_ROLE_BINDING, null, request);
  }

  @GetMapping("/access-role-bindings/{name}")
  ResponseEntity<byte[]> getBinding(@PathVariable String name, HttpServletRequest request) {
    return endpoints.get(ResourceKey.accessRoleBinding(name), request);
  }

  @PutMapping("/access-role-bindings/{name}")
  ResponseEntity<byte[]> putBinding(@PathVariable String name, HttpServletRequest request) {
    return endpoints.put(ResourceKey.accessRoleBinding(name), request);
  }

  @DeleteMapping("/access-role-bindings/{name}")
  ResponseEntity<byte[]> deleteBinding(@PathVariable String name, HttpServletRequest request) {
    return endpoints.delete(ResourceKey.accessRoleBinding(name), request);
  }
}
