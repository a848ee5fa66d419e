package dev.meridian.runtime.command;

import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.runtime.ControlPlaneRole;
import dev.meridian.runtime.security.DataplaneTokenService;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The {@code default} mesh exists out of the box, as in Kuma, created by whichever control plane
 * owns meshes (global, from where it reaches every zone, or a standalone zone). It is created once:
 * a user who deletes it keeps it deleted across restarts. A zone in multizone mode creates none.
 */
@Component
class DefaultMesh implements ApplicationRunner {
  static final String NAME = "default";
  private final ResourceCommands commands;
  private final ControlPlaneRole role;
  private final DataplaneTokenService tokens;
  private final InitialMeshPolicies initialPolicies;

  DefaultMesh(
      ResourceCommands commands,
      ControlPlaneRole role,
      DataplaneTokenService tokens,
      InitialMeshPolicies initialPolicies) {
    this.commands = commands;
    this.role = role;
    this.tokens = tokens;
    this.initialPolicies = initialPolicies;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (role.refusedWrite(ResourceKind.MESH).isPresent()) {
      return;
    }
    WriteResult created =
        commands.send(
            new Commands.CreateResourceOnce(ResourceKey.mesh(NAME), MeshSpec.empty()), "system");
    if (created.outcome() == Decision.Outcome.CREATED) {
      // Before the start completes, like a mesh created through the API before its 201.
      tokens.ensureSigningKey(NAME);
      initialPolicies.create(NAME, MeshSpec.empty());
    }
  }
}
