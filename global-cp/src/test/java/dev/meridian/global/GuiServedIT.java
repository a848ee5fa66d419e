package dev.meridian.global;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.GuiProbe;
import dev.meridian.testkit.KafkaFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Global serves the web GUI at /gui without a token (its assets hold no data; deep links get the
 * app's index.html) while every API route still needs one.
 */
class GuiServedIT {
  @TempDir Path dataDir;

  @Test
  void theGuiLoadsWithoutATokenAndTheApiStillRefusesAnonymousCalls() {
    try (ConfigurableApplicationContext global =
        new SpringApplicationBuilder(GlobalCpApplication.class)
            .run(
                "--meridian.data-dir=" + dataDir,
                "--meridian.kafka.bootstrap-servers=" + KafkaFixture.shared().bootstrapServers(),
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--meridian.auth.anonymous-localhost=false")) {
      int port = ((WebServerApplicationContext) global).getWebServer().getPort();
      assertThat(GuiProbe.differencesFromServedGui("http://127.0.0.1:" + port)).isEmpty();
    }
  }
}
