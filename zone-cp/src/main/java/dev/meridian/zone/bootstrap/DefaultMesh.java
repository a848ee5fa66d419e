package dev.meridian.zone.bootstrap;

import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.zone.command.Commands;
import dev.meridian.zone.command.ResourceCommands;
import dev.meridian.zone.config.ZoneProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The {@code default} mesh exists out of the box, as in Kuma. It is created once: a user who
 * deletes it keeps it deleted across restarts. In multizone mode meshes come from the global
 * control plane, so a zone creates none.
 */
@Component
class DefaultMesh implements ApplicationRunner {
  static final String NAME = "default";
  private final ResourceCommands commands;
  private final ZoneProperties properties;

  DefaultMesh(ResourceCommands commands, ZoneProperties properties) {
    this.commands = commands;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (properties.multizone()) {
      return;
    }
    String id = ResourceKey.mesh(NAME).logKey();
    commands.send(new Commands.EnsureMeshCreatedOnce(id, NAME, MeshSpec.empty()), "system");
  }
}
