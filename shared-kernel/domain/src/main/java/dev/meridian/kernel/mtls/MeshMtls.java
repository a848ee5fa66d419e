package dev.meridian.kernel.mtls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.policy.GoDuration;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.validation.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mesh's {@code mtls} section as Kuma defines it: CA backends ({@code builtin}: the control plane
 * generates the mesh CA; {@code provided}: the user's CA certificate and key, as Secrets of the
 * mesh), one of them enabled, each with the mode its proxies serve in ({@code STRICT}: mutual TLS
 * only; {@code PERMISSIVE}: plaintext too, while a mesh moves to mTLS) and the lifetime of the
 * identity certificates it issues.
 */
public record MeshMtls(String enabledBackend, List<Backend> backends) {
  public static final String BUILTIN = "builtin";
  public static final String PROVIDED = "provided";

  /** Kuma's default lifetime of a proxy's identity certificate. */
  public static final Duration DEFAULT_DP_CERT_VALIDITY = Duration.ofHours(24);

  public enum Mode {
    STRICT,
    PERMISSIVE
  }

  /**
   * One CA backend. {@code certSecret}/{@code keySecret} name the mesh's Secrets holding a provided
   * CA (null for builtin).
   */
  public record Backend(
      String name,
      String type,
      Mode mode,
      Duration dpCertValidity,
      String certSecret,
      String keySecret) {}

  public MeshMtls {
    enabledBackend = enabledBackend == null ? "" : enabledBackend;
    backends = backends == null ? List.of() : List.copyOf(backends);
  }

  /**
   * Whether proxies of the mesh get identities and talk mutual TLS: a backend is enabled (as Kuma
   * decides it; validation makes sure the name is one of the backends).
   */
  public boolean enabled() {
    return !enabledBackend.isEmpty();
  }

  /** The backend proxies get their identity from, when mTLS is on. */
  public Optional<Backend> activeBackend() {
    return backends.stream().filter(b -> b.name().equals(enabledBackend)).findFirst();
  }

  /**
   * The mTLS section of {@code mesh}, read as validated (lenient about what validation refuses).
   */
  public static MeshMtls of(MeshSpec mesh) {
    JsonNode mtls = mesh == null ? null : mesh.mtls();
    if (mtls == null || !mtls.isObject()) {
      return new MeshMtls("", List.of());
    }
    List<Backend> backends = new ArrayList<>();
    mtls.path("backends")
        .forEach(
            b ->
                backends.add(
                    new Backend(
                        b.path("name").asText(""),
                        b.path("type").asText(""),
                        mode(b.path("mode").asText("")).orElse(Mode.STRICT),
                        duration(b.at("/dpCert/rotation/expiration").asText(""))
                            .orElse(DEFAULT_DP_CERT_VALIDITY),
                        textOrNull(b.at("/conf/cert/secret")),
                        textOrNull(b.at("/conf/key/secret")))));
    return new MeshMtls(mtls.path("enabledBackend").asText(""), backends);
  }

  /**
   * What is wrong with a Mesh's {@code mtls} section, field paths rooted at {@code mtls} as Kuma
   * reports them; empty when it is valid or absent.
   */
  public static List<Violation> validate(JsonNode mtls) {
    List<Violation> out = new ArrayList<>();
    if (mtls == null || mtls.isNull()) {
      return out;
    }
    if (!mtls.isObject()) {
      out.add(new Violation("mtls", "must be an object"));
      return out;
    }
    Set<String> known = Set.of("enabledBackend", "backends", "skipValidation");
    mtls.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                out.add(new Violation("mtls." + f, "unknown field"));
              }
            });
    JsonNode backends = mtls.path("backends");
    if (!backends.isMissingNode() && !backends.isArray()) {
      out.add(new Violation("mtls.backends", "must be a list"));
      return out;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < backends.size(); i++) {
      validateBackend(backends.get(i), "mtls.backends[" + i + "]", names, out);
    }
    String enabled = mtls.path("enabledBackend").asText("");
    if (!enabled.isEmpty() && !names.contains(enabled)) {
      out.add(
          new Violation("mtls.enabledBackend", "has to be set to one of the backends in the mesh"));
    }
    return out;
  }

  private static void validateBackend(
      JsonNode backend, String at, Set<String> names, List<Violation> out) {
    String name = backend.path("name").asText("");
    if (name.isEmpty()) {
      out.add(new Violation(at + ".name", "cannot be empty"));
    } else if (!names.add(name)) {
      out.add(
          new Violation(at + ".name", "\"" + name + "\" name is already used for another backend"));
    }
    String type = backend.path("type").asText("");
    if (!type.equals(BUILTIN) && !type.equals(PROVIDED)) {
      out.add(
          new Violation(
              at + ".type", "unknown backend type. Available backends: \"builtin\", \"provided\""));
    }
    String mode = backend.path("mode").asText("");
    if (!mode.isEmpty() && mode(mode).isEmpty()) {
      out.add(new Violation(at + ".mode", "must be STRICT or PERMISSIVE"));
    }
    JsonNode expiration = backend.at("/dpCert/rotation/expiration");
    if (!expiration.isMissingNode()
        && duration(expiration.asText("")).filter(d -> !d.isZero()).isEmpty()) {
      out.add(new Violation(at + ".dpCert.rotation.expiration", "has to be a valid format"));
    }
    if (type.equals(PROVIDED)) {
      for (String part : List.of("cert", "key")) {
        if (textOrNull(backend.at("/conf/" + part + "/secret")) == null) {
          out.add(
              new Violation(
                  at + ".conf." + part + ".secret",
                  "cannot be empty: name the mesh's Secret holding the CA " + part));
        }
      }
    }
    if (type.equals(BUILTIN)) {
      JsonNode caExpiration = backend.at("/conf/caCert/expiration");
      if (!caExpiration.isMissingNode()
          && duration(caExpiration.asText("")).filter(d -> !d.isZero()).isEmpty()) {
        out.add(new Violation(at + ".conf.caCert.expiration", "has to be a valid format"));
      }
      JsonNode bits = backend.at("/conf/caCert/RSAbits");
      if (!bits.isMissingNode() && (!bits.canConvertToInt() || bits.asInt() < 2048)) {
        out.add(new Violation(at + ".conf.caCert.RSAbits", "must be at least 2048"));
      }
    }
  }

  private static Optional<Mode> mode(String text) {
    try {
      return text.isEmpty()
          ? Optional.empty()
          : Optional.of(Mode.valueOf(text.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static final Pattern DAYS = Pattern.compile("^(\\d{1,5})d(.*)$");
  private static final Pattern YEARS_OR_WEEKS = Pattern.compile("^(\\d{1,4})([yw])$");

  /**
   * Kuma's durations: Go's, plus whole days, and Kuma's whole years (365 days) or weeks ({@code
   * 10y}, {@code 2w}), as its documented CA settings use them.
   */
  static Optional<Duration> duration(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher yearsOrWeeks = YEARS_OR_WEEKS.matcher(text);
    if (yearsOrWeeks.matches()) {
      long n = Long.parseLong(yearsOrWeeks.group(1));
      return Optional.of(Duration.ofDays(yearsOrWeeks.group(2).equals("y") ? n * 365 : n * 7));
    }
    Matcher days = DAYS.matcher(text);
    Duration extra = Duration.ZERO;
    String rest = text;
    if (days.matches()) {
      extra = Duration.ofDays(Long.parseLong(days.group(1)));
      rest = days.group(2);
      if (rest.isEmpty()) {
        return Optional.of(extra);
      }
    }
    Duration base = extra;
    return GoDuration.parseNanos(rest).map(n -> base.plusNanos(n));
  }

  private static String textOrNull(JsonNode node) {
    return node == null || !node.isTextual() || node.asText().isEmpty() ? null : node.asText();
  }
}
