package dev.meridian.zone.xds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.api.Problem;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.mtls.Identity;
import dev.meridian.kernel.mtls.MeshMtls;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.runtime.mtls.IdentityCertificates;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code POST /identity} on the dataplane server: a proxyless workload that showed its dataplane
 * token gets its identity certificate, key and the mesh CA (PEM), with when to fetch the next one,
 * to keep in the directory its gRPC certificate provider watches. Envoy gets the same over SDS.
 */
@Component
public class IdentityEndpoint {
  private final Projection projection;
  private final IdentityCertificates certificates;

  IdentityEndpoint(Projection projection, IdentityCertificates certificates) {
    this.projection = projection;
    this.certificates = certificates;
  }

  FullHttpResponse answer(ResourceKey dataplane, DataplaneSpec spec) {
    MeshMtls mtls =
        projection
            .get(ResourceKey.mesh(dataplane.mesh()))
            .map(Resource::spec)
            .map(s -> MeshMtls.of((MeshSpec) s))
            .orElse(MeshMtls.of(MeshSpec.empty()));
    if (!mtls.enabled()) {
      return BootstrapHandler.problem(
          Problem.of(
              409,
              "Conflict",
              "mesh " + dataplane.mesh() + " has no mTLS backend enabled: no identities to issue"));
    }
    Optional<IdentityCertificates.Issued> issued =
        certificates.current(Identity.of(dataplane.mesh(), spec), mtls);
    if (issued.isEmpty()) {
      return BootstrapHandler.problem(
          Problem.of(
              503,
              "Service Unavailable",
              "the CA of mesh " + dataplane.mesh() + " has not reached this zone yet; retry"));
    }
    ObjectNode out = DomainJson.canonical().createObjectNode();
    out.put("mesh", dataplane.mesh());
    out.put("name", dataplane.name());
    out.put("backend", issued.get().backend());
    issued.get().uris().forEach(out.putArray("uris")::add);
    out.put("notAfter", issued.get().notAfter().toString());
    out.put("renewAt", issued.get().renewAt().toString());
    out.put("certificate", issued.get().certificatePem());
    out.put("privateKey", issued.get().privateKeyPem());
    out.put("caCertificates", issued.get().caPem());
    return BootstrapHandler.response(
        HttpResponseStatus.OK, "application/json", DomainJson.toJson(out));
  }
}
