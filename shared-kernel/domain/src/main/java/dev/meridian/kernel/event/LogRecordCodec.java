package dev.meridian.kernel.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of the log: record key = aggregate id, value = canonical JSON of the event, and the
 * envelope in headers. Decoding upcasts older revisions to the current one.
 */
public final class LogRecordCodec {

  public static final String EVENT_ID = "meridian-event-id";
  public static final String EVENT_TYPE = "meridian-event-type";
  public static final String REVISION = "meridian-revision";
  public static final String ORIGIN = "meridian-origin";
  public static final String SEQUENCE = "meridian-sequence";
  public static final String TIMESTAMP = "meridian-timestamp";
  public static final String ACTOR = "meridian-actor";

  /**
   * The actor's groups as a JSON array of strings; absent when it has none, so records without it
   * (every record written before it existed) decode as they always did.
   */
  public static final String ACTOR_GROUPS = "meridian-actor-groups";

  /** Why the change was made, as its actor said (absent when no reason was given). */
  public static final String REASON = "meridian-change-reason";

  private final Map<String, Upcaster> upcasters = new HashMap<>();

  public LogRecordCodec() {
    this(List.of());
  }

  public LogRecordCodec(List<Upcaster> upcasters) {
    for (Upcaster upcaster : upcasters) {
      this.upcasters.put(upcaster.type() + "@" + upcaster.fromRevision(), upcaster);
    }
  }

  public LogRecord encode(EventEnvelope envelope) {
    EventType type = envelope.type();
    Map<String, byte[]> headers = new HashMap<>();
    headers.put(EVENT_ID, utf8(envelope.eventId()));
    headers.put(EVENT_TYPE, utf8(type.name()));
    headers.put(REVISION, utf8(Integer.toString(type.revision())));
    headers.put(ORIGIN, utf8(envelope.origin()));
    headers.put(SEQUENCE, utf8(Long.toString(envelope.sequence())));
    headers.put(TIMESTAMP, utf8(envelope.timestamp().toString()));
    headers.put(ACTOR, utf8(envelope.actor()));
    if (!envelope.actorGroups().isEmpty()) {
      headers.put(ACTOR_GROUPS, DomainJson.toBytes(envelope.actorGroups()));
    }
    if (!envelope.reason().isEmpty()) {
      headers.put(REASON, utf8(envelope.reason()));
    }
    return new LogRecord(envelope.aggregateId(), headers, DomainJson.toBytes(envelope.payload()));
  }

  /**
   * The record's event as far as its key and headers tell, without reading the payload; the record
   * remembers it, so it is read once however often it is asked for. Throws {@link
   * MalformedEventException} for what {@link #decode} would refuse on those alone.
   */
  public EventHead head(LogRecord record) {
    EventHead known = record.head;
    if (known != null) {
      return known;
    }
    EventHead head = readHead(record);
    record.head = head;
    return head;
  }

  private static EventHead readHead(LogRecord record) {
    // Read for every record of a catch-up: straight from the header bytes where that is exact,
    // through the same checks as decode() otherwise.
    byte[] typeName = record.headers().get(EVENT_TYPE);
    EventType type = typeName == null ? null : EventTypes.byNameBytes(typeName);
    byte[] revision = record.headers().get(REVISION);
    if (type == null
        || revision == null
        || revision.length != 1
        || revision[0] - '0' > type.revision()
        || revision[0] < '0') {
      type = knownType(record);
    }
    String origin = header(record, ORIGIN);
    if (record.key() == null) {
      throw new MalformedEventException("record has no key");
    }
    if (record.value() == null) {
      throw new MalformedEventException("record has no value");
    }
    try {
      return new EventHead(type, origin, record.key(), parseLong(record, SEQUENCE));
    } catch (NumberFormatException e) {
      throw new MalformedEventException("bad envelope header: " + e.getMessage(), e);
    }
  }

  /** A decimal header as a long without making a string of it, unless it is unusual. */
  private static long parseLong(LogRecord record, String name) {
    byte[] raw = record.headers().get(name);
    if (raw != null && raw.length > 0 && raw.length < 19) {
      long value = 0;
      for (byte b : raw) {
        if (b < '0' || b > '9') {
          return Long.parseLong(header(record, name));
        }
        value = value * 10 + (b - '0');
      }
      return value;
    }
    return Long.parseLong(header(record, name));
  }

  /** The time the record's event happened, from its header alone. */
  public Instant time(LogRecord record) {
    try {
      return Timestamps.parse(header(record, TIMESTAMP));
    } catch (DateTimeParseException e) {
      throw new MalformedEventException("bad envelope header: " + e.getMessage(), e);
    }
  }

  private static EventType knownType(LogRecord record) {
    String typeName = header(record, EVENT_TYPE);
    EventType type =
        EventTypes.byName(typeName)
            .orElseThrow(() -> new MalformedEventException("unknown event type " + typeName));
    int revision = parseInt(header(record, REVISION), REVISION);
    if (revision > type.revision()) {
      throw new MalformedEventException(
          typeName
              + " revision "
              + revision
              + " is newer than this build understands ("
              + type.revision()
              + "); upgrade this control plane");
    }
    return type;
  }

  public EventEnvelope decode(LogRecord record) {
    EventType type = knownType(record);
    String typeName = type.name();
    int revision = parseInt(header(record, REVISION), REVISION);
    if (record.value() == null) {
      throw new MalformedEventException("record has no value");
    }
    DomainEvent payload;
    try {
      if (revision == type.revision() && startsAnObject(record.value())) {
        // The common case, and the one a rebuild spends its time in: bind the bytes directly.
        payload = READERS.get(type.javaType()).readValue(record.value());
      } else {
        payload = upcast(typeName, revision, type, record.value());
      }
    } catch (IOException e) {
      throw new MalformedEventException(
          "unreadable " + typeName + " payload: " + e.getMessage(), e);
    }
    requireAllFields(typeName, payload);
    try {
      return new EventEnvelope(
          header(record, EVENT_ID),
          header(record, ORIGIN),
          record.key(),
          Long.parseLong(header(record, SEQUENCE)),
          Timestamps.parse(header(record, TIMESTAMP)),
          optionalHeader(record, ACTOR),
          actorGroups(record),
          payload,
          optionalHeader(record, REASON));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new MalformedEventException("bad envelope header: " + e.getMessage(), e);
    } catch (NullPointerException e) {
      throw new MalformedEventException("record has no key", e);
    }
  }

  private static List<String> actorGroups(LogRecord record) {
    byte[] raw = record.headers().get(ACTOR_GROUPS);
    if (raw == null) {
      return List.of();
    }
    try {
      JsonNode groups = DomainJson.canonical().readTree(raw);
      if (groups == null || !groups.isArray()) {
        throw new MalformedEventException("header " + ACTOR_GROUPS + " is not a JSON array");
      }
      java.util.ArrayList<String> out = new java.util.ArrayList<>();
      for (JsonNode group : groups) {
        if (!group.isTextual()) {
          throw new MalformedEventException("header " + ACTOR_GROUPS + " holds a non-string");
        }
        out.add(group.asText());
      }
      return out;
    } catch (IOException e) {
      throw new MalformedEventException("header " + ACTOR_GROUPS + " is not JSON", e);
    }
  }

  private DomainEvent upcast(String typeName, int revision, EventType type, byte[] value)
      throws IOException {
    JsonNode tree = DomainJson.canonical().readTree(value);
    if (!(tree instanceof ObjectNode node)) {
      throw new MalformedEventException("event payload is not a JSON object");
    }
    for (int r = revision; r < type.revision(); r++) {
      Upcaster upcaster = upcasters.get(typeName + "@" + r);
      if (upcaster == null) {
        throw new MalformedEventException("no upcaster for " + typeName + " revision " + r);
      }
      node = upcaster.upcast(node);
    }
    return DomainJson.canonical().treeToValue(node, type.javaType());
  }

  private static boolean startsAnObject(byte[] value) {
    for (byte b : value) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '{';
      }
    }
    return false;
  }

  /** One reader per event class: building one per record is a large part of decoding. */
  private static final ClassValue<ObjectReader> READERS =
      new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
          return DomainJson.canonical().readerFor(type);
        }
      };

  /** Each event class's record components, looked up once. */
  private static final ClassValue<RecordComponent[]> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          for (RecordComponent component : components) {
            component.getAccessor().setAccessible(true);
          }
          return components;
        }
      };

  /** Every field of an event is required: a payload without one is not an event. */
  private static void requireAllFields(String typeName, DomainEvent payload) {
    for (RecordComponent component : COMPONENTS.get(payload.getClass())) {
      Object value;
      try {
        value = component.getAccessor().invoke(payload);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (value == null) {
        throw new MalformedEventException(typeName + " payload has no " + component.getName());
      }
    }
  }

  private static String header(LogRecord record, String name) {
    String value = optionalHeader(record, name);
    if (value == null) {
      throw new MalformedEventException("missing header " + name);
    }
    return value;
  }

  private static String optionalHeader(LogRecord record, String name) {
    byte[] raw = record.headers().get(name);
    return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
  }

  private static int parseInt(String value, String header) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new MalformedEventException("header " + header + " is not a number: " + value);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
