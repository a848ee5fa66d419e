package dev.meridian.kernel.event;

import dev.meridian.kernel.event.DataplaneEvent.DataplaneDeregistered;
import dev.meridian.kernel.event.DataplaneEvent.DataplaneRegistered;
import dev.meridian.kernel.event.DataplaneEvent.DataplaneUpdated;
import dev.meridian.kernel.event.MeshEvent.MeshCreated;
import dev.meridian.kernel.event.MeshEvent.MeshDeleted;
import dev.meridian.kernel.event.MeshEvent.MeshUpdated;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of event types on the log. A type's name never changes once published; a change of
 * its shape bumps the revision and adds an {@link Upcaster} from the previous one.
 */
public final class EventTypes {

  private static final List<EventType> ALL =
      List.of(
          new EventType("MeshCreated", 1, MeshCreated.class),
          new EventType("MeshUpdated", 1, MeshUpdated.class),
          new EventType("MeshDeleted", 1, MeshDeleted.class),
          new EventType("DataplaneRegistered", 1, DataplaneRegistered.class),
          new EventType("DataplaneUpdated", 1, DataplaneUpdated.class),
          new EventType("DataplaneDeregistered", 1, DataplaneDeregistered.class),
          new EventType("ZoneIngressRegistered", 1, ZoneIngressEvent.ZoneIngressRegistered.class),
          new EventType("ZoneIngressUpdated", 1, ZoneIngressEvent.ZoneIngressUpdated.class),
          new EventType(
              "ZoneIngressDeregistered", 1, ZoneIngressEvent.ZoneIngressDeregistered.class),
          new EventType("PolicyCreated", 1, PolicyEvent.PolicyCreated.class),
          new EventType("PolicyUpdated", 1, PolicyEvent.PolicyUpdated.class),
          new EventType("PolicyDeleted", 1, PolicyEvent.PolicyDeleted.class),
          new EventType("UserTokenRevoked", 1, UserTokenRevocationEvent.UserTokenRevoked.class),
          new EventType(
              "UserTokenRevocationUpdated",
              1,
              UserTokenRevocationEvent.UserTokenRevocationUpdated.class),
          new EventType(
              "UserTokenRevocationLifted",
              1,
              UserTokenRevocationEvent.UserTokenRevocationLifted.class),
          new EventType("SecretCreated", 1, SecretEvent.SecretCreated.class),
          new EventType("SecretUpdated", 1, SecretEvent.SecretUpdated.class),
          new EventType("SecretDeleted", 1, SecretEvent.SecretDeleted.class),
          new EventType(
              "DataplaneTokenRevoked",
              1,
              DataplaneTokenRevocationEvent.DataplaneTokenRevoked.class),
          new EventType(
              "DataplaneTokenRevocationUpdated",
              1,
              DataplaneTokenRevocationEvent.DataplaneTokenRevocationUpdated.class),
          new EventType(
              "DataplaneTokenRevocationLifted",
              1,
              DataplaneTokenRevocationEvent.DataplaneTokenRevocationLifted.class),
          new EventType("AccessRoleCreated", 1, AccessRoleEvent.AccessRoleCreated.class),
          new EventType("AccessRoleUpdated", 1, AccessRoleEvent.AccessRoleUpdated.class),
          new EventType("AccessRoleDeleted", 1, AccessRoleEvent.AccessRoleDeleted.class),
          new EventType(
              "AccessRoleBindingCreated", 1, AccessRoleBindingEvent.AccessRoleBindingCreated.class),
          new EventType(
              "AccessRoleBindingUpdated", 1, AccessRoleBindingEvent.AccessRoleBindingUpdated.class),
          new EventType(
              "AccessRoleBindingDeleted", 1, AccessRoleBindingEvent.AccessRoleBindingDeleted.class),
          new EventType("ZoneCreated", 1, ZoneEvent.ZoneCreated.class),
          new EventType("ZoneUpdated", 1, ZoneEvent.ZoneUpdated.class),
          new EventType("ZoneDeleted", 1, ZoneEvent.ZoneDeleted.class));

  private static final Map<String, EventType> BY_NAME = new LinkedHashMap<>();
  private static final Map<Class<?>, EventType> BY_CLASS = new LinkedHashMap<>();

  static {
    for (EventType type : ALL) {
      BY_NAME.put(type.name(), type);
      BY_CLASS.put(type.javaType(), type);
    }
  }

  private EventTypes() {}

  public static List<EventType> all() {
    return ALL;
  }

  public static Optional<EventType> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Each type's name as UTF-8 bytes, indexed by the name's length: at most a few per length. */
  private static final List<List<Map.Entry<byte[], EventType>>> BY_NAME_LENGTH;

  static {
    List<List<Map.Entry<byte[], EventType>>> byLength = new java.util.ArrayList<>();
    for (EventType type : ALL) {
      byte[] name = type.name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      while (byLength.size() <= name.length) {
        byLength.add(new java.util.ArrayList<>());
      }
      byLength.get(name.length).add(Map.entry(name, type));
    }
    BY_NAME_LENGTH = byLength.stream().map(List::copyOf).toList();
  }

  /**
   * The type whose name these UTF-8 bytes spell, or null: how a catch-up reads the type header of
   * every record without making a string of it.
   */
  public static EventType byNameBytes(byte[] name) {
    if (name.length >= BY_NAME_LENGTH.size()) {
      return null;
    }
    for (Map.Entry<byte[], EventType> candidate : BY_NAME_LENGTH.get(name.length)) {
      if (java.util.Arrays.equals(candidate.getKey(), name)) {
        return candidate.getValue();
      }
    }
    return null;
  }

  public static EventType of(DomainEvent event) {
    EventType type = BY_CLASS.get(event.getClass());
    if (type == null) {
      throw new IllegalArgumentException("no event type registered for " + event.getClass());
    }
    return type;
  }
}
