package dev.meridian.kernel.validation;

/** URL checks worded and decided as Go's {@code net/url} decides them, which is what Kuma uses. */
final class UrlPaths {
  private UrlPaths() {}

  /**
   * Whether Go's {@code url.ParseRequestURI} accepts {@code value}: an absolute path, or an
   * absolute URI whose path is absolute ({@code *} too), no control characters, valid escapes.
   */
  static boolean isRequestUri(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return false;
    }
    if (value.equals("*")) {
      return true;
    }
    int schemeEnd = schemeEnd(value);
    if (schemeEnd == 0) {
      return false; // ":..." is Go's "missing protocol scheme"
    }
    String rest = schemeEnd > 0 ? value.substring(schemeEnd + 1) : value;
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    return rest.startsWith("/") && validEscapes(rest);
  }

  /** The index of the colon ending a scheme, 0 for a leading colon, -1 for no scheme. */
  private static int schemeEnd(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        continue;
      }
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          return -1;
        }
        continue;
      }
      return c == ':' ? i : -1;
    }
    return -1;
  }

  private static boolean validEscapes(String path) {
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '%') {
        if (i + 2 >= path.length() || !isHex(path.charAt(i + 1)) || !isHex(path.charAt(i + 2))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
