package dev.meridian.zone.command;

import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.kernel.xds.AvailableServices;
import dev.meridian.runtime.command.Commands;
import dev.meridian.runtime.command.ResourceCommands;
import dev.meridian.runtime.log.ProjectionListener;
import dev.meridian.zone.config.ZoneProperties;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps this zone's ZoneIngresses telling the truth: when its dataplanes change, each own ingress's
 * {@code availableServices} is brought up to date and, if it differs, updated through the log like
 * any other change (actor {@code system}), so other zones route to what is really here.
 *
 * <p>The counts are kept incrementally (a write costs its own dataplane), and changes are
 * coalesced: a burst of writes arriving while an update runs is handled by the next one, so a zone
 * registering thousands of dataplanes writes its ingresses a few times, not once per write.
 */
@Component
public class AvailableServicesUpdater implements ProjectionListener, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(AvailableServicesUpdater.class);
  static final String ACTOR = "system";

  private final Projection projection;
  private final ResourceCommands commands;
  private final String zone;

  /** Counts kept by the updater's thread only; null until first built from the projection. */
  private AvailableServices available;

  /** Whether the ingresses were last found (or made) equal to the counts. */
  private boolean checked;

  private final Set<ResourceKey> pending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean scheduled = new AtomicBoolean();

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
    boolean relevant = false;
    for (ResourceKey key : keys) {
      if (key.kind() == ResourceKind.DATAPLANE || key.kind() == ResourceKind.ZONE_INGRESS) {
        pending.add(key);
        relevant = true;
      }
    }
    if (relevant && scheduled.compareAndSet(false, true)) {
      executor.execute(this::update);
    }
  }

  private void update() {
    // Cleared before draining: a change arriving from here on schedules the next update.
    scheduled.set(false);
    Set<ResourceKey> keys = new HashSet<>(pending);
    pending.removeAll(keys);
    if (available == null) {
      // Built once from the projection as it is now; later keys re-read their resource, so a
      // key already counted here is counted once.
      available = new AvailableServices();
      available.update(
          projection.list(ResourceKind.DATAPLANE, null).stream().map(Resource::key).toList(),
          this::current);
    }
    boolean changed = available.update(keys, this::current);
    boolean ingressChanged = keys.stream().anyMatch(k -> k.kind() == ResourceKind.ZONE_INGRESS);
    if (changed || ingressChanged || !checked) {
      // A failed write is tried again at the next change.
      checked = publish(available.list());
    }
  }

  private Optional<ResourceSpec> current(ResourceKey key) {
    return projection.get(key).map(Resource::spec);
  }

  /** Writes each own ingress whose services differ; false if a write failed. */
  private boolean publish(List<ZoneIngressSpec.AvailableService> available) {
    boolean written = true;
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
        written = false;
      }
    }
    return written;
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
