package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.proxyless.IdentityFiles;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.grpc.EchoServers;
import dev.meridian.testkit.grpc.XdsClients;
import dev.meridian.zone.support.RunningZone;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.xds.XdsChannelCredentials;
import io.grpc.xds.XdsNameResolverProvider;
import io.grpc.xds.XdsServerBuilder;
import io.grpc.xds.XdsServerCredentials;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero trust with proxyless gRPC, through the REST API and the log: grpc-java's own xDS client and
 * xDS server, each with xDS credentials and its identity from the mesh's builtin CA. A call
 * succeeds and the server sees the client's SPIFFE id; a client without the mesh's certificate is
 * refused; a MeshTrafficPermission Deny for the client's service fails its calls with
 * PERMISSION_DENIED, and deleting it lets them through again.
 */
class ProxylessMtlsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dataDir;
  @TempDir static Path workload;
  static RunningZone zone;
  static Http http;
  static int adsPort;
  static int apiPort;
  static Server server;
  static IdentityFiles serverIdentity;
  static IdentityFiles clientIdentity;

  @BeforeAll
  static void start() throws Exception {
    zone =
        RunningZone.start(
            "mtls-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of("meridian.dataplane-server.port", "0"));
    http = new Http(zone.baseUrl());
    adsPort = zone.bean(DataplaneServer.class).port();
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
    assertThat(
            http.put(
                    "/meshes/secure",
                    """
                    {"type": "Mesh", "name": "secure", "mtls": {"enabledBackend": "ca-1",
                      "backends": [{"name": "ca-1", "type": "builtin",
                                    "dpCert": {"rotation": {"expiration": "9s"}}}]}}
                    """)
                .status())
        .isEqualTo(201);
    try (ServerSocket free = new ServerSocket(0)) {
      apiPort = free.getLocalPort();
    }
    register("api-1", "api", apiPort, null);
    register("web-1", "web", 19999, "api");
    Path token = workload.resolve("token");
    Files.writeString(token, "not-needed-here"); // dataplane tokens are off in this suite
    URI dataplaneServer = URI.create("http://127.0.0.1:" + adsPort);
    serverIdentity =
        IdentityFiles.start(
            dataplaneServer, "secure", "api-1", token, workload.resolve("api-1"), null);
    clientIdentity =
        IdentityFiles.start(
            dataplaneServer, "secure", "web-1", token, workload.resolve("web-1"), null);
    server =
        XdsServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", apiPort),
                XdsServerCredentials.create(InsecureServerCredentials.create()))
            .overrideBootstrapForTest(bootstrap("api-1"))
            .addService(
                io.grpc.ServerInterceptors.intercept(
                    whoCalls(),
                    new io.grpc.ServerInterceptor() {
                      @Override
                      public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
                          io.grpc.ServerCall<Q, R> call,
                          io.grpc.Metadata headers,
                          io.grpc.ServerCallHandler<Q, R> next) {
                        SSLSession session =
                            call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                        return io.grpc.Contexts.interceptCall(
                            io.grpc.Context.current().withValue(CALLER, session),
                            call,
                            headers,
                            next);
                      }
                    }))
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.shutdownNow();
    }
    if (serverIdentity != null) {
      serverIdentity.close();
      clientIdentity.close();
    }
    zone.close();
  }

  static void register(String name, String service, int port, String outbound) {
    String outbounds =
        outbound == null
            ? ""
            : ", \"outbound\": [{\"port\": 10001, \"tags\": {\"kuma.io/service\": \""
                + outbound
                + "\"}}]";
    assertThat(
            http.put(
                    "/meshes/secure/dataplanes/" + name,
                    """
                    {"type": "Dataplane", "mesh": "secure", "name": "%s",
                     "networking": {"address": "127.0.0.1", "inbound": [{"port": %d,
                       "tags": {"kuma.io/service": "%s", "kuma.io/protocol": "grpc"}}]%s}}
                    """
                        .formatted(name, port, service, outbounds))
                .status())
        .isEqualTo(201);
  }

  /** The gRPC bootstrap the zone hands {@code name}, naming its identity directory. */
  @SuppressWarnings("unchecked")
  static Map<String, ?> bootstrap(String name) throws Exception {
    String body =
        XdsClients.bootstrap(
                adsPort,
                "{\"mesh\": \"secure\", \"name\": \""
                    + name
                    + "\", \"proxyType\": \"grpc\", \"identityDirectory\": \""
                    + workload.resolve(name)
                    + "\"}")
            .body();
    return JSON.readValue(body, Map.class);
  }

  /** Answers with the SPIFFE id of the client certificate the call came with. */
  static ServerServiceDefinition whoCalls() {
    return ServerServiceDefinition.builder("meridian.test.Echo")
        .addMethod(
            EchoServers.WHO,
            ServerCalls.asyncUnaryCall(
                (request, response) -> {
                  SSLSession session = CALLER.get();
                  response.onNext(session == null ? "no-tls" : spiffeId(session));
                  response.onCompleted();
                }))
        .build();
  }

  static final io.grpc.Context.Key<SSLSession> CALLER = io.grpc.Context.key("caller");

  static String spiffeId(SSLSession session) {
    try {
      X509Certificate peer = (X509Certificate) session.getPeerCertificates()[0];
      for (List<?> san : peer.getSubjectAlternativeNames()) {
        if (san.get(1) instanceof String uri && uri.startsWith("spiffe://")) {
          return uri + "#" + peer.getSerialNumber().toString(16);
        }
      }
      return "no-spiffe-id";
    } catch (Exception e) {
      return "no-peer-certificate";
    }
  }

  static ManagedChannel client() throws Exception {
    return NettyChannelBuilder.forTarget(
            "xds:///api", XdsChannelCredentials.create(InsecureChannelCredentials.create()))
        .nameResolverFactory(XdsNameResolverProvider.createForTest("xds", bootstrap("web-1")))
        .build();
  }

  static Status.Code callStatus(ManagedChannel channel) {
    try {
      EchoServers.who(channel, 3000);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void callsCarryTheMeshIdentityAndPermissionsDecide() throws Exception {
    ManagedChannel channel = client();
    try {
      await()
          .atMost(Duration.ofSeconds(40))
          .ignoreExceptions()
          .until(() -> EchoServers.who(channel, 3000).startsWith("spiffe://"));
      assertThat(EchoServers.who(channel, 3000)).startsWith("spiffe://secure/web#");

      // Without the mesh's certificate, the server does not talk.
      ManagedChannel stranger =
          NettyChannelBuilder.forAddress("127.0.0.1", apiPort).usePlaintext().build();
      try {
        assertThat(callStatus(stranger)).isEqualTo(Status.Code.UNAVAILABLE);
      } finally {
        stranger.shutdownNow();
      }

      // A Deny for web's calls: refused by the server's RBAC; deleted: allowed again.
      assertThat(
              http.put(
                      "/meshes/secure/meshtrafficpermissions/deny-web",
                      """
                      {"type": "MeshTrafficPermission", "mesh": "secure", "name": "deny-web",
                       "spec": {"targetRef": {"kind": "MeshService", "name": "api"},
                         "from": [{"targetRef": {"kind": "MeshService", "name": "web"},
                                   "default": {"action": "Deny"}}]}}
                      """)
                  .status())
          .isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> callStatus(channel) == Status.Code.PERMISSION_DENIED);
      assertThat(http.delete("/meshes/secure/meshtrafficpermissions/deny-web").status())
          .isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> callStatus(channel) == Status.Code.OK);
    } finally {
      channel.shutdownNow();
    }
  }

  /** The serial of the certificate in {@code files}, as the server reports a peer's. */
  static String serial(IdentityFiles files) throws Exception {
    X509Certificate certificate =
        (X509Certificate)
            java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(files.certificateFile()));
    return certificate.getSerialNumber().toString(16);
  }

  @Test
  void certificatesRotateWhileCallsKeepSucceeding() throws Exception {
    ManagedChannel channel = client();
    try {
      await()
          .atMost(Duration.ofSeconds(40))
          .ignoreExceptions()
          .until(() -> EchoServers.who(channel, 3000).startsWith("spiffe://"));
      String first = serial(clientIdentity);
      // Calls go on, each one answered, until the workload's certificate has been replaced.
      long calls = 0;
      while (serial(clientIdentity).equals(first)) {
        assertThat(callStatus(channel)).isEqualTo(Status.Code.OK);
        calls++;
        assertThat(calls).as("the certificate is renewed within its 9 s").isLessThan(400);
        await().pollDelay(Duration.ofMillis(50)).until(() -> true);
      }
      String renewed = serial(clientIdentity);
      // A new connection presents the renewed certificate (the file watcher reloads each second).
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                ManagedChannel fresh = client();
                try {
                  return EchoServers.who(fresh, 3000).endsWith("#" + renewed);
                } catch (StatusRuntimeException e) {
                  return false;
                } finally {
                  fresh.shutdownNow();
                }
              });
      assertThat(callStatus(channel)).isEqualTo(Status.Code.OK);
    } finally {
      channel.shutdownNow();
    }
  }
}
