package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.meridian.kernel.xds.grpc.GrpcProxylessRenderer;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class XdsValidationTest {
  static XdsResources valid() {
    return GrpcProxylessRenderer.render(
        new ProxyModel(
            "default.a",
            "default",
            "a",
            "zone-1",
            "10.0.0.1",
            false,
            9901,
            List.of(),
            List.of(),
            List.of(
                new ProxyModel.ServiceCluster(
                    "b",
                    Protocol.GRPC,
                    List.of(
                        new ProxyModel.Locality(
                            "zone-1",
                            List.of(new ProxyModel.Endpoint("10.0.0.2", 80, 1, Map.of()))))))));
  }

  @Test
  void aRouteToAClusterThatIsNotServedIsCaught() {
    XdsResources resources = valid();
    XdsResources broken =
        new XdsResources(
            resources.listeners(), resources.routes(), new TreeMap<>(), resources.endpoints());
    assertThat(XdsValidation.validate(broken))
        .anyMatch(error -> error.contains("routes to unknown cluster b"));
  }

  @Test
  void aListenersChecksComputedOnceFindInEachProxysResourcesWhatAFreshValidationFinds() {
    XdsResources resources = valid();
    XdsResources broken =
        new XdsResources(
            resources.listeners(), resources.routes(), new TreeMap<>(), resources.endpoints());
    java.util.Map<Listener, XdsValidation.ListenerChecks> computed =
        new java.util.IdentityHashMap<>();
    java.util.function.Function<Listener, XdsValidation.ListenerChecks> once =
        listener -> computed.computeIfAbsent(listener, XdsValidation::listenerChecks);

    assertThat(XdsValidation.validate(resources, m -> false, once)).isEmpty();
    assertThat(XdsValidation.validate(broken, m -> false, once))
        .isEqualTo(XdsValidation.validate(broken))
        .anyMatch(error -> error.contains("routes to unknown cluster b"));
    assertThat(computed).hasSize(resources.listeners().size());
  }

  @Test
  void aRouterThatIsNotLastIsCaught() throws Exception {
    XdsResources resources = valid();
    Listener listener = (Listener) resources.listeners().get("b");
    HttpConnectionManager manager =
        listener.getApiListener().getApiListener().unpack(HttpConnectionManager.class);
    HttpConnectionManager noRouter = manager.toBuilder().clearHttpFilters().build();
    TreeMap<String, Message> listeners = new TreeMap<>();
    listeners.put(
        "b",
        listener.toBuilder()
            .setApiListener(
                listener.getApiListener().toBuilder()
                    .setApiListener(com.google.protobuf.Any.pack(noRouter)))
            .build());
    assertThat(
            XdsValidation.validate(
                new XdsResources(
                    listeners, resources.routes(), resources.clusters(), resources.endpoints())))
        .anyMatch(error -> error.contains("the last HTTP filter must be the router"));
  }

  @Test
  void aHostNameEndpointIsCaught() {
    XdsResources resources =
        GrpcProxylessRenderer.render(
            new ProxyModel(
                "default.a",
                "default",
                "a",
                "zone-1",
                "10.0.0.1",
                false,
                9901,
                List.of(),
                List.of(),
                List.of(
                    new ProxyModel.ServiceCluster(
                        "b",
                        Protocol.GRPC,
                        List.of(
                            new ProxyModel.Locality(
                                "zone-1",
                                List.of(
                                    new ProxyModel.Endpoint("db.internal", 80, 1, Map.of()))))))));
    assertThat(XdsValidation.validate(resources))
        .anyMatch(error -> error.contains("db.internal is not an IP address"));
  }

  @Test
  void aGeneratedConfigIsValid() {
    assertThat(XdsValidation.validate(valid())).isEmpty();
  }
}
