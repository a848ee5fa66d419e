package dev.meridian.kernel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserTokensTest {
  private static final Instant NOW = Instant.parse("2026-12-03T07:00:00Z");
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
  private final UserTokens tokens = new UserTokens(KEY, "zone-1");
  private final Subject alice = new Subject("alice", List.of("mesh-system:readonly", "team-a"));

  @Test
  void aTokenItIssuedNamesItsSubjectUntilItExpires() {
    String token = tokens.issue(alice, NOW, NOW.plus(Duration.ofHours(1)));

    UserTokens.Verification verified = tokens.verify(token, NOW.plusSeconds(3599));

    assertThat(verified).isInstanceOf(UserTokens.Valid.class);
    UserTokens.Valid valid = (UserTokens.Valid) verified;
    assertThat(valid.subject()).isEqualTo(alice);
    assertThat(valid.tokenId()).isNotBlank();
    assertThat(tokens.verify(token, NOW.plusSeconds(3600)))
        .isEqualTo(new UserTokens.Invalid("expired"));
  }

  @Test
  void kumasClaimNamesAreUsed() {
    String token = tokens.issue(alice, NOW, NOW.plusSeconds(60));
    String claims =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);

    assertThat(claims)
        .contains(
            "\"Name\":\"alice\"", "\"Groups\":[", "\"exp\":", "\"jti\":", "\"iss\":\"zone-1\"");
  }

  @Test
  void anotherKeysTokenOrAnEditedOneIsRefused() {
    String token = tokens.issue(alice, NOW, NOW.plusSeconds(60));
    byte[] otherKey = Arrays.copyOf(KEY, KEY.length);
    otherKey[0] ^= 1;

    assertThat(new UserTokens(otherKey, "zone-1").verify(token, NOW))
        .isEqualTo(new UserTokens.Invalid("bad signature"));
    String[] parts = token.split("\\.");
    String promoted =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("mesh-system:readonly", "mesh-system:admin")
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(tokens.verify(parts[0] + "." + promoted + "." + parts[2], NOW))
        .isEqualTo(new UserTokens.Invalid("bad signature"));
  }

  @Test
  void anotherControlPlanesTokenIsRefusedEvenWithTheSameKey() {
    String fromGlobal = new UserTokens(KEY, "global").issue(alice, NOW, NOW.plusSeconds(60));

    assertThat(tokens.verify(fromGlobal, NOW)).isEqualTo(new UserTokens.Invalid("another issuer"));
  }

  @Test
  void anUnsignedOrMalformedTokenIsRefused() {
    String token = tokens.issue(alice, NOW, NOW.plusSeconds(60));
    String[] parts = token.split("\\.");
    String none =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(tokens.verify(none + "." + parts[1] + ".", NOW))
        .isEqualTo(new UserTokens.Invalid("unsupported algorithm"));
    assertThat(tokens.verify("garbage", NOW)).isEqualTo(new UserTokens.Invalid("not a JWT"));
    assertThat(tokens.verify("a.b!.c", NOW)).isEqualTo(new UserTokens.Invalid("not a JWT"));
    assertThat(tokens.verify(null, NOW)).isEqualTo(new UserTokens.Invalid("not a JWT"));
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new UserTokens(new byte[16], "zone-1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
