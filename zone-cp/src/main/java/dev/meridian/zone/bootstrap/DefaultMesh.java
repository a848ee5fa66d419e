package dev.meridian.zone.bootstrap;

import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.zone.command.Commands;
import dev.meridian.zone.command.ResourceCommands;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The {@code default} mesh exists out of the box, as in Kuma. It is created once: a user who
 * deletes it keeps it deleted across restarts.
 */
@Component
class DefaultMesh implements ApplicationRunner {
  static final String NAME = "default";
  private final ResourceCommands commands;

  DefaultMesh(ResourceCommands commands) {
    this.commands = commands;
  }

  @Override
  public void run(ApplicationArguments args) {
    String id = ResourceKey.mesh(NAME).logKey();
    commands.send(new Commands.EnsureMeshCreatedOnce(id, NAME, MeshSpec.empty()), "system");
  }
}
