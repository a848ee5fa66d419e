package dev.meridian.kernel.history;

import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.ArrayList;
import java.util.List;

/** A mesh as a set of resources: the Mesh itself and everything scoped to it. */
public final class MeshResources {
  private MeshResources() {}

  /**
   * The Mesh first, then every mesh-scoped kind in declaration order, each by name; not the mesh's
   * credentials ({@link ResourceKind#isCredential}).
   */
  public static List<Resource> of(Projection projection, String mesh) {
    List<Resource> out = new ArrayList<>();
    projection.get(ResourceKey.mesh(mesh)).ifPresent(out::add);
    for (ResourceKind kind : ResourceKind.values()) {
      if (kind.meshScoped() && !kind.isCredential()) {
        out.addAll(projection.list(kind, mesh));
      }
    }
    return out;
  }

  /** The mesh a resource belongs to (a Mesh to itself); null for kinds outside meshes. */
  public static String meshOf(ResourceKey key) {
    if (key.kind() == ResourceKind.MESH) {
      return key.name();
    }
    return key.kind().meshScoped() ? key.mesh() : null;
  }
}
