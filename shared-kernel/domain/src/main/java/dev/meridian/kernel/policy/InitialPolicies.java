package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies Kuma creates with a new mesh, unless its {@code skipCreatingInitialPolicies} names
 * them ({@code "*"}: none at all). Pure: the caller that creates a mesh decides when to write them
 * (this is the entry point for it; mesh creation does not call it yet).
 */
public final class InitialPolicies {
  /** What {@code skipCreatingInitialPolicies} holds to skip every initial policy. */
  public static final String ALL = "*";

  private InitialPolicies() {}

  /** Initial policies of {@code mesh}, by key, in the order they are to be created. */
  public static Map<ResourceKey, PolicySpec> of(String mesh, MeshSpec spec) {
    List<String> skip =
        spec == null || spec.skipCreatingInitialPolicies() == null
            ? List.of()
            : spec.skipCreatingInitialPolicies();
    Map<ResourceKey, PolicySpec> policies = new LinkedHashMap<>();
    ResourceKind mtp = ResourceKind.MESH_TRAFFIC_PERMISSION;
    if (!skip.contains(ALL) && !skip.contains(mtp.typeName())) {
      policies.put(new ResourceKey(mtp, mesh, "allow-all-" + mesh), allowAll());
    }
    return policies;
  }

  /** Every caller may reach every inbound: what keeps a mesh working when mTLS is turned on. */
  static PolicySpec allowAll() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode spec = json.objectNode();
    spec.putObject("targetRef").put("kind", "Mesh");
    ObjectNode from = spec.putArray("from").addObject();
    from.putObject("targetRef").put("kind", "Mesh");
    from.putObject("default").put("action", TrafficPermissionAction.Allow.name());
    return new PolicySpec(null, spec);
  }
}
