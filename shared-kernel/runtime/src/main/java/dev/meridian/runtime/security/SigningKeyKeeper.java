package dev.meridian.runtime.security;

import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.runtime.log.ProjectionFeed;
import dev.meridian.runtime.log.ProjectionListener;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Gives every mesh a dataplane-token signing key as soon as it exists, on the control plane that
 * owns meshes, so that zones can check (and issue) tokens for it without waiting for a first
 * request on global. Works only on a caught-up projection: a key it has not read yet must not look
 * missing.
 */
@Component
class SigningKeyKeeper implements ProjectionListener, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(SigningKeyKeeper.class);

  private final DataplaneTokenService tokens;
  private final Projection projection;
  private final ProjectionFeed feed;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "signing-keys");
            t.setDaemon(true);
            return t;
          });

  SigningKeyKeeper(DataplaneTokenService tokens, Projection projection, ProjectionFeed feed) {
    this.tokens = tokens;
    this.projection = projection;
    this.feed = feed;
  }

  @Override
  public void changed(Set<ResourceKey> keys) {
    if (tokens.createsSigningKeys() && keys.stream().anyMatch(k -> k.kind() == ResourceKind.MESH)) {
      executor.execute(this::sweep);
    }
  }

  private void sweep() {
    if (!feed.caughtUp()) {
      executor.schedule(this::sweep, 1, TimeUnit.SECONDS);
      return;
    }
    for (Resource mesh : projection.list(ResourceKind.MESH, null)) {
      try {
        tokens.ensureSigningKey(mesh.key().name());
      } catch (RuntimeException e) {
        log.warn(
            "Could not create the signing key of mesh {}: {}", mesh.key().name(), e.toString());
      }
    }
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
