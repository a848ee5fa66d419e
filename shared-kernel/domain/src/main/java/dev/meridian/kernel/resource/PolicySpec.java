package dev.meridian.kernel.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.CanonicalTree;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A targetRef policy of any {@code Mesh*} kind, in Kuma's shape: optional {@code labels} and the
 * {@code spec} ({@code targetRef}, then {@code to}, {@code from} or route {@code rules}). The spec
 * is kept as canonical JSON; its meaning is read by {@code dev.meridian.kernel.policy}.
 */
public record PolicySpec(Map<String, String> labels, JsonNode spec) implements ResourceSpec {

  /** Kuma's label for a policy that is shown by inspection but not applied. */
  public static final String EFFECT_LABEL = "kuma.io/effect";

  public static final String SHADOW = "shadow";

  public PolicySpec {
    labels =
        labels == null || labels.isEmpty()
            ? null
            : Collections.unmodifiableMap(new TreeMap<>(labels));
    spec = CanonicalTree.sortedKeys(spec);
  }

  public boolean shadow() {
    return labels != null && SHADOW.equals(labels.get(EFFECT_LABEL));
  }
}
