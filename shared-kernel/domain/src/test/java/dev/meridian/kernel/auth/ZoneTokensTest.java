package dev.meridian.kernel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneTokensTest {
  static final byte[] KEY = "zone-signing-key-for-tests-only!".getBytes(StandardCharsets.US_ASCII);
  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  @Test
  void aTokenAdmitsItsZonesProxiesOfItsScopesOnly() {
    String token = ZoneTokens.issue(KEY, "zone-1", List.of("ingress"), NOW, NOW.plusSeconds(3600));

    ZoneTokens.Valid valid = (ZoneTokens.Valid) ZoneTokens.verify(token, NOW, KEY);

    assertThat(valid.admits("zone-1", ZoneTokens.INGRESS)).isTrue();
    assertThat(valid.admits("zone-2", ZoneTokens.INGRESS)).isFalse();
    assertThat(valid.admits("zone-1", ZoneTokens.EGRESS)).isFalse();
    assertThat(valid.tokenId()).isNotBlank();
  }

  @Test
  void anotherKeyAnExpiredTokenOrAnotherKindOfTokenIsRefused() {
    String token = ZoneTokens.issue(KEY, "zone-1", List.of("ingress"), NOW, NOW.plusSeconds(60));

    assertThat(ZoneTokens.verify(token, NOW, "another-key".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(new ZoneTokens.Invalid("bad signature"));
    assertThat(ZoneTokens.verify(token, NOW.plusSeconds(60), KEY))
        .isEqualTo(new ZoneTokens.Invalid("expired"));
    assertThat(ZoneTokens.verify("a.b.c", NOW, KEY)).isInstanceOf(ZoneTokens.Invalid.class);
    com.fasterxml.jackson.databind.node.ObjectNode claims =
        dev.meridian.kernel.json.DomainJson.canonical().createObjectNode();
    claims.put("Type", "dataplane").put("Zone", "zone-1").put("exp", NOW.getEpochSecond() + 60);
    assertThat(ZoneTokens.verify(Jws.sign(KEY, null, claims), NOW, KEY))
        .isEqualTo(new ZoneTokens.Invalid("not a zone token"));
  }
}
