package dev.meridian.runtime.security;

import dev.meridian.kernel.auth.Subject;
import dev.meridian.kernel.auth.UserTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Issues and checks this control plane's user tokens (signed with a key derived from its own). */
@Component
public class ApiTokens {
  private static final String SIGNING_KEY_USE = "user-token-signing/v1";

  private final UserTokens tokens;
  private final Clock clock = Clock.systemUTC();

  public ApiTokens(ControlPlaneKey key) {
    this.tokens = new UserTokens(key.derive(SIGNING_KEY_USE));
  }

  public String issue(Subject subject, Duration validFor) {
    Instant now = clock.instant();
    return tokens.issue(subject, now, now.plus(validFor));
  }

  public UserTokens.Verification verify(String token) {
    return tokens.verify(token, clock.instant());
  }
}
