package dev.meridian.kernel.policy;

import java.util.Arrays;
import java.util.Optional;

/** What a targetRef can point at, from least to most specific (Kuma 2.4's order). */
public enum TargetRefKind {
  Mesh(1),
  MeshSubset(2),
  MeshService(3),
  MeshServiceSubset(4),
  MeshGateway(5),
  MeshHTTPRoute(6);

  private final int specificity;

  TargetRefKind(int specificity) {
    this.specificity = specificity;
  }

  /** Higher is more specific: a more specific top-level targetRef wins a merge. */
  public int specificity() {
    return specificity;
  }

  public static Optional<TargetRefKind> parse(String value) {
    return Arrays.stream(values()).filter(k -> k.name().equals(value)).findFirst();
  }
}
