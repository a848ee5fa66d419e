package dev.meridian.kernel.xds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;

/**
 * The bootstrap a proxy starts from: who it is (node id {@code <mesh>.<name>}) and where its ADS
 * server is. Two shapes: Envoy's bootstrap, and the JSON a gRPC client's xDS resolver reads.
 */
public final class Bootstrap {
  public static final String ADS_CLUSTER = "ads_cluster";

  private Bootstrap() {}

  /**
   * The channel credentials grpc-java's xDS client finds in {@code meridian-proxyless-credentials}.
   */
  public static final String GRPC_TOKEN_CREDENTIALS = "meridian_dataplane_token";

  /**
   * How a grpc-java xDS server names the listener it asks for: {@code %s} is the address it listens
   * on ({@code ip:port}).
   */
  public static final String GRPC_SERVER_LISTENER_TEMPLATE =
      "grpc/server?xds.resource.listening_address=%s";

  /**
   * How the proxy shows its dataplane token to ADS: the token itself (Envoy sends it as metadata of
   * its ADS stream) and, for gRPC clients, the file it keeps it in (read at each reconnect). Either
   * may be null.
   */
  public record Credentials(String token, String tokenFile) {
    public static final Credentials NONE = new Credentials(null, null);

    boolean present() {
      return token != null || tokenFile != null;
    }
  }

  /**
   * An Envoy v3 bootstrap: node, admin on localhost, ADS over gRPC to this zone's control plane.
   */
  public static ObjectNode envoy(
      String mesh, String name, String service, String adsHost, int adsPort, int adminPort) {
    return envoy(mesh, name, service, adsHost, adsPort, adminPort, Credentials.NONE);
  }

  /** {@link #envoy} whose ADS stream carries {@code credentials}' token. */
  public static ObjectNode envoy(
      String mesh,
      String name,
      String service,
      String adsHost,
      int adsPort,
      int adminPort,
      Credentials credentials) {
    ObjectNode root = DomainJson.canonical().createObjectNode();
    ObjectNode node = root.putObject("node");
    node.put("id", ProxyModel.nodeId(mesh, name));
    node.put("cluster", service == null ? name : service);
    node.putObject("metadata").put("dataplane.mesh", mesh).put("dataplane.name", name);

    ObjectNode admin = root.putObject("admin");
    admin.put("accessLogPath", "/dev/null");
    admin
        .putObject("address")
        .putObject("socketAddress")
        .put("address", "127.0.0.1")
        .put("portValue", adminPort);

    ObjectNode dynamic = root.putObject("dynamicResources");
    ObjectNode ads = dynamic.putObject("adsConfig");
    ads.put("apiType", "GRPC");
    ads.put("transportApiVersion", "V3");
    ads.put("setNodeOnFirstMessageOnly", true);
    ObjectNode grpcService = ads.putArray("grpcServices").addObject();
    grpcService.putObject("envoyGrpc").put("clusterName", ADS_CLUSTER);
    if (credentials.token() != null) {
      grpcService
          .putArray("initialMetadata")
          .addObject()
          .put("key", "authorization")
          .put("value", "Bearer " + credentials.token());
    }
    dynamic.putObject("cdsConfig").put("resourceApiVersion", "V3").putObject("ads");
    dynamic.putObject("ldsConfig").put("resourceApiVersion", "V3").putObject("ads");

    ObjectNode cluster = root.putObject("staticResources").putArray("clusters").addObject();
    cluster.put("name", ADS_CLUSTER);
    cluster.put("type", "STRICT_DNS");
    cluster.put("connectTimeout", "1s");
    cluster
        .putObject("typedExtensionProtocolOptions")
        .putObject("envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
        .put("@type", "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
        .putObject("explicitHttpConfig")
        .putObject("http2ProtocolOptions");
    ObjectNode assignment = cluster.putObject("loadAssignment");
    assignment.put("clusterName", ADS_CLUSTER);
    assignment
        .putArray("endpoints")
        .addObject()
        .putArray("lbEndpoints")
        .addObject()
        .putObject("endpoint")
        .putObject("address")
        .putObject("socketAddress")
        .put("address", adsHost)
        .put("portValue", adsPort);
    return root;
  }

  /** The bootstrap of grpc-java/grpc-go's xDS resolver (GRPC_XDS_BOOTSTRAP format). */
  public static ObjectNode grpc(String mesh, String name, String adsHost, int adsPort) {
    return grpc(mesh, name, adsHost, adsPort, Credentials.NONE);
  }

  /**
   * {@link #grpc} whose connection to ADS carries {@code credentials}' token: through the {@value
   * #GRPC_TOKEN_CREDENTIALS} channel credentials, which the workload gets by putting {@code
   * meridian-proxyless-credentials} on its class path (without it, grpc-java falls back to the next
   * entry and ADS refuses the stream as unauthenticated).
   */
  public static ObjectNode grpc(
      String mesh, String name, String adsHost, int adsPort, Credentials credentials) {
    ObjectNode root = DomainJson.canonical().createObjectNode();
    ArrayNode servers = root.putArray("xds_servers");
    ObjectNode server = servers.addObject();
    server.put("server_uri", adsHost + ":" + adsPort);
    ArrayNode channelCreds = server.putArray("channel_creds");
    if (credentials.present()) {
      ObjectNode config =
          channelCreds.addObject().put("type", GRPC_TOKEN_CREDENTIALS).putObject("config");
      if (credentials.tokenFile() != null) {
        config.put("token_file", credentials.tokenFile());
      } else {
        config.put("token", credentials.token());
      }
    }
    channelCreds.addObject().put("type", "insecure");
    server.putArray("server_features").add("xds_v3");
    // Without a template grpc-java's XdsServerBuilder refuses to start.
    root.put("server_listener_resource_name_template", GRPC_SERVER_LISTENER_TEMPLATE);
    ObjectNode node = root.putObject("node");
    node.put("id", ProxyModel.nodeId(mesh, name));
    node.putObject("metadata").put("dataplane.mesh", mesh).put("dataplane.name", name);
    return root;
  }
}
