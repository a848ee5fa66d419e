package dev.meridian.ctl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ctl.CliException;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KindTest {
  /** The CLI speaks the API, but its paths must be the ones the control planes serve. */
  @Test
  void everyKindAUserWritesHasTheDomainsPathAndScope() {
    for (ResourceKind kind : ResourceKind.values()) {
      if (kind.isCredential() && kind != ResourceKind.SECRET
          || kind == ResourceKind.USER_TOKEN_REVOCATION) {
        continue; // issued and revoked through /tokens, not applied
      }
      Kind cli = Kind.byTypeName(kind.typeName()).orElseThrow(() -> new AssertionError(kind));
      assertThat(cli.plural()).as(kind.typeName()).isEqualTo(kind.pluralPath());
      assertThat(cli.meshScoped()).as(kind.typeName()).isEqualTo(kind.meshScoped());
    }
    assertThat(Arrays.stream(Kind.values()).filter(k -> k != Kind.ZONE))
        .allMatch(k -> ResourceKind.byTypeName(k.typeName()).isPresent());
  }

  @Test
  void aKindIsNamedByItsPluralItsSingularOrItsType() {
    assertThat(Kind.parse("dataplanes")).isEqualTo(Kind.DATAPLANE);
    assertThat(Kind.parse("dataplane")).isEqualTo(Kind.DATAPLANE);
    assertThat(Kind.parse("MeshHTTPRoute")).isEqualTo(Kind.MESH_HTTP_ROUTE);
    assertThat(Kind.parse("zone-ingresses")).isEqualTo(Kind.ZONE_INGRESS);
    assertThat(Kind.DATAPLANE.resourcePath("my mesh", "a/b"))
        .isEqualTo("/meshes/my%20mesh/dataplanes/a%2Fb");
    assertThat(Kind.MESH.resourcePath("ignored", "payments")).isEqualTo("/meshes/payments");
    assertThatThrownBy(() -> Kind.parse("dataplanez"))
        .isInstanceOf(CliException.class)
        .hasMessage("unknown resource type \"dataplanez\"");
  }
}
