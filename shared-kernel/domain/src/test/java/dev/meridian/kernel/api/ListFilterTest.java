package dev.meridian.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListFilterTest {
  static Resource dataplane(String name, String json) throws Exception {
    return new Resource(
        ResourceKey.dataplane("default", name),
        DomainJson.canonical().readValue(json, DataplaneSpec.class),
        null,
        null);
  }

  static final String WEB =
      """
      {"networking": {"address": "10.0.0.1", "inbound": [
        {"port": 1, "tags": {"kuma.io/service": "web", "version": "v1"}},
        {"port": 2, "tags": {"kuma.io/service": "web-admin", "version": "v2"}}]}}
      """;
  static final String GATEWAY =
      """
      {"networking": {"address": "10.0.0.2",
        "gateway": {"type": "BUILTIN", "tags": {"kuma.io/service": "edge"}}}}
      """;

  @Test
  void tagsMatchFuzzilyOnOneInboundAtATime() throws Exception {
    List<Resource> all = List.of(dataplane("web-1", WEB), dataplane("edge-1", GATEWAY));

    assertThat(names(ListFilter.of(null, new String[] {"kuma.io/service:web"}, null, "/x"), all))
        .containsExactly("web-1");
    assertThat(names(ListFilter.of(null, new String[] {"kuma.io/service:ed"}, null, "/x"), all))
        .containsExactly("edge-1");
    // both tags on the same inbound: web-admin has v2, not v1
    assertThat(
            names(
                ListFilter.of(
                    null, new String[] {"kuma.io/service:web-admin", "version:v1"}, null, "/x"),
                all))
        .isEmpty();
    assertThat(names(ListFilter.of(null, new String[] {"no-colon"}, null, "/x"), all))
        .containsExactly("web-1", "edge-1");
  }

  @Test
  void namesContainTheAskedTextAndGatewaysFilterByMode() throws Exception {
    List<Resource> all = List.of(dataplane("web-1", WEB), dataplane("edge-1", GATEWAY));

    assertThat(names(ListFilter.of("dge", null, null, "/x"), all)).containsExactly("edge-1");
    assertThat(names(ListFilter.of(null, null, "builtin", "/x"), all)).containsExactly("edge-1");
    assertThat(names(ListFilter.of(null, null, "false", "/x"), all)).containsExactly("web-1");
    assertThat(names(ListFilter.of(null, null, "delegated", "/x"), all)).isEmpty();
    ApiFailure bad =
        catchThrowableOfType(
            ApiFailure.class,
            () -> ListFilter.of(null, null, "sometimes", "/meshes/default/dataplanes"));
    assertThat(bad.problem().invalidParameters())
        .extracting(v -> v.field())
        .containsExactly("/meshes/default/dataplanes.gateway");
  }

  @Test
  void policiesAreFilteredByTheirLabels() {
    Resource labelled =
        new Resource(
            new ResourceKey(ResourceKind.MESH_TIMEOUT, "default", "t-1"),
            new PolicySpec(Map.of("team", "payments"), DomainJson.canonical().createObjectNode()),
            null,
            null);
    Resource plain =
        new Resource(
            new ResourceKey(ResourceKind.MESH_TIMEOUT, "default", "t-2"),
            new PolicySpec(null, DomainJson.canonical().createObjectNode()),
            null,
            null);
    assertThat(
            names(
                ListFilter.of(null, new String[] {"team:pay"}, null, "/x"),
                List.of(labelled, plain)))
        .containsExactly("t-1");
  }

  private static List<String> names(ListFilter filter, List<Resource> all) {
    return filter.apply(all).stream().map(r -> r.key().name()).toList();
  }
}
