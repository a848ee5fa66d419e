package dev.meridian.global.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openapi.yaml}: this API's OpenAPI document. The build copies it from {@code
 * docs/api/global-cp.openapi.yaml}, its only source, and a test keeps it in step with the routes.
 */
@RestController
class OpenApiDocument {
  static final String RESOURCE = "/openapi/global-cp.openapi.yaml";
  private final byte[] document;

  OpenApiDocument() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
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
