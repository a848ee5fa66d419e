package dev.meridian.zone.api;

import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.runtime.api.ResourceEndpoints;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registering this zone's ingresses; every control plane reads them (the runtime's routes). */
@RestController
class ZoneIngressApi {
  private final ResourceEndpoints endpoints;

  ZoneIngressApi(ResourceEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  @PutMapping("/zoneingresses/{name}")
  ResponseEntity<byte[]> putZoneIngress(@PathVariable String name, HttpServletRequest request) {
    return endpoints.put(ResourceKey.zoneIngress(name), request);
  }

  @DeleteMapping("/zoneingresses/{name}")
  ResponseEntity<byte[]> deleteZoneIngress(@PathVariable String name, HttpServletRequest request) {
    return endpoints.delete(ResourceKey.zoneIngress(name), request);
  }
}
