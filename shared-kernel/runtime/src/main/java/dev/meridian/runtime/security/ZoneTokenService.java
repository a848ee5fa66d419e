package dev.meridian.runtime.security;

import dev.meridian.kernel.auth.ZoneTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Issues and checks zone tokens ({@link ZoneTokens}) with a key derived from the control-plane key:
 * global issues them, each zone (sharing the key) checks the ones its ingress shows.
 */
@Component
public class ZoneTokenService {
  private final byte[] key;
  private final Clock clock = Clock.systemUTC();

  public ZoneTokenService(ControlPlaneKey controlPlaneKey) {
    this.key = controlPlaneKey.derive(ZoneTokens.KEY_PURPOSE);
  }

  public String issue(String zone, List<String> scope, Duration validFor) {
    Instant now = clock.instant();
    return ZoneTokens.issue(key, zone, scope, now, now.plus(validFor));
  }

  public ZoneTokens.Verification verify(String token) {
    return ZoneTokens.verify(token, clock.instant(), key);
  }
}
