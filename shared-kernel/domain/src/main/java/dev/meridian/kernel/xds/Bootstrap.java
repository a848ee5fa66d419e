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

  /**
   * Where a gRPC workload keeps the CA certificate of the dataplane server when its bootstrap
   * request does not say ({@code "caCertificateFile"}).
   */
  public static final String DEFAULT_WORKLOAD_CA_FILE = "/etc/meridian/ca.crt";

  /**
   * How a proxy trusts the dataplane server when it serves TLS (ADR 018).
   *
   * @param caPem the CA certificate(s), PEM, put inline into Envoy's bootstrap
   * @param caCertificateFile where a gRPC workload keeps that CA (its bootstrap names a file)
   */
  public record AdsTls(String caPem, String caCertificateFile) {}

  private Bootstrap() {}

  /**
   * The channel credentials grpc-java's xDS client finds in {@code meridian-proxyless-credentials}.
   */
  public static final String GRPC_TOKEN_CREDENTIALS = "meridian_dataplane_token";

  /**
   * How a grpc-java xDS server names the listener it asks for: {@code %s} is the address it listens
   * on ({@code ip:port}).
   */
  /**
   * The certificate provider instance proxyless mTLS names (CDS and LDS): grpc-java's {@code
   * file_watcher} over the identity directory the workload keeps ({@code IdentityFiles}).
   */
  public static final String GRPC_IDENTITY_PROVIDER = "meridian-identity";

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
    return envoy(mesh, name, service, adsHost, adsPort, adminPort, Credentials.NONE, null);
  }

  /**
   * As above; the ADS stream carries {@code credentials}' token, and with {@code tls} (null:
   * plaintext) the ADS cluster dials TLS trusting its CA.
   */
  public static ObjectNode envoy(
      String mesh,
      String name,
      String service,
      String adsHost,
      int adsPort,
      int adminPort,
      Credentials credentials,
      AdsTls tls) {
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
    if (tls != null) {
      cluster.set("transportSocket", upstreamTls(adsHost, tls));
    }
    return root;
  }

  /** TLS to the ADS server: its CA inline, its name checked, h2 by ALPN. */
  private static ObjectNode upstreamTls(String adsHost, AdsTls tls) {
    ObjectNode socket = DomainJson.canonical().createObjectNode();
    socket.put("name", "envoy.transport_sockets.tls");
    ObjectNode context = socket.putObject("typedConfig");
    context.put(
        "@type",
        "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext");
    boolean ip = isIpLiteral(adsHost);
    if (!ip) {
      context.put("sni", adsHost); // SNI carries host names only, never an address.
    }
    ObjectNode common = context.putObject("commonTlsContext");
    common.putArray("alpnProtocols").add("h2");
    ObjectNode validation = common.putObject("validationContext");
    validation.putObject("trustedCa").put("inlineString", tls.caPem());
    ObjectNode san = validation.putArray("matchTypedSubjectAltNames").addObject();
    san.put("sanType", ip ? "IP_ADDRESS" : "DNS");
    san.putObject("matcher").put("exact", ip ? adsHost.replaceAll("^\\[|\\]$", "") : adsHost);
    return socket;
  }

  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");
  }

  /** The bootstrap of grpc-java/grpc-go's xDS resolver (GRPC_XDS_BOOTSTRAP format). */
  public static ObjectNode grpc(String mesh, String name, String adsHost, int adsPort) {
    return grpc(mesh, name, adsHost, adsPort, Credentials.NONE, null);
  }

  /**
   * As above; with a token in {@code credentials} the connection to ADS carries it, through the
   * {@value #GRPC_TOKEN_CREDENTIALS} channel credentials the workload gets by putting {@code
   * meridian-proxyless-credentials} on its class path (they also read the CA file {@code tls}
   * names, which grpc-java's own "tls" credentials ignore, ADR 018). Without that jar grpc-java
   * falls back to the next entry, and ADS refuses the stream as unauthenticated. With {@code tls}
   * null: plaintext.
   */
  public static ObjectNode grpc(
      String mesh, String name, String adsHost, int adsPort, Credentials credentials, AdsTls tls) {
    return grpc(mesh, name, adsHost, adsPort, credentials, tls, null);
  }

  /**
   * As above; with {@code identityDirectory} (the workload's, kept by {@code IdentityFiles}) the
   * bootstrap names the {@value #GRPC_IDENTITY_PROVIDER} certificate provider that proxyless mTLS
   * reads its identity and the mesh CA from.
   */
  public static ObjectNode grpc(
      String mesh,
      String name,
      String adsHost,
      int adsPort,
      Credentials credentials,
      AdsTls tls,
      String identityDirectory) {
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
      if (tls != null) {
        config.put("ca_certificate_file", tls.caCertificateFile());
      }
    }
    ObjectNode creds = channelCreds.addObject();
    if (tls == null) {
      creds.put("type", "insecure");
    } else {
      creds.put("type", "tls");
      creds.putObject("config").put("ca_certificate_file", tls.caCertificateFile());
    }
    server.putArray("server_features").add("xds_v3");
    // Without a template grpc-java's XdsServerBuilder refuses to start.
    root.put("server_listener_resource_name_template", GRPC_SERVER_LISTENER_TEMPLATE);
    if (identityDirectory != null) {
      ObjectNode config =
          root.putObject("certificate_providers")
              .putObject(GRPC_IDENTITY_PROVIDER)
              .put("plugin_name", "file_watcher")
              .putObject("config");
      String dir = identityDirectory.endsWith("/") ? identityDirectory : identityDirectory + "/";
      config.put("certificate_file", dir + "cert.pem");
      config.put("private_key_file", dir + "key.pem");
      config.put("ca_certificate_file", dir + "ca.pem");
      config.put("refresh_interval", "1s");
    }
    ObjectNode node = root.putObject("node");
    node.put("id", ProxyModel.nodeId(mesh, name));
    node.putObject("metadata").put("dataplane.mesh", mesh).put("dataplane.name", name);
    return root;
  }
}
