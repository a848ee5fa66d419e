package dev.meridian.kernel.api;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Kuma's list filters: {@code ?name=} keeps the resources whose name contains it; {@code
 * ?tag=key:value} (repeatable) the dataplanes one of whose inbounds (or whose gateway) has every
 * such tag with a value containing the given one, as Kuma's fuzzy tag match does, and the policies
 * whose labels do; {@code ?gateway=true|false|builtin|delegated} the dataplanes that are (or are
 * not) gateways. Other kinds have no tags: {@code tag} and {@code gateway} leave them be, as Kuma
 * ignores them there.
 */
public record ListFilter(String nameContains, Map<String, String> tags, String gateway)
    implements Predicate<Resource> {

  private static final List<String> GATEWAY_MODES =
      List.of("", "true", "false", "builtin", "delegated");

  public ListFilter {
    nameContains = nameContains == null ? "" : nameContains;
    tags = Map.copyOf(tags);
    gateway = gateway == null ? "" : gateway.toLowerCase(Locale.ROOT);
  }

  public static final ListFilter NONE = new ListFilter("", Map.of(), "");

  /**
   * The filter a request's parameters ask for. {@code tag} values without a colon are ignored, as
   * Kuma ignores them; the first colon splits key from value (values may hold colons). {@code path}
   * names the route in the error for an unknown gateway mode, as Kuma does.
   */
  public static ListFilter of(String name, String[] tagParams, String gateway, String path) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (tagParams != null) {
      for (String param : tagParams) {
        int colon = param.indexOf(':');
        if (colon >= 0) {
          tags.put(param.substring(0, colon), param.substring(colon + 1));
        }
      }
    }
    String mode = gateway == null ? "" : gateway.toLowerCase(Locale.ROOT);
    if (!GATEWAY_MODES.contains(mode)) {
      throw ApiFailure.invalid(
          "Could not retrieve resources",
          "Resource is not valid",
          List.of(
              new Violation(
                  path + ".gateway",
                  "shoud use `true`, `false`, 'builtin' or 'delegated' instead of " + mode)));
    }
    return new ListFilter(name, tags, mode);
  }

  public boolean isNone() {
    return nameContains.isEmpty() && tags.isEmpty() && gateway.isEmpty();
  }

  /** {@code all} without what this filter leaves out, in the same order. */
  public List<Resource> apply(List<Resource> all) {
    return isNone() ? all : all.stream().filter(this).toList();
  }

  @Override
  public boolean test(Resource resource) {
    if (!resource.key().name().contains(nameContains)) {
      return false;
    }
    if (resource.spec() instanceof DataplaneSpec dataplane) {
      return gatewayMatches(dataplane)
          && (tags.isEmpty() || tagSets(dataplane).stream().anyMatch(this::fuzzy));
    }
    if (resource.spec() instanceof PolicySpec policy) {
      return tags.isEmpty() || fuzzy(policy.labels() == null ? Map.of() : policy.labels());
    }
    return true;
  }

  private boolean gatewayMatches(DataplaneSpec dataplane) {
    DataplaneSpec.Gateway gw =
        dataplane.networking() == null ? null : dataplane.networking().gateway();
    String type = gw == null ? null : Objects.requireNonNullElse(gw.type(), "DELEGATED");
    return switch (gateway) {
      case "true" -> gw != null;
      case "false" -> gw == null;
      case "builtin" -> "BUILTIN".equals(type);
      case "delegated" -> "DELEGATED".equals(type);
      default -> true;
    };
  }

  private static List<Map<String, String>> tagSets(DataplaneSpec dataplane) {
    List<Map<String, String>> sets = new ArrayList<>();
    if (dataplane.networking() == null) {
      return sets;
    }
    dataplane.networking().inbounds().stream()
        .filter(Objects::nonNull)
        .forEach(in -> sets.add(in.tags() == null ? Map.of() : in.tags()));
    if (dataplane.networking().gateway() != null) {
      Map<String, String> gatewayTags = dataplane.networking().gateway().tags();
      sets.add(gatewayTags == null ? Map.of() : gatewayTags);
    }
    return sets;
  }

  /** Kuma's fuzzy match: every asked tag is there, its value containing the asked one. */
  private boolean fuzzy(Map<String, String> candidate) {
    return tags.entrySet().stream()
        .allMatch(
            t ->
                candidate.containsKey(t.getKey())
                    && candidate.get(t.getKey()).contains(t.getValue()));
  }
}
