package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.policy.TargetRef;
import dev.meridian.kernel.policy.TargetRefKind;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.xds.ProxyModel.Endpoint;
import dev.meridian.kernel.xds.ProxyModel.Inbound;
import dev.meridian.kernel.xds.ProxyModel.Locality;
import dev.meridian.kernel.xds.ProxyModel.Outbound;
import dev.meridian.kernel.xds.ProxyModel.ServiceCluster;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Rendering through a {@link SharedResources} that keeps what it rendered: proxies whose outbounds
 * and rules are equal get their listeners and policy-shaped clusters rendered once, and every proxy
 * still gets exactly what a plain render gives it.
 */
class SharedRenderingTest {
  static final ResourceKey POLICY = new ResourceKey(ResourceKind.MESH_TIMEOUT, "default", "t");

  /** Keeps every resource by its inputs and counts how often each kind was really rendered. */
  static final class Keeping implements SharedResources {
    final Map<List<Object>, Message> kept = new HashMap<>();
    final Map<String, Integer> rendered = new HashMap<>();

    @Override
    public <T extends Message> T get(
        String kind, ServiceCluster service, Function<ServiceCluster, T> render) {
      return memo(kind, service, () -> render.apply(service));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Message> T memo(String kind, Object inputs, Supplier<T> render) {
      return (T)
          kept.computeIfAbsent(
              List.of(kind, inputs),
              k -> {
                rendered.merge(kind, 1, Integer::sum);
                return render.get();
              });
    }

    int renders(String kind) {
      return rendered.getOrDefault(kind, 0);
    }
  }

  static JsonNode json(String text) {
    try {
      return DomainJson.canonical().readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ProxyRules timeoutTo(String service, String connectTimeout, boolean withInboundRule) {
    Map<ResourceKind, Map<String, ProxyRules.InboundRule>> inbound =
        withInboundRule
            ? Map.of(
                ResourceKind.MESH_TIMEOUT,
                Map.of(
                    "unused:1",
                    new ProxyRules.InboundRule(
                        List.of(
                            new ProxyRules.FromItem(
                                new TargetRef(TargetRefKind.Mesh, null, Map.of()),
                                json("{\"idleTimeout\": \"1s\"}"),
                                POLICY)))))
            : Map.of();
    return new ProxyRules(
        Map.of(
            ResourceKind.MESH_TIMEOUT,
            Map.of(
                service,
                new ProxyRules.Rule(
                    json("{\"connectionTimeout\": \"" + connectTimeout + "\"}"), List.of(POLICY)))),
        inbound,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of());
  }

  static final ServiceCluster BENCH =
      new ServiceCluster(
          "bench",
          Protocol.HTTP,
          List.of(
              new Locality(
                  "zone-1",
                  List.of(new Endpoint("10.9.0.1", 9090, 1, Map.of("kuma.io/service", "bench"))))));

  static ProxyModel client(String name, String address, ProxyRules rules) {
    return new ProxyModel(
        "default." + name,
        "default",
        name,
        "zone-1",
        address,
        false,
        9901,
        List.of(
            new Inbound(
                address,
                8080,
                "127.0.0.1",
                8080,
                "client",
                Protocol.HTTP,
                Map.of("kuma.io/service", "client", "kuma.io/protocol", "http"))),
        List.of(new Outbound("127.0.0.1", 10001, "bench", Protocol.HTTP)),
        List.of(BENCH),
        rules);
  }

  @Test
  void proxiesWithEqualOutboundsAndRulesShareTheirRenderingAndGetWhatAPlainRenderGives() {
    Keeping shared = new Keeping();
    ProxyRules rules = timeoutTo("bench", "250ms", false);
    List<ProxyModel> models =
        List.of(
            client("c-1", "10.0.0.1", rules),
            client("c-2", "10.0.0.2", rules),
            client("c-3", "10.0.0.3", rules));

    for (ProxyModel model : models) {
      assertThat(EnvoySidecarRenderer.render(model, shared))
          .isEqualTo(EnvoySidecarRenderer.render(model));
    }

    assertThat(shared.renders(EnvoySidecarRenderer.OUTBOUND_LISTENER)).isEqualTo(1);
    assertThat(shared.renders(EnvoySidecarRenderer.SERVICE_CLUSTER)).isEqualTo(1);
    assertThat(shared.renders(EnvoySidecarRenderer.ADMIN_CLUSTER)).isEqualTo(1);
    assertThat(shared.renders(EnvoySidecarRenderer.LOCAL_CLUSTER)).isEqualTo(1);
    // Each proxy listens on its own address.
    assertThat(shared.renders(EnvoySidecarRenderer.INBOUND_LISTENER)).isEqualTo(3);
    assertThat(shared.renders(EnvoySidecarRenderer.ADMIN_LISTENER)).isEqualTo(3);
  }

  @Test
  void differentRulesRenderAgainAndInboundRulesDoNotSplitTheOutboundRendering() {
    Keeping shared = new Keeping();
    ProxyModel fast = client("c-1", "10.0.0.1", timeoutTo("bench", "250ms", false));
    ProxyModel slow = client("c-2", "10.0.0.2", timeoutTo("bench", "9s", false));
    ProxyModel fastWithInbound = client("c-3", "10.0.0.3", timeoutTo("bench", "250ms", true));

    for (ProxyModel model : List.of(fast, slow, fastWithInbound)) {
      assertThat(EnvoySidecarRenderer.render(model, shared))
          .isEqualTo(EnvoySidecarRenderer.render(model));
    }

    assertThat(shared.renders(EnvoySidecarRenderer.SERVICE_CLUSTER)).isEqualTo(2);
    assertThat(shared.renders(EnvoySidecarRenderer.OUTBOUND_LISTENER)).isEqualTo(2);
  }
}
