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
 * Kuma-compatible REST routes of the kinds every control plane shows: meshes, dataplanes (written
 * only on their zone) and zone ingresses (read here; written on their zone by its own routes).
 */
@RestController
class ResourceApi {
  private final ResourceEndpoints endpoints;

  ResourceApi(ResourceEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  @GetMapping("/meshes")
  ResponseEntity<byte[]> listMeshes(HttpServletRequest request) {
    return endpoints.list(ResourceKind.MESH, null, request);
  }

  @GetMapping("/meshes/{name}")
  ResponseEntity<byte[]> getMesh(@PathVariable String name, HttpServletRequest request) {
    return endpoints.get(ResourceKey.mesh(name), request);
  }

  @PutMapping("/meshes/{name}")
  ResponseEntity<byte[]> putMesh(@PathVariable String name, HttpServletRequest request) {
    return endpoints.put(ResourceKey.mesh(name), request);
  }

  @DeleteMapping("/meshes/{name}")
  ResponseEntity<byte[]> deleteMesh(@PathVariable String name, HttpServletRequest request) {
    return endpoints.delete(ResourceKey.mesh(name), request);
  }

  @GetMapping("/zoneingresses")
  ResponseEntity<byte[]> listZoneIngresses(HttpServletRequest request) {
    return endpoints.list(ResourceKind.ZONE_INGRESS, null, request);
  }

  @GetMapping("/zoneingresses/{name}")
  ResponseEntity<byte[]> getZoneIngress(@PathVariable String name, HttpServletRequest request) {
    return endpoints.get(ResourceKey.zoneIngress(name), request);
  }

  @GetMapping("/dataplanes")
  ResponseEntity<byte[]> listAllDataplanes(HttpServletRequest request) {
    return endpoints.list(ResourceKind.DATAPLANE, null, request);
  }

  @GetMapping("/meshes/{mesh}/dataplanes")
  ResponseEntity<byte[]> listDataplanes(@PathVariable String mesh, HttpServletRequest request) {
    return endpoints.list(ResourceKind.DATAPLANE, mesh, request);
  }

  @GetMapping("/meshes/{mesh}/dataplanes/{name}")
  ResponseEntity<byte[]> getDataplane(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    return endpoints.get(ResourceKey.dataplane(mesh, name), request);
  }

  @PutMapping("/meshes/{mesh}/dataplanes/{name}")
  ResponseEntity<byte[]> putDataplane(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    return endpoints.put(ResourceKey.dataplane(mesh, name), request);
  }

  @DeleteMapping("/meshes/{mesh}/dataplanes/{name}")
  ResponseEntity<byte[]> deleteDataplane(
      @PathVariable String mesh, @PathVariable String name, HttpServletRequest request) {
    return endpoints.delete(ResourceKey.dataplane(mesh, name), request);
  }
}
