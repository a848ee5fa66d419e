package dev.meridian.zone.config;

import java.util.UUID;

/** A stable id of this control plane process, recorded in insights (Kuma's instance id). */
public final class ManagementInstance {
  private static final String ID = hostname() + "-" + UUID.randomUUID().toString().substring(0, 8);

  private ManagementInstance() {}

  public static String id() {
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
