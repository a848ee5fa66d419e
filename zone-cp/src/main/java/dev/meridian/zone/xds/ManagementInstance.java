package dev.meridian.zone.xds;

import java.util.UUID;

/** A stable id of this control plane process, recorded in insights (Kuma's instance id). */
final class ManagementInstance {
  private static final String ID = hostname() + "-" + UUID.randomUUID().toString().substring(0, 8);

  private ManagementInstance() {}

  static String id() {
    return ID;
  }

  private static String hostname() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "meridian";
      }
    }
    return host;
  }
}
