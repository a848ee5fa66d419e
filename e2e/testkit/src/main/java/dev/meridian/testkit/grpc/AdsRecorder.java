package dev.meridian.testkit.grpc;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A proxy that only listens: an Envoy-style ADS client (wildcard listeners and clusters) that ACKs
 * everything and records each version it is sent, per resource type. When the control plane goes
 * away it reconnects, as Envoy does, so a test can see exactly which versions a restart caused.
 */
public final class AdsRecorder implements AutoCloseable {
  public static final String LISTENERS = "type.googleapis.com/envoy.config.listener.v3.Listener";
  public static final String CLUSTERS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

  /** One response: its type and version, and which connection (1, 2, …) brought it. */
  public record Received(String typeUrl, String version, int connection) {}

  private final ManagedChannel channel;
  private final Node node;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService reconnects =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ads-recorder");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;
  private int connections;

  public AdsRecorder(int adsPort, String mesh, String dataplane) {
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", adsPort).usePlaintext().build();
    this.node = Node.newBuilder().setId(mesh + "." + dataplane).setUserAgentName("envoy").build();
    connect();
  }

  private synchronized void connect() {
    if (closed) {
      return;
    }
    int connection = ++connections;
    StreamObserver<DiscoveryRequest>[] requests = new StreamObserver[1];
    requests[0] =
        AggregatedDiscoveryServiceGrpc.newStub(channel)
            .streamAggregatedResources(
                new StreamObserver<>() {
                  @Override
                  public void onNext(DiscoveryResponse response) {
                    received.add(
                        new Received(response.getTypeUrl(), response.getVersionInfo(), connection));
                    synchronized (requests) {
                      requests[0].onNext(
                          DiscoveryRequest.newBuilder()
                              .setNode(node)
                              .setTypeUrl(response.getTypeUrl())
                              .setVersionInfo(response.getVersionInfo())
                              .setResponseNonce(response.getNonce())
                              .build());
                    }
                  }

                  @Override
                  public void onError(Throwable t) {
                    reconnectSoon();
                  }

                  @Override
                  public void onCompleted() {
                    reconnectSoon();
                  }
                });
    synchronized (requests) {
      for (String type : List.of(LISTENERS, CLUSTERS)) {
        requests[0].onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type).build());
      }
    }
  }

  private void reconnectSoon() {
    if (!closed) {
      reconnects.schedule(this::connect, 200, TimeUnit.MILLISECONDS);
    }
  }

  /** Everything received so far, in order. */
  public List<Received> received() {
    return new ArrayList<>(received);
  }

  /** Versions of one type received on one connection, in order. */
  public List<String> versions(String typeUrl, int connection) {
    return received.stream()
        .filter(r -> r.typeUrl().equals(typeUrl) && r.connection() == connection)
        .map(Received::version)
        .toList();
  }

  /**
   * Versions of one type received on this connection and every later one (reconnect attempts while
   * the server is away count as connections too).
   */
  public List<String> versionsFrom(String typeUrl, int firstConnection) {
    return received.stream()
        .filter(r -> r.typeUrl().equals(typeUrl) && r.connection() >= firstConnection)
        .map(Received::version)
        .toList();
  }

  /** The connection the latest response came on (0 before any). */
  public int latestConnection() {
    List<Received> all = received();
    return all.isEmpty() ? 0 : all.get(all.size() - 1).connection();
  }

  @Override
  public void close() {
    closed = true;
    reconnects.shutdownNow();
    channel.shutdownNow();
  }
}
