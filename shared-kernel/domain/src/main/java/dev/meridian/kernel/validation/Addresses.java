package dev.meridian.kernel.validation;

import java.util.regex.Pattern;

/**
 * Strict address checks. Never resolves anything: {@code InetAddress} would look up host names and
 * accept forms like {@code 10.1} that no proxy config should carry.
 */
public final class Addresses {

  private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$");

  private Addresses() {}

  public static boolean isIp(String s) {
    return isIpv4(s) || isIpv6(s);
  }

  /**
   * A dotted quad of decimal octets, each {@code 0} or without leading zero, at most 255. Scans the
   * characters (this runs for every endpoint and listener of every proxy a change regenerates).
   */
  public static boolean isIpv4(String s) {
    if (s == null) {
      return false;
    }
    int n = s.length();
    int parts = 0;
    int i = 0;
    while (true) {
      int start = i;
      int value = 0;
      while (i < n && s.charAt(i) != '.') {
        char c = s.charAt(i);
        if (c < '0' || c > '9' || i - start == 3) {
          return false;
        }
        value = value * 10 + (c - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || (digits > 1 && s.charAt(start) == '0') || value > 255 || ++parts > 4) {
        return false;
      }
      if (i == n) {
        return parts == 4;
      }
      i++; // the dot
    }
  }

  public static boolean isIpv6(String s) {
    if (s == null || !s.contains(":")) {
      return false;
    }
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
    String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
    int groups = 0;
    String[] headGroups = head.isEmpty() ? new String[0] : head.split(":", -1);
    String[] tailGroups = tail.isEmpty() ? new String[0] : tail.split(":", -1);
    for (int i = 0; i < headGroups.length; i++) {
      // An embedded IPv4 may only end the address, so never before a "::".
      boolean embeddedV4 = doubleColon < 0 && i == headGroups.length - 1;
      int width = groupWidth(headGroups[i], embeddedV4);
      if (width < 0) {
        return false;
      }
      groups += width;
    }
    for (int i = 0; i < tailGroups.length; i++) {
      int width = groupWidth(tailGroups[i], i == tailGroups.length - 1);
      if (width < 0) {
        return false;
      }
      groups += width;
    }
    return doubleColon >= 0 ? groups < 8 : groups == 8;
  }

  /** 1 for a hex group, 2 for a trailing embedded IPv4, -1 when invalid. */
  private static int groupWidth(String group, boolean mayBeIpv4) {
    if (HEX_GROUP.matcher(group).matches()) {
      return 1;
    }
    if (mayBeIpv4 && isIpv4(group)) {
      return 2;
    }
    return -1;
  }

  public static boolean isUnspecified(String s) {
    return "0.0.0.0".equals(s) || "::".equals(s);
  }

  /** A DNS name as Kuma's validator accepts it (and not an IP literal). */
  public static boolean isDnsName(String s) {
    if (s == null || s.isEmpty() || isIp(s)) {
      return false;
    }
    if (s.replace(".", "").length() > 255) {
      return false;
    }
    return DNS_NAME.matcher(s).matches();
  }

  /** Two addresses overlap when either is unspecified or both are the same literal. */
  static boolean overlap(String a, String b) {
    if (!isIp(a) || !isIp(b)) {
      return false;
    }
    return isUnspecified(a) || isUnspecified(b) || a.equals(b);
  }

  /**
   * Whether Go's {@code net.SplitHostPort} splits {@code s} into a non-empty host and port: {@code
   * host:port} or {@code [ipv6]:port}.
   */
  static boolean isHostPort(String s) {
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        return false;
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon < 0 || s.indexOf(':') != colon) {
        return false; // no port, or too many colons
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    return !host.isEmpty() && !port.isEmpty() && port.indexOf(']') < 0 && port.indexOf('[') < 0;
  }
}
