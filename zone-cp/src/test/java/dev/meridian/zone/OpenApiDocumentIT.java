package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.Http;
import dev.meridian.testkit.OpenApiContract;
import dev.meridian.testkit.OpenApiContract.Route;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@code docs/api/zone-cp.openapi.yaml} is valid OpenAPI, is what the zone serves at {@code GET
 * /openapi.yaml}, and describes exactly the routes the zone serves.
 */
class OpenApiDocumentIT {
  static final String DOCUMENT = "docs/api/zone-cp.openapi.yaml";

  @TempDir Path dataDir;

  @Test
  void theDocumentIsServedAndDescribesEveryRouteOfTheZone() throws Exception {
    String checkedIn = Files.readString(Path.of("..").resolve(DOCUMENT));
    try (RunningZone zone =
        RunningZone.start("openapi-" + UUID.randomUUID().toString().substring(0, 8), dataDir)) {
      Http.Response served = new Http(zone.baseUrl()).get("/openapi.yaml");
      assertThat(served.status()).isEqualTo(200);
      assertThat(served.contentType()).startsWith("application/yaml");
      assertThat(served.body()).isEqualTo(checkedIn);

      Set<Route> documented =
          OpenApiContract.documented(OpenApiContract.parse(checkedIn, DOCUMENT));
      assertThat(
              OpenApiContract.differences(
                  "zone-cp",
                  DOCUMENT,
                  OpenApiContract.served(
                      zone.bean(
                          "requestMappingHandlerMapping", RequestMappingHandlerMapping.class)),
                  documented))
          .as("routes of zone-cp against %s", DOCUMENT)
          .isEmpty();
    }
  }
}
