package dev.meridian.global;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /}: what this control plane is. */
@RestController
class IndexApi {
  @GetMapping("/")
  Map<String, Object> index() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("product", "Meridian");
    body.put("tagline", "Meridian global control plane");
    body.put("version", getClass().getPackage().getImplementationVersion());
    body.put("mode", "global");
    return body;
  }
}
