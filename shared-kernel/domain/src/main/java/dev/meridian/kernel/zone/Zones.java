package dev.meridian.kernel.zone;

import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ZoneSpec;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** What Zone resources say about the zones: which are disabled. */
public final class Zones {
  private Zones() {}

  /** The names of the zones whose Zone resource says {@code enabled: false}. */
  public static Set<String> disabled(Collection<Resource> zones) {
    Set<String> out = new TreeSet<>();
    for (Resource zone : zones) {
      if (zone.spec() instanceof ZoneSpec spec && !spec.isEnabled()) {
        out.add(zone.key().name());
      }
    }
    return out;
  }
}
