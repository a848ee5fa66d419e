package dev.meridian.kernel.xds.grpc;

import dev.meridian.kernel.mtls.Identity;
import dev.meridian.kernel.xds.Bootstrap;
import dev.meridian.kernel.xds.envoy.EnvoySidecarRenderer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateProviderPluginInstance;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

/**
 * Mutual TLS for proxyless gRPC (grpc-java's xDS security, gRFC A29): the identity and the mesh CA
 * come from the certificate provider the bootstrap names ({@link Bootstrap#GRPC_IDENTITY_PROVIDER},
 * a {@code file_watcher} over the files {@code IdentityFiles} keeps); a client checks that the
 * server is the service it called by its SPIFFE id, a server requires a client certificate from the
 * mesh CA. grpc-java has no TLS inspector, so a server serves mTLS only: permissive mode does not
 * exist for proxyless servers.
 */
final class GrpcMtls {
  static final String TLS_SOCKET = "envoy.transport_sockets.tls";

  private GrpcMtls() {}

  private static CertificateProviderPluginInstance provider() {
    return CertificateProviderPluginInstance.newBuilder()
        .setInstanceName(Bootstrap.GRPC_IDENTITY_PROVIDER)
        .build();
  }

  /** {@code cluster} dialing its service over mTLS, expecting the service's SPIFFE id. */
  static Cluster client(Cluster cluster, String mesh, String service) {
    UpstreamTlsContext tls =
        UpstreamTlsContext.newBuilder()
            .setCommonTlsContext(
                CommonTlsContext.newBuilder()
                    .setTlsCertificateProviderInstance(provider())
                    .setValidationContext(
                        CertificateValidationContext.newBuilder()
                            .setCaCertificateProviderInstance(provider())
                            .addMatchSubjectAltNames(
                                StringMatcher.newBuilder()
                                    .setExact(Identity.spiffeId(mesh, service)))))
            .build();
    return cluster.toBuilder()
        .setTransportSocket(
            TransportSocket.newBuilder()
                .setName(TLS_SOCKET)
                .setTypedConfig(EnvoySidecarRenderer.pack(tls)))
        .build();
  }

  /** A server's transport socket: its identity, and a client certificate from the mesh CA. */
  static TransportSocket server() {
    DownstreamTlsContext tls =
        DownstreamTlsContext.newBuilder()
            .setCommonTlsContext(
                CommonTlsContext.newBuilder()
                    .setTlsCertificateProviderInstance(provider())
                    .setValidationContext(
                        CertificateValidationContext.newBuilder()
                            .setCaCertificateProviderInstance(provider())))
            .setRequireClientCertificate(com.google.protobuf.BoolValue.of(true))
            .build();
    return TransportSocket.newBuilder()
        .setName(TLS_SOCKET)
        .setTypedConfig(EnvoySidecarRenderer.pack(tls))
        .build();
  }
}
