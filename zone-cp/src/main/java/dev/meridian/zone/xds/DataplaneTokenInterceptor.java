package dev.meridian.zone.xds;

import dev.meridian.kernel.xds.ProxyModel;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;

/**
 * Holds each xDS stream at its first message until the node it names has shown a dataplane token
 * that lets it in ({@link DataplaneAuthentication}); otherwise the stream is closed with {@code
 * UNAUTHENTICATED} and never reaches the discovery server. Checked on every new stream, so a
 * revoked or expired token is refused from the next reconnect on.
 */
final class DataplaneTokenInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final DataplaneAuthentication authentication;

  DataplaneTokenInterceptor(DataplaneAuthentication authentication) {
    this.authentication = authentication;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!authentication.required()) {
      return next.startCall(call, headers);
    }
    // The discovery server is started only once the first message is let through; until then
    // this gate asks for that one message itself.
    call.request(1);
    return new Gate<>(call, headers, next);
  }

  private final class Gate<Q, R> extends ServerCall.Listener<Q> {
    private final ServerCall<Q, R> call;
    private final Metadata headers;
    private final ServerCallHandler<Q, R> next;
    private ServerCall.Listener<Q> delegate;
    private boolean refused;

    Gate(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      this.call = call;
      this.headers = headers;
      this.next = next;
    }

    @Override
    public void onMessage(Q message) {
      if (refused) {
        return;
      }
      if (delegate == null) {
        Optional<String> refusal = check(message);
        if (refusal.isPresent()) {
          refused = true;
          call.close(Status.UNAUTHENTICATED.withDescription(refusal.get()), new Metadata());
          return;
        }
        delegate = next.startCall(call, headers);
      }
      delegate.onMessage(message);
    }

    private Optional<String> check(Q message) {
      Node node =
          message instanceof DiscoveryRequest d
              ? d.getNode()
              : message instanceof LoadStatsRequest l ? l.getNode() : null;
      Optional<String> ingress =
          node == null ? Optional.empty() : ProxyModel.parseIngressNodeId(node.getId());
      if (ingress.isPresent()) {
        return authentication
            .checkIngress("ads", headers.get(AUTHORIZATION), ingress.get())
            .map(r -> r.status() == 401 ? "A valid zone token is required" : r.detail());
      }
      String[] meshAndName =
          node == null ? null : ProxyModel.parseNodeId(node.getId()).orElse(null);
      if (meshAndName == null) {
        return Optional.of(
            "the first message must name the node as <mesh>.<dataplane> (.<name> for an ingress)");
      }
      return authentication
          .check("ads", headers.get(AUTHORIZATION), meshAndName[0], meshAndName[1])
          .map(DataplaneAuthentication.Refusal::told);
    }

    @Override
    public void onHalfClose() {
      if (delegate != null) {
        delegate.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      if (delegate != null) {
        delegate.onCancel();
      }
    }

    @Override
    public void onComplete() {
      if (delegate != null) {
        delegate.onComplete();
      }
    }

    @Override
    public void onReady() {
      if (delegate != null) {
        delegate.onReady();
      }
    }
  }
}
