package dev.meridian.kernel.validation;

import java.util.regex.Pattern;

/**
 * Strict address checks. Never resolves anything: {@code InetAddress} would look up host names and
 * accept forms like {@code 10.1} that no proxy config should carry.
 */
public final class Addresses {

  private static final Pattern IPV4_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$");

  private Addresses() {}

  public static boolean isIp(String s) {
    return isIpv4(s) || isIpv6(s);
  }

  public static boolean isIpv4(String s) {
    if (s == null) {
      return false;
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (!IPV4_OCTET.matcher(part).matches() || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
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
}
