package dev.meridian.runtime.insight;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The settings a control plane runs with — Meridian's own ({@code meridian.*}) and the server, data
 * source, and logging ones it documents — each at its effective value (command line over
 * environment over {@code application.yml}), as a nested document. Anything that could be a
 * credential is shown as {@value #REDACTED}: a name saying password, secret, token, key, credential
 * or JAAS, or a value holding a JAAS login.
 */
final class EffectiveConfig {
  static final String REDACTED = "*****";

  private static final List<String> PREFIXES =
      List.of("meridian.", "server.", "spring.datasource.", "logging.", "management.");
  private static final Pattern SENSITIVE_NAME =
      Pattern.compile("password|passwd|secret|token|key|credential|jaas|private");

  private EffectiveConfig() {}

  static ObjectNode of(ConfigurableEnvironment environment) {
    TreeSet<String> names = new TreeSet<>();
    environment
        .getPropertySources()
        .forEach(
            source -> {
              if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                  if (PREFIXES.stream().anyMatch(name::startsWith)) {
                    names.add(name);
                  }
                }
              }
            });
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String name : names) {
      String value;
      try {
        value = environment.getProperty(name);
      } catch (IllegalArgumentException unresolvable) {
        value = null; // a placeholder without a value: nothing effective to show
      }
      if (value != null) {
        put(out, name, sensitive(name, value) ? REDACTED : value);
      }
    }
    return out;
  }

  static boolean sensitive(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (SENSITIVE_NAME.matcher(lower).find()
        && !lower.endsWith("-file")
        && !lower.endsWith("file")) {
      return true;
    }
    return value.contains("LoginModule");
  }

  /** {@code a.b.c=v} as {@code {a: {b: {c: v}}}}; a name that is also a prefix keeps its value. */
  private static void put(ObjectNode out, String name, String value) {
    String[] parts = name.split("\\.");
    ObjectNode node = out;
    for (int i = 0; i < parts.length - 1; i++) {
      var child = node.get(parts[i]);
      ObjectNode next;
      if (child instanceof ObjectNode object) {
        next = object;
      } else {
        next = JsonNodeFactory.instance.objectNode();
        if (child != null) {
          next.set("", child);
        }
        node.set(parts[i], next);
      }
      node = next;
    }
    String last = parts[parts.length - 1];
    if (node.get(last) instanceof ObjectNode existing) {
      existing.put("", value);
    } else {
      node.put(last, value);
    }
  }
}
