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
   * An Envoy v3 bootstrap: node, admin on localhost, ADS over gRPC to this zone's control plane.
   */
  public static ObjectNode envoy(
      String mesh, String name, String service, String adsHost, int adsPort, int adminPort) {
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
    ads.putArray("grpcServices").addObject().putObject("envoyGrpc").put("clusterName", ADS_CLUSTER);
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
    ObjectNode root = DomainJson.canonical().createObjectNode();
    ArrayNode servers = root.putArray("xds_servers");
    ObjectNode server = servers.addObject();
    server.put("server_uri", adsHost + ":" + adsPort);
    server.putArray("channel_creds").addObject().put("type", "insecure");
    server.putArray("server_features").add("xds_v3");
    ObjectNode node = root.putObject("node");
    node.put("id", ProxyModel.nodeId(mesh, name));
    node.putObject("metadata").put("dataplane.mesh", mesh).put("dataplane.name", name);
    return root;
  }
}
