package dev.meridian.kernel.xds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.meridian.kernel.json.DomainJson;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Envoy resources as JSON/YAML, the way Envoy's own config dump shows them ({@code @type} on every
 * packed message). Used by inspect endpoints and golden files.
 */
public final class XdsJson {
  private static final JsonFormat.TypeRegistry TYPES =
      JsonFormat.TypeRegistry.newBuilder()
          .add(Listener.getDescriptor())
          .add(RouteConfiguration.getDescriptor())
          .add(Cluster.getDescriptor())
          .add(ClusterLoadAssignment.getDescriptor())
          .add(HttpConnectionManager.getDescriptor())
          .add(TcpProxy.getDescriptor())
          .add(Router.getDescriptor())
          .add(HttpProtocolOptions.getDescriptor())
          .add(io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault.getDescriptor())
          .add(
              io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
                  .getDescriptor())
          .add(
              io.envoyproxy.envoy.extensions.filters.network.local_ratelimit.v3.LocalRateLimit
                  .getDescriptor())
          .add(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDescriptor())
          .add(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.getDescriptor())
          .add(
              io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
                  .getDescriptor())
          .add(
              io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
                  .getDescriptor())
          .add(
              io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector
                  .getDescriptor())
          .add(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret.getDescriptor())
          .build();

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().usingTypeRegistry(TYPES).sortingMapKeys();

  private XdsJson() {}

  public static JsonNode toTree(Message message) {
    try {
      return DomainJson.canonical().readTree(PRINTER.print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unprintable xDS resource " + message.getClass(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {listeners: {...}, routes: {...}, clusters: {...}, endpoints: {...}}} with versions. */
  public static ObjectNode toTree(XdsResources resources) {
    ObjectNode out = DomainJson.canonical().createObjectNode();
    section(out, "listeners", resources.listenersVersion(), resources.listeners());
    section(out, "routes", resources.routesVersion(), resources.routes());
    section(out, "clusters", resources.clustersVersion(), resources.clusters());
    section(out, "endpoints", resources.endpointsVersion(), resources.endpoints());
    return out;
  }

  private static void section(
      ObjectNode out, String type, String version, Map<String, Message> resources) {
    ObjectNode section = out.putObject(type);
    section.put("version", version);
    ObjectNode items = section.putObject("resources");
    resources.forEach((name, message) -> items.set(name, toTree(message)));
  }
}
