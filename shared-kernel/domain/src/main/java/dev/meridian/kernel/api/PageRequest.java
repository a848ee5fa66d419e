package dev.meridian.kernel.api;

import dev.meridian.kernel.validation.Violation;
import java.util.List;

/** Kuma's list paging: {@code offset} is an index into the sorted list, {@code size} its length. */
public record PageRequest(int offset, int size) {
  public static final int DEFAULT_SIZE = 100;
  public static final int MAX_SIZE = 1000;

  /** Thrown for a malformed {@code size} or {@code offset}. */
  public static final class InvalidPageException extends RuntimeException {
    private final String detail;
    private final Violation violation;

    InvalidPageException(String detail, Violation violation) {
      super(detail + ": " + violation);
      this.detail = detail;
      this.violation = violation;
    }

    public String detail() {
      return detail;
    }

    public Violation violation() {
      return violation;
    }
  }

  /** Parses the raw query values; {@code size=0} means "everything". */
  public static PageRequest parse(String rawOffset, String rawSize) {
    int size = DEFAULT_SIZE;
    if (rawSize != null && !rawSize.isEmpty()) {
      try {
        size = Integer.parseInt(rawSize);
      } catch (NumberFormatException e) {
        throw new InvalidPageException(
            "Invalid page size", new Violation("size", "Invalid format"));
      }
      if (size > MAX_SIZE) {
        throw new InvalidPageException(
            "Invalid page size",
            new Violation(
                "size", "Invalid page size of " + size + ". Maximum page size is " + MAX_SIZE));
      }
      if (size < 0) {
        throw new InvalidPageException(
            "Invalid page size", new Violation("size", "must not be negative"));
      }
    }
    int offset = 0;
    if (rawOffset != null && !rawOffset.isEmpty()) {
      try {
        offset = Integer.parseInt(rawOffset);
      } catch (NumberFormatException e) {
        throw new InvalidPageException("Invalid offset", new Violation("offset", "Invalid format"));
      }
      if (offset < 0) {
        throw new InvalidPageException(
            "Invalid offset", new Violation("offset", "must not be negative"));
      }
    }
    return new PageRequest(offset, size);
  }

  /** One page of {@code all}; {@code nextOffset} is null on the last page. */
  public <T> Page<T> slice(List<T> all) {
    if (size == 0) {
      return new Page<>(all.size(), all, null);
    }
    int from = Math.min(offset, all.size());
    int to = Math.min(from + size, all.size());
    Integer next = offset + size < all.size() ? offset + size : null;
    return new Page<>(all.size(), all.subList(from, to), next);
  }

  public record Page<T>(int total, List<T> items, Integer nextOffset) {}
}
