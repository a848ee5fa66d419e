package dev.meridian.runtime.api;

import dev.meridian.kernel.policy.PolicyValidator;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.command.Commands;
import java.util.List;

/** One policy kind, validated with Kuma's rules for it. */
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
  public ResourceSpec prepare(ResourceSpec submitted) {
    return submitted;
  }

  @Override
  public List<Violation> validate(ResourceSpec prepared) {
    return PolicyValidator.validate(kind, (PolicySpec) prepared);
  }

  @Override
  public List<Violation> validateName(String name) {
    return List.of();
  }

  @Override
  public Object putCommand(ResourceKey key, ResourceSpec prepared) {
    return new Commands.PutPolicy(key.logKey(), key, (PolicySpec) prepared);
  }

  @Override
  public Object deleteCommand(ResourceKey key) {
    return new Commands.DeletePolicy(key.logKey(), key);
  }

  @Override
  public void checkDeletable(ResourceKey key) {
    // Nothing refers to a policy.
  }
}
