package dev.meridian.global.command;

import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The {@code default} mesh exists out of the box, as in Kuma, and reaches every zone over the log.
 * It is created once: a user who deletes it keeps it deleted across restarts.
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
    commands.send(
        new Commands.EnsureMeshCreatedOnce(ResourceKey.mesh(NAME).logKey(), NAME, MeshSpec.empty()),
        "system");
  }
}
