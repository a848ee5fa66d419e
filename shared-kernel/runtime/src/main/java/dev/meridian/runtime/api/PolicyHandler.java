package dev.meridian.runtime.api;

import dev.meridian.kernel.policy.PolicyValidator;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.Violation;
import java.util.List;

/** One policy kind, validated with Kuma's rules for it; nothing refers to a policy. */
class PolicyHandler implements KindHandler {
  private final ResourceKind kind;

  PolicyHandler(ResourceKind kind) {
    this.kind = kind;
  }

  @Override
  public ResourceKind kind() {
    return kind;
  }

  @Override
  public List<Violation> validate(ResourceSpec prepared) {
    return PolicyValidator.validate(kind, (PolicySpec) prepared);
  }
}
