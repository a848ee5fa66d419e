package dev.meridian.runtime.security;

import dev.meridian.kernel.auth.Subject;
import dev.meridian.kernel.auth.UserTokens;
import dev.meridian.runtime.ControlPlaneRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Issues and checks this control plane's user tokens: signed with a key derived from its own key
 * and its name, and naming it as their issuer, so that no other control plane accepts them even if
 * it was given the same key file.
 */
@Component
public class ApiTokens {
  private final UserTokens tokens;
  private final Clock clock = Clock.systemUTC();

  public ApiTokens(ControlPlaneKey key, ControlPlaneRole role) {
    String issuer = role.ownSource().origin();
    this.tokens = new UserTokens(key.derive("user-token-signing/" + issuer + "/v1"), issuer);
  }

  public String issue(Subject subject, Duration validFor) {
    Instant now = clock.instant();
    return tokens.issue(subject, now, now.plus(validFor));
  }

  public UserTokens.Verification verify(String token) {
    return tokens.verify(token, clock.instant());
  }
}
