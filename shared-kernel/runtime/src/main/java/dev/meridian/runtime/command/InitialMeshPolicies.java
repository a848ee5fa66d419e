package dev.meridian.runtime.command;

import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.policy.InitialPolicies;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.runtime.log.ProjectionFeed;
import dev.meridian.runtime.settings.ApiSettings;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Writes the policies Kuma creates with a new mesh (the allow-all MeshTrafficPermission, which
 * matters once mTLS denies by default), unless the mesh's {@code skipCreatingInitialPolicies} says
 * otherwise. Only for a mesh just created: a user who deletes one later keeps it deleted, and a
 * mesh deleted (its policies with it) and created again gets them anew.
 */
@Component
public class InitialMeshPolicies {
  static final String ACTOR = "system";

  private final ResourceCommands commands;
  private final ProjectionFeed feed;
  private final ApiSettings api;

  InitialMeshPolicies(ResourceCommands commands, ProjectionFeed feed, ApiSettings api) {
    this.commands = commands;
    this.feed = feed;
    this.api = api;
  }

  /** Creates {@code mesh}'s initial policies and waits until the projection holds them. */
  public void create(String mesh, MeshSpec spec) {
    for (Map.Entry<ResourceKey, PolicySpec> policy : InitialPolicies.of(mesh, spec).entrySet()) {
      WriteResult result =
          commands.send(new Commands.PutResource(policy.getKey(), policy.getValue()), ACTOR);
      if (result.outcome() != Decision.Outcome.UNCHANGED) {
        feed.awaitApplied(
            policy.getKey().logKey(), result.sequence(), api.writeVisibilityTimeout());
      }
    }
  }
}
