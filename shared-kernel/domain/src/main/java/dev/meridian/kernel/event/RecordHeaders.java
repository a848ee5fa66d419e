package dev.meridian.kernel.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A record's few headers as an immutable map kept in arrays: built without hashing and looked up by
 * a short scan, which is cheaper than a hash map for the seven headers of an event and matters when
 * a rebuild reads every record of the log. A name given twice counts with its last value, as a
 * broker client's "last header" does.
 */
public final class RecordHeaders extends AbstractMap<String, byte[]> {
  /** The envelope's header names: a name equal to one of these is stored as this very string. */
  private static final String[] ENVELOPE_NAMES = {
    LogRecordCodec.EVENT_ID,
    LogRecordCodec.EVENT_TYPE,
    LogRecordCodec.REVISION,
    LogRecordCodec.ORIGIN,
    LogRecordCodec.SEQUENCE,
    LogRecordCodec.TIMESTAMP,
    LogRecordCodec.ACTOR,
    LogRecordCodec.ACTOR_GROUPS,
    LogRecordCodec.REASON
  };

  private final String[] names;
  private final byte[][] values;
  private final int size;

  private RecordHeaders(String[] names, byte[][] values, int size) {
    this.names = names;
    this.values = values;
    this.size = size;
  }

  /** One string per envelope header name, so looking one up is mostly an identity check. */
  private static String canonical(String name) {
    for (String known : ENVELOPE_NAMES) {
      if (known.length() == name.length() && known.equals(name)) {
        return known;
      }
    }
    return name;
  }

  private static boolean isEnvelopeName(Object name) {
    for (String known : ENVELOPE_NAMES) {
      if (known == name) {
        return true;
      }
    }
    return false;
  }

  /** Collects headers in the order a record carries them. */
  public static final class Builder {
    private String[] names;
    private byte[][] values;
    private int size;

    public Builder(int expected) {
      names = new String[Math.max(1, expected)];
      values = new byte[Math.max(1, expected)][];
    }

    /** Adds one header; one without a value is as good as absent and is left out. */
    public Builder add(String name, byte[] value) {
      if (name == null || value == null) {
        return this;
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      names[size] = canonical(name);
      values[size] = value;
      size++;
      return this;
    }

    public RecordHeaders build() {
      return new RecordHeaders(names, values, size);
    }
  }

  public static RecordHeaders copyOf(Map<String, byte[]> headers) {
    if (headers instanceof RecordHeaders own) {
      return own;
    }
    Builder builder = new Builder(headers.size());
    headers.forEach(builder::add);
    return builder.build();
  }

  @Override
  public byte[] get(Object name) {
    if (isEnvelopeName(name)) {
      // Stored names equal to it are this very string.
      for (int i = size - 1; i >= 0; i--) {
        if (names[i] == name) {
          return values[i];
        }
      }
      return null;
    }
    for (int i = size - 1; i >= 0; i--) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object name) {
    return get(name) != null;
  }

  @Override
  public Set<Entry<String, byte[]>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, byte[]>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          /** The next index whose name is not given again later (the last value counts). */
          private int advance(int from) {
            for (int i = from; i < size; i++) {
              if (lastIndexOf(names[i]) == i) {
                return i;
              }
            }
            return size;
          }

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, byte[]> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            Entry<String, byte[]> entry = new SimpleImmutableEntry<>(names[next], values[next]);
            next = advance(next + 1);
            return entry;
          }
        };
      }

      @Override
      public int size() {
        int distinct = 0;
        for (int i = 0; i < size; i++) {
          if (lastIndexOf(names[i]) == i) {
            distinct++;
          }
        }
        return distinct;
      }
    };
  }

  private int lastIndexOf(String name) {
    for (int i = size - 1; i >= 0; i--) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
