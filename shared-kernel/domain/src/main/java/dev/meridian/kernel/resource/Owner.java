package dev.meridian.kernel.resource;

/** Which control plane may write a kind in a multi-zone deployment (Kuma's KDS sync direction). */
public enum Owner {
  /** Written on global, flows global → zones (meshes, policies). */
  GLOBAL,
  /** Written on a zone, flows zone → global (dataplanes, zone ingresses, insights). */
  ZONE,
  /**
   * Written by every control plane on its own topic, about itself (the revocations of the user
   * tokens it issued).
   */
  EVERY
}
