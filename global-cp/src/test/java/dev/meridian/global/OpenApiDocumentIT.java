package dev.meridian.global;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.Http;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.testkit.OpenApiContract;
import dev.meridian.testkit.OpenApiContract.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@code docs/api/global-cp.openapi.yaml} is valid OpenAPI, is what global serves at {@code GET
 * /openapi.yaml}, and describes exactly the routes global serves.
 */
class OpenApiDocumentIT {
  static final String DOCUMENT = "docs/api/global-cp.openapi.yaml";

  @TempDir Path dataDir;

  @Test
  void theDocumentIsServedAndDescribesEveryRouteOfGlobal() throws Exception {
    String checkedIn = Files.readString(Path.of("..").resolve(DOCUMENT));
    try (ConfigurableApplicationContext global =
        new SpringApplicationBuilder(GlobalCpApplication.class)
            .run(
                "--meridian.data-dir=" + dataDir,
                "--meridian.kafka.bootstrap-servers=" + KafkaFixture.shared().bootstrapServers(),
                "--server.port=0",
                "--server.address=127.0.0.1")) {
      int port = ((WebServerApplicationContext) global).getWebServer().getPort();
      Http.Response served = new Http("http://127.0.0.1:" + port).get("/openapi.yaml");
      assertThat(served.status()).isEqualTo(200);
      assertThat(served.contentType()).startsWith("application/yaml");
      assertThat(served.body()).isEqualTo(checkedIn);

      Set<Route> documented =
          OpenApiContract.documented(OpenApiContract.parse(checkedIn, DOCUMENT));
      RequestMappingHandlerMapping mapping =
          global.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
      assertThat(
              OpenApiContract.differences(
                  "global-cp", DOCUMENT, OpenApiContract.served(mapping), documented))
          .as("routes of global-cp against %s", DOCUMENT)
          .isEmpty();
    }
  }
}
