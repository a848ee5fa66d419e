package dev.meridian.zone.api;

import dev.meridian.runtime.api.Responses;
import dev.meridian.runtime.log.ProjectionFeed;
import dev.meridian.zone.config.ZoneProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /}: what this control plane is, as Kuma's index endpoint does. */
@RestController
class IndexApi {
  private final ZoneProperties properties;
  private final ProjectionFeed feed;

  IndexApi(ZoneProperties properties, ProjectionFeed feed) {
    this.properties = properties;
    this.feed = feed;
  }

  @GetMapping("/")
  ResponseEntity<byte[]> index(HttpServletRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("product", "Meridian");
    body.put("tagline", "Meridian zone control plane");
    body.put("version", getClass().getPackage().getImplementationVersion());
    body.put("mode", "zone");
    body.put("zone", properties.zone());
    body.put("topics", feed.topics());
    body.put("projectionCaughtUp", feed.caughtUp());
    return Responses.ok(body, request);
  }
}
