package dev.meridian.runtime.log;

import dev.meridian.kernel.resource.ResourceKey;
import java.util.Set;

/** Told, after each batch read from the log, which resources the projection changed. */
public interface ProjectionListener {
  /** Called on the feed's thread: do little, hand real work to your own executor. */
  void changed(Set<ResourceKey> keys);
}
