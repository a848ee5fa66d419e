package dev.meridian.zone.api;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.policy.PolicyValidator;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.zone.command.Commands;
import dev.meridian.zone.config.ZoneProperties;
import java.util.List;

/**
 * One policy kind. Like meshes, policies are written on the global control plane in multizone mode
 * and reach the zone over the log; a standalone zone owns them.
 */
class PolicyHandler implements KindHandler {
  private final ResourceKind kind;
  private final ZoneProperties properties;

  PolicyHandler(ResourceKind kind, ZoneProperties properties) {
    this.kind = kind;
    this.properties = properties;
  }

  @Override
  public ResourceKind kind() {
    return kind;
  }

  @Override
  public void checkWritable() {
    if (properties.multizone()) {
      throw ApiFailure.of(
          405,
          "Method not Allowed",
          "Policies are managed on the global control plane ("
              + properties.globalControlPlane()
              + "); zone "
              + properties.zone()
              + " runs in multizone mode and receives them over the log");
    }
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
