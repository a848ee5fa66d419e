package dev.meridian.zone.command;

import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.kernel.xds.AvailableServices;
import dev.meridian.runtime.command.Commands;
import dev.meridian.runtime.command.ResourceCommands;
import dev.meridian.runtime.log.ProjectionListener;
import dev.meridian.zone.config.ZoneProperties;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps this zone's ZoneIngresses telling the truth: when its dataplanes change, each own ingress's
 * {@code availableServices} is recomputed and, if it differs, updated through the log like any
 * other change (actor {@code system}), so other zones route to what is really here.
 */
@Component
public class AvailableServicesUpdater implements ProjectionListener, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(AvailableServicesUpdater.class);
  static final String ACTOR = "system";

  private final Projection projection;
  private final ResourceCommands commands;
  private final String zone;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "available-services");
            t.setDaemon(true);
            return t;
          });

  public AvailableServicesUpdater(
      Projection projection, ResourceCommands commands, ZoneProperties properties) {
    this.projection = projection;
    this.commands = commands;
    this.zone = properties.zone();
  }

  @Override
  public void changed(Set<ResourceKey> keys) {
    boolean relevant =
        keys.stream()
            .anyMatch(
                k -> k.kind() == ResourceKind.DATAPLANE || k.kind() == ResourceKind.ZONE_INGRESS);
    if (relevant) {
      executor.execute(this::update);
    }
  }

  private void update() {
    List<ZoneIngressSpec.AvailableService> available =
        AvailableServices.of(projection.list(ResourceKind.DATAPLANE, null));
    for (Resource resource : projection.list(ResourceKind.ZONE_INGRESS, null)) {
      ZoneIngressSpec ingress = (ZoneIngressSpec) resource.spec();
      if (!zone.equals(ingress.zone()) || ingress.services().equals(available)) {
        continue;
      }
      try {
        commands.send(
            new Commands.PutResource(resource.key(), ingress.withServices(available)), ACTOR);
      } catch (RuntimeException e) {
        log.warn(
            "Could not update the services of ingress {}: {}", resource.key().name(), e.toString());
      }
    }
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
