package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.GuiProbe;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zone serves the web GUI at /gui without a token (its assets hold no data; deep links get the
 * app's index.html) while every API route still needs one.
 */
class GuiServedIT {
  @TempDir Path dataDir;

  @Test
  void theGuiLoadsWithoutATokenAndTheApiStillRefusesAnonymousCalls() {
    String zone = "gui-" + UUID.randomUUID().toString().substring(0, 8);
    try (RunningZone running =
        RunningZone.start(zone, dataDir, Map.of("meridian.auth.anonymous-localhost", "false"))) {
      assertThat(GuiProbe.differencesFromServedGui(running.baseUrl())).isEmpty();
    }
  }
}
