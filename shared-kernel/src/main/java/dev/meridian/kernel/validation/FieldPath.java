package dev.meridian.kernel.validation;

/**
 * A field path rendered the way Kuma renders it: {@code networking.inbound[0].tags["kuma.io/service"]}.
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
    return new FieldPath(path + "[\"" + key + "\"]");
  }

  @Override
  public String toString() {
    return path;
  }
}
