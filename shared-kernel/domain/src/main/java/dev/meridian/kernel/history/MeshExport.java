package dev.meridian.kernel.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.Resource;
import java.util.List;

/**
 * A mesh as one multi-document YAML, each document in the shape the resource endpoints accept on
 * PUT ({@code type}, {@code mesh}, {@code name}, spec fields): the Mesh first, so applying the
 * documents in order recreates it.
 */
public final class MeshExport {
  private MeshExport() {}

  public static String yaml(List<Resource> meshResources) {
    StringBuilder out = new StringBuilder();
    for (Resource resource : meshResources) {
      try {
        String document = DomainJson.yaml().writeValueAsString(ResourceDiff.content(resource));
        out.append(document.startsWith("---") ? document : "---\n" + document);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a stored resource always renders", e);
      }
    }
    return out.toString();
  }
}
