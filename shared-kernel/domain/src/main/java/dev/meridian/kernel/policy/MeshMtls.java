package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.Resource;

/**
 * Whether a mesh has mTLS on, as Kuma decides it: {@code mtls.enabledBackend} names a backend. Read
 * here rather than in {@link MeshSpec}, which keeps {@code mtls} as given until mTLS itself is
 * modelled.
 */
public final class MeshMtls {
  private MeshMtls() {}

  public static boolean enabled(Resource mesh) {
    return mesh.spec() instanceof MeshSpec spec && enabled(spec);
  }

  public static boolean enabled(MeshSpec spec) {
    JsonNode backend = spec.mtls() == null ? null : spec.mtls().get("enabledBackend");
    return backend != null && backend.isTextual() && !backend.asText().isEmpty();
  }
}
