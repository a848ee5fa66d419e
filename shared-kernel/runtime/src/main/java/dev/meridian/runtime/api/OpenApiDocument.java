package dev.meridian.runtime.api;

import dev.meridian.runtime.ControlPlaneRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openapi.yaml}: this API's OpenAPI document. Each application's build copies its own
 * from {@code docs/api/}, its only source, and a test per application keeps it in step with the
 * routes.
 */
@RestController
class OpenApiDocument {
  private final byte[] document;

  OpenApiDocument(ControlPlaneRole role) {
    String resource = role.openApiResource();
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GetMapping("/openapi.yaml")
  ResponseEntity<byte[]> document() {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/yaml"))
        .body(document);
  }
}
