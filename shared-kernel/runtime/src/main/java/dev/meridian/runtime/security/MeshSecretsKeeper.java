package dev.meridian.runtime.security;

import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.runtime.log.ProjectionFeed;
import dev.meridian.runtime.log.ProjectionListener;
import dev.meridian.runtime.mtls.MeshCa;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Gives every mesh its secrets as soon as it exists, on the control plane that owns meshes: a
 * dataplane-token signing key, and the CA of each builtin mTLS backend. A mesh written through the
 * API gets them before its write is answered; this catches the rest (a mesh from before, a write
 * that failed half-way). Works only on a caught-up projection: a secret it has not read yet must
 * not look missing.
 */
@Component
class MeshSecretsKeeper implements ProjectionListener, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(MeshSecretsKeeper.class);

  private final DataplaneTokenService tokens;
  private final MeshCa meshCa;
  private final Projection projection;
  private final ProjectionFeed feed;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "signing-keys");
            t.setDaemon(true);
            return t;
          });

  MeshSecretsKeeper(
      DataplaneTokenService tokens, MeshCa meshCa, Projection projection, ProjectionFeed feed) {
    this.tokens = tokens;
    this.meshCa = meshCa;
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
        meshCa.ensure(mesh.key().name());
      } catch (RuntimeException e) {
        log.warn("Could not create the secrets of mesh {}: {}", mesh.key().name(), e.toString());
      }
    }
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
