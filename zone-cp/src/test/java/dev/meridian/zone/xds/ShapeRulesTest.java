package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.policy.RulesBuilder;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Rules built once per shape in a pass are each proxy's own rules. */
class ShapeRulesTest {
  final ShapeRules shapeRules = new ShapeRules();
  final AtomicInteger loads = new AtomicInteger();

  static Resource dataplane(String name, String address, String service) {
    return new Resource(
        ResourceKey.dataplane("default", name),
        new DataplaneSpec(
            new DataplaneSpec.Networking(
                address,
                null,
                List.of(
                    new DataplaneSpec.Inbound(
                        8080,
                        null,
                        null,
                        null,
                        Map.of(DataplaneSpec.SERVICE_TAG, service),
                        null,
                        null,
                        null)),
                List.of(new DataplaneSpec.Outbound(10001, null, Map.of("kuma.io/service", "db"))),
                null,
                null)),
        null,
        null);
  }

  static Resource timeout(String json) throws Exception {
    return new Resource(
        new ResourceKey(ResourceKind.MESH_TIMEOUT, "default", "t"),
        new PolicySpec(null, DomainJson.canonical().readTree(json)),
        null,
        null);
  }

  Function<String, Collection<Resource>> policies(List<Resource> policies) {
    return mesh -> {
      loads.incrementAndGet();
      return policies;
    };
  }

  @Test
  void proxiesAlikeButForTheirAddressGetTheirOwnRulesFromOneBuild() throws Exception {
    List<Resource> policies =
        List.of(
            timeout(
                """
                {"targetRef": {"kind": "Mesh"},
                  "to": [{"targetRef": {"kind": "Mesh"}, "default": {"connectionTimeout": "2s"}}],
                  "from": [{"targetRef": {"kind": "Mesh"}, "default": {"idleTimeout": "5s"}}]}
                """));
    List<Resource> dataplanes =
        List.of(
            dataplane("a", "10.0.0.1", "web"),
            dataplane("b", "10.0.0.2", "web"),
            dataplane("c", "10.0.0.3", "api"));

    shapeRules.newPass();
    for (Resource dataplane : dataplanes) {
      assertThat(shapeRules.of(dataplane, policies(policies)))
          .isEqualTo(RulesBuilder.build(dataplane, policies));
    }

    assertThat(loads).as("rules built once per shape: web, api").hasValue(2);
  }

  @Test
  void unchangedRulesKeepTheirInstanceFromOnePassToTheNext() throws Exception {
    List<Resource> policies =
        List.of(
            timeout(
                """
                {"targetRef": {"kind": "Mesh"},
                  "to": [{"targetRef": {"kind": "Mesh"}, "default": {"connectionTimeout": "2s"}}]}
                """));
    Resource dataplane = dataplane("a", "10.0.0.1", "web");

    shapeRules.newPass();
    ProxyRules first = shapeRules.of(dataplane, policies(policies));
    shapeRules.newPass();
    ProxyRules second = shapeRules.of(dataplane, policies(List.copyOf(policies)));

    assertThat(second).isSameAs(first);
    assertThat(loads).hasValue(2);
  }
}
