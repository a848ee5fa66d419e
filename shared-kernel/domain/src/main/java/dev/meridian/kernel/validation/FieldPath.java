package dev.meridian.kernel.validation;

/**
 * A field path rendered the way Kuma renders it: {@code
 * networking.inbound[0].tags["kuma.io/service"]}.
 */
public final class FieldPath {
  private static final FieldPath ROOT = new FieldPath("");
  private final String path;

  private FieldPath(String path) {
    this.path = path;
  }

  public static FieldPath root() {
    return ROOT;
  }

  public static FieldPath of(String field) {
    return ROOT.field(field);
  }

  public FieldPath field(String name) {
    return new FieldPath(path.isEmpty() ? name : path + "." + name);
  }

  public FieldPath index(int i) {
    return new FieldPath(path + "[" + i + "]");
  }

  public FieldPath key(String key) {
    return new FieldPath(path + "[" + goQuote(key) + "]");
  }

  /** The key quoted as Go's {@code %q} (strconv.Quote) does, which is how Kuma renders it. */
  static String goQuote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                  } else if (c != ' ' && !isGoPrintable(c)) {
                    out.append(
                        c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  /** Go's unicode.IsPrint: letters, marks, numbers, punctuation and symbols. */
  private static boolean isGoPrintable(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }

  @Override
  public String toString() {
    return path;
  }
}
