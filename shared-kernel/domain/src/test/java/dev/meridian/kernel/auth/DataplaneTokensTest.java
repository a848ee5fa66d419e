package dev.meridian.kernel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.auth.DataplaneTokens.Identity;
import dev.meridian.kernel.auth.DataplaneTokens.SigningKey;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.SecretSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataplaneTokensTest {
  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
  private static final SigningKey KEY_1 = new SigningKey(1, filled(1), null);
  private static final Identity WEB_1 = new Identity("demo", "web-1", Map.of());

  @Test
  void aTokenSignedWithTheMeshKeyIsValidUntilItExpires() {
    String token = DataplaneTokens.issue(KEY_1, WEB_1, NOW, NOW.plusSeconds(60));
    var verified = DataplaneTokens.verify(token, NOW.plusSeconds(59), mesh -> List.of(KEY_1));
    assertThat(verified).isInstanceOf(DataplaneTokens.Valid.class);
    DataplaneTokens.Valid valid = (DataplaneTokens.Valid) verified;
    assertThat(valid.identity()).isEqualTo(WEB_1);
    assertThat(valid.tokenId()).isNotBlank();
    assertThat(DataplaneTokens.verify(token, NOW.plusSeconds(60), mesh -> List.of(KEY_1)))
        .isEqualTo(new DataplaneTokens.Invalid("expired"));
  }

  @Test
  void anotherKeyOrAnotherMeshOrAUserTokenIsRefused() {
    String token = DataplaneTokens.issue(KEY_1, WEB_1, NOW, NOW.plusSeconds(60));
    SigningKey forged = new SigningKey(1, filled(2), null);
    assertThat(DataplaneTokens.verify(token, NOW, mesh -> List.of(forged)))
        .isEqualTo(new DataplaneTokens.Invalid("bad signature"));
    assertThat(
            DataplaneTokens.verify(
                token, NOW, mesh -> mesh.equals("demo") ? List.of() : List.of(KEY_1)))
        .isEqualTo(new DataplaneTokens.Invalid("signing key 1 of mesh demo is unknown"));
    String user =
        new UserTokens(filled(1), "zone-1")
            .issue(new Subject("alice", List.of()), NOW, NOW.plusSeconds(60));
    assertThat(DataplaneTokens.verify(user, NOW, mesh -> List.of(KEY_1)))
        .isEqualTo(new DataplaneTokens.Invalid("not a dataplane token"));
    assertThat(DataplaneTokens.verify("a.b", NOW, mesh -> List.of(KEY_1)))
        .isEqualTo(new DataplaneTokens.Invalid("not a JWT"));
  }

  @Test
  void aRotatedKeyIsAcceptedForTheGracePeriodOnly() {
    Resource first = signingKey(1, NOW);
    Resource second = signingKey(2, NOW.plusSeconds(100));
    List<SigningKey> keys =
        DataplaneTokens.signingKeys(
            "demo",
            List.of(second, first, unrelatedSecret()),
            r -> filled(DataplaneTokens.serialOf("demo", r.key().name()).getAsInt()),
            Duration.ofSeconds(30));
    assertThat(keys).extracting(SigningKey::serial).containsExactly(1, 2);
    assertThat(keys.get(0).acceptedUntil()).isEqualTo(NOW.plusSeconds(130));
    assertThat(keys.get(1).acceptedUntil()).isNull();

    String old = DataplaneTokens.issue(keys.get(0), WEB_1, NOW, NOW.plusSeconds(3600));
    assertThat(DataplaneTokens.verify(old, NOW.plusSeconds(129), mesh -> keys))
        .isInstanceOf(DataplaneTokens.Valid.class);
    assertThat(DataplaneTokens.verify(old, NOW.plusSeconds(130), mesh -> keys))
        .isEqualTo(new DataplaneTokens.Invalid("signing key 1 of mesh demo was rotated out"));
    String fresh = DataplaneTokens.issue(keys.get(1), WEB_1, NOW, NOW.plusSeconds(3600));
    assertThat(DataplaneTokens.verify(fresh, NOW.plusSeconds(1000), mesh -> keys))
        .isInstanceOf(DataplaneTokens.Valid.class);
  }

  @Test
  void theIdentityMatchesByMeshNameAndTags() {
    DataplaneSpec web =
        new DataplaneSpec(
            new DataplaneSpec.Networking(
                "10.0.0.1",
                null,
                List.of(
                    new DataplaneSpec.Inbound(
                        8080,
                        null,
                        null,
                        null,
                        Map.of("kuma.io/service", "web"),
                        null,
                        null,
                        null)),
                List.of(),
                null,
                null));
    ResourceKey key = ResourceKey.dataplane("demo", "web-1");
    assertThat(WEB_1.mismatch(key, web)).isEmpty();
    assertThat(WEB_1.mismatch(ResourceKey.dataplane("demo", "web-2"), web))
        .hasValue("the token is for dataplane 'web-1', not 'web-2'");
    assertThat(WEB_1.mismatch(ResourceKey.dataplane("other", "web-1"), web))
        .hasValue("the token is for mesh 'demo', not 'other'");
    Identity anyWeb = new Identity("demo", "", Map.of("kuma.io/service", List.of("web", "api")));
    assertThat(anyWeb.mismatch(ResourceKey.dataplane("demo", "web-7"), web)).isEmpty();
    Identity backendOnly = new Identity("demo", "", Map.of("kuma.io/service", List.of("backend")));
    assertThat(backendOnly.mismatch(key, web))
        .hasValue("the token allows kuma.io/service in [backend], the dataplane has [web]");
  }

  @Test
  void signingKeyNamesCarryMeshAndSerial() {
    assertThat(DataplaneTokens.signingKeyName("demo", 3))
        .isEqualTo("dataplane-token-signing-key-demo-3");
    assertThat(DataplaneTokens.serialOf("demo", "dataplane-token-signing-key-demo-3")).hasValue(3);
    assertThat(DataplaneTokens.serialOf("demo", "dataplane-token-signing-key-demo-x")).isEmpty();
    assertThat(DataplaneTokens.serialOf("de", "dataplane-token-signing-key-demo-3")).isEmpty();
  }

  private static Resource signingKey(int serial, Instant created) {
    return new Resource(
        ResourceKey.secret("demo", DataplaneTokens.signingKeyName("demo", serial)),
        new SecretSpec("sealed"),
        created,
        created);
  }

  private static Resource unrelatedSecret() {
    return new Resource(ResourceKey.secret("demo", "ca"), new SecretSpec("sealed"), NOW, NOW);
  }

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }
}
