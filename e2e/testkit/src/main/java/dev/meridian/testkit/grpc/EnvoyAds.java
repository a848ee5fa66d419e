package dev.meridian.testkit.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An ADS client that subscribes the way Envoy does: listeners and clusters by wildcard, secrets
 * (SDS) and endpoints by the names the config refers to, every response ACKed with the names it
 * subscribed. It keeps the latest response of each type, so a test reads what a sidecar would
 * apply, including the certificates it would present.
 */
public final class EnvoyAds implements AutoCloseable {
  public static final String LISTENERS = AdsRecorder.LISTENERS;
  public static final String CLUSTERS = AdsRecorder.CLUSTERS;
  public static final String ENDPOINTS =
      "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  public static final String SECRETS =
      "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";

  private final ManagedChannel channel;
  private final Node node;
  private final StreamObserver<DiscoveryRequest> requests;
  private final Map<String, List<String>> subscribed = new ConcurrentHashMap<>();
  private final Map<String, DiscoveryResponse> latest = new ConcurrentHashMap<>();
  private final List<DiscoveryResponse> history = new CopyOnWriteArrayList<>();
  private volatile Throwable failure;

  /** The sidecar of dataplane {@code mesh}/{@code dataplane}, showing no token. */
  public EnvoyAds(int adsPort, String mesh, String dataplane) {
    this(adsPort, node(mesh + "." + dataplane), null);
  }

  /**
   * The Envoy of zone ingress {@code name} (node {@code .<name>}, as Kuma's agent names it),
   * showing {@code token} (null: none) in the {@code authorization} header.
   */
  public static EnvoyAds ingress(int adsPort, String name, String token) {
    return new EnvoyAds(adsPort, node("." + name), token);
  }

  private static Node node(String id) {
    return Node.newBuilder().setId(id).setUserAgentName("envoy").build();
  }

  private EnvoyAds(int adsPort, Node node, String token) {
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", adsPort).usePlaintext().build();
    this.node = node;
    io.grpc.Metadata headers = new io.grpc.Metadata();
    if (token != null) {
      headers.put(
          io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
          token);
    }
    this.requests =
        AggregatedDiscoveryServiceGrpc.newStub(channel)
            .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
            .streamAggregatedResources(
                new StreamObserver<>() {
                  @Override
                  public void onNext(DiscoveryResponse response) {
                    latest.put(response.getTypeUrl(), response);
                    history.add(response);
                    send(
                        DiscoveryRequest.newBuilder()
                            .setNode(node)
                            .setTypeUrl(response.getTypeUrl())
                            .addAllResourceNames(
                                subscribed.getOrDefault(response.getTypeUrl(), List.of()))
                            .setVersionInfo(response.getVersionInfo())
                            .setResponseNonce(response.getNonce())
                            .build());
                  }

                  @Override
                  public void onError(Throwable t) {
                    failure = t;
                  }

                  @Override
                  public void onCompleted() {}
                });
    subscribe(LISTENERS, List.of());
    subscribe(CLUSTERS, List.of());
  }

  /** Subscribes to {@code names} of a type (none: every resource of it). */
  public void subscribe(String typeUrl, List<String> names) {
    subscribed.put(typeUrl, List.copyOf(names));
    DiscoveryResponse last = latest.get(typeUrl);
    DiscoveryRequest.Builder request =
        DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl).addAllResourceNames(names);
    if (last != null) {
      request.setVersionInfo(last.getVersionInfo()).setResponseNonce(last.getNonce());
    }
    send(request.build());
  }

  private synchronized void send(DiscoveryRequest request) {
    requests.onNext(request);
  }

  /** The latest response of a type, if any came. */
  public Optional<DiscoveryResponse> latest(String typeUrl) {
    return Optional.ofNullable(latest.get(typeUrl));
  }

  /** Every version of a type received, in order. */
  public List<String> versions(String typeUrl) {
    List<String> out = new ArrayList<>();
    history.stream()
        .filter(r -> r.getTypeUrl().equals(typeUrl))
        .forEach(r -> out.add(r.getVersionInfo()));
    return out;
  }

  /** The resources of the latest response of a type, by name. */
  public <T extends Message> Map<String, T> resources(String typeUrl, Class<T> type) {
    Map<String, T> out = new LinkedHashMap<>();
    DiscoveryResponse response = latest.get(typeUrl);
    if (response == null) {
      return out;
    }
    for (Any any : response.getResourcesList()) {
      try {
        T message = any.unpack(type);
        out.put(name(message), message);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("unreadable " + typeUrl, e);
      }
    }
    return out;
  }

  private static String name(Message message) {
    com.google.protobuf.Descriptors.FieldDescriptor field =
        message.getDescriptorForType().findFieldByName("name");
    if (field == null) {
      // A load assignment is named by its cluster.
      field = message.getDescriptorForType().findFieldByName("cluster_name");
    }
    return (String) message.getField(field);
  }

  /** Why the stream ended, if it did with an error. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
