package dev.meridian.kernel.xds.envoy;

import com.google.protobuf.BoolValue;
import dev.meridian.kernel.mtls.Identity;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

/**
 * Mutual TLS between Envoy sidecars, as Kuma renders it. The proxy's identity certificate and the
 * mesh CA are SDS secrets served on the ADS stream ({@code identity_cert:secret:<mesh>}, {@code
 * mesh_ca:secret:<mesh>}), so a rotation reaches Envoy without touching a listener or a cluster. An
 * inbound requires a client certificate from the mesh CA naming any service of the mesh; an
 * outbound cluster presents the proxy's own, asks for the called service by SNI ({@code
 * <service>{mesh=<mesh>}}, which is also what a zone ingress routes on) and accepts only that
 * service's SPIFFE id.
 */
public final class EnvoyMtls {
  public static final String TLS_SOCKET = "envoy.transport_sockets.tls";
  public static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";

  /** Filter chain transport protocols as the TLS inspector names them. */
  static final String TLS = "tls";

  static final String RAW_BUFFER = "raw_buffer";

  private EnvoyMtls() {}

  /** The SDS name of a mesh's identity certificate (Kuma's). */
  public static String identitySecret(String mesh) {
    return "identity_cert:secret:" + mesh;
  }

  /** The SDS name of a mesh's CA, what peers' certificates are checked against (Kuma's). */
  public static String caSecret(String mesh) {
    return "mesh_ca:secret:" + mesh;
  }

  /** The SNI a client asks for to reach {@code service} of {@code mesh} (Kuma's tag format). */
  public static String sni(String mesh, String service) {
    return service + "{mesh=" + mesh + "}";
  }

  /** An inbound's TLS: the proxy's identity; a client certificate of the mesh is required. */
  static TransportSocket downstream(String mesh) {
    DownstreamTlsContext tls =
        DownstreamTlsContext.newBuilder()
            .setCommonTlsContext(
                common(
                    mesh,
                    SubjectAltNameMatcher.newBuilder()
                        .setSanType(SubjectAltNameMatcher.SanType.URI)
                        .setMatcher(
                            StringMatcher.newBuilder().setPrefix(Identity.spiffeId(mesh, "")))
                        .build()))
            .setRequireClientCertificate(BoolValue.of(true))
            .build();
    return socket(tls);
  }

  /** An outbound cluster's TLS: asks for {@code service} by SNI and accepts only its identity. */
  static TransportSocket upstream(String mesh, String service) {
    UpstreamTlsContext tls =
        UpstreamTlsContext.newBuilder()
            .setSni(sni(mesh, service))
            .setCommonTlsContext(
                common(
                    mesh,
                    SubjectAltNameMatcher.newBuilder()
                        .setSanType(SubjectAltNameMatcher.SanType.URI)
                        .setMatcher(
                            StringMatcher.newBuilder().setExact(Identity.spiffeId(mesh, service)))
                        .build()))
            .build();
    return socket(tls);
  }

  /** Tells TLS from plaintext before a filter chain is picked (permissive inbounds). */
  static ListenerFilter tlsInspector() {
    return ListenerFilter.newBuilder()
        .setName(TLS_INSPECTOR)
        .setTypedConfig(EnvoySidecarRenderer.pack(TlsInspector.getDefaultInstance()))
        .build();
  }

  static FilterChainMatch transportProtocol(String protocol) {
    return FilterChainMatch.newBuilder().setTransportProtocol(protocol).build();
  }

  private static CommonTlsContext common(String mesh, SubjectAltNameMatcher peer) {
    return CommonTlsContext.newBuilder()
        .setTlsParams(
            TlsParameters.newBuilder()
                .setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_2))
        .addTlsCertificateSdsSecretConfigs(sds(identitySecret(mesh)))
        .setCombinedValidationContext(
            CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
                .setDefaultValidationContext(
                    CertificateValidationContext.newBuilder().addMatchTypedSubjectAltNames(peer))
                .setValidationContextSdsSecretConfig(sds(caSecret(mesh))))
        .build();
  }

  private static SdsSecretConfig sds(String name) {
    return SdsSecretConfig.newBuilder()
        .setName(name)
        .setSdsConfig(
            ConfigSource.newBuilder()
                .setAds(AggregatedConfigSource.getDefaultInstance())
                .setResourceApiVersion(ApiVersion.V3))
        .build();
  }

  private static TransportSocket socket(com.google.protobuf.Message tls) {
    return TransportSocket.newBuilder()
        .setName(TLS_SOCKET)
        .setTypedConfig(EnvoySidecarRenderer.pack(tls))
        .build();
  }
}
