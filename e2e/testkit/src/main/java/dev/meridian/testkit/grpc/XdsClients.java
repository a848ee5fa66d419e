package dev.meridian.testkit.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.xds.XdsNameResolverProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Proxyless gRPC clients as users run them: each gets its bootstrap from the zone's {@code POST
 * /bootstrap} and dials {@code xds:///<service>}. Each client has its own xDS client (its own node
 * id), so several simulated dataplanes can live in one test JVM.
 */
public final class XdsClients {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private XdsClients() {}

  /** The gRPC bootstrap the zone hands to dataplane {@code mesh/name}. */
  public static HttpResponse<String> bootstrap(int dataplaneServerPort, String body) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + dataplaneServerPort + "/bootstrap"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static ManagedChannel channel(
      int dataplaneServerPort, String mesh, String dataplane, String service) {
    return channel(dataplaneServerPort, mesh, dataplane, service, null);
  }

  /**
   * A client of {@code dataplane} that shows {@code dataplaneToken} (null: none) on bootstrap and,
   * through the bootstrap's credentials, on its ADS stream.
   */
  @SuppressWarnings("unchecked")
  public static ManagedChannel channel(
      int dataplaneServerPort,
      String mesh,
      String dataplane,
      String service,
      String dataplaneToken) {
    String token =
        dataplaneToken == null ? "" : ",\"dataplaneToken\":\"" + dataplaneToken.trim() + "\"";
    HttpResponse<String> response =
        bootstrap(
            dataplaneServerPort,
            "{\"mesh\":\""
                + mesh
                + "\",\"name\":\""
                + dataplane
                + "\",\"proxyType\":\"grpc\""
                + token
                + "}");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("bootstrap failed: " + response.body());
    }
    Map<String, ?> bootstrap;
    try {
      bootstrap = JSON.readValue(response.body(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return channel(service, bootstrap);
  }

  /**
   * A channel to {@code xds:///<service>} whose xDS resolver uses {@code bootstrap} (what
   * GRPC_XDS_BOOTSTRAP would hold for a process of its own). Built with NettyChannelBuilder
   * directly: Grpc.newChannelBuilder pre-resolves the scheme with the JVM-wide resolver.
   */
  public static ManagedChannel channel(String service, Map<String, ?> bootstrap) {
    return NettyChannelBuilder.forTarget("xds:///" + service, InsecureChannelCredentials.create())
        .nameResolverFactory(XdsNameResolverProvider.createForTest("xds", bootstrap))
        .build();
  }
}
