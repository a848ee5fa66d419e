package dev.meridian.zone.xds;

import dev.meridian.kernel.auth.DataplaneTokens;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.runtime.security.AccessDenials;
import dev.meridian.runtime.security.DataplaneTokenService;
import dev.meridian.zone.config.ZoneProperties;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether a proxy may have the config of the dataplane it names: it must show a valid dataplane
 * token of that dataplane's mesh whose name and tags let it in. One check for {@code /bootstrap}
 * and for ADS; every refusal is counted and listed in the access audit.
 */
@Component
public class DataplaneAuthentication {
  private static final Logger log = LoggerFactory.getLogger(DataplaneAuthentication.class);
  private static final dev.meridian.runtime.security.RefusalLog refusals =
      new dev.meridian.runtime.security.RefusalLog(log);

  private final boolean required;
  private final DataplaneTokenService tokens;
  private final dev.meridian.runtime.security.ZoneTokenService zoneTokens;
  private final String zone;
  private final Projection projection;
  private final AccessDenials denials;

  public DataplaneAuthentication(
      ZoneProperties properties,
      DataplaneTokenService tokens,
      dev.meridian.runtime.security.ZoneTokenService zoneTokens,
      Projection projection,
      AccessDenials denials) {
    this.zoneTokens = zoneTokens;
    this.zone = properties.zone();
    this.required =
        properties.dataplaneServer().authentication()
            == ZoneProperties.DataplaneServer.Authentication.DATAPLANE_TOKEN;
    this.tokens = tokens;
    this.projection = projection;
    this.denials = denials;
    if (!required) {
      log.warn(
          "meridian.dataplane-server.authentication is none: any process that reaches the"
              + " dataplane server gets any proxy's config and, in an mTLS mesh, its identity");
    }
  }

  /**
   * A refusal: 401 when no valid token was shown, 403 when the token is valid but not for this
   * dataplane. {@code detail} is for the access audit; the proxy is told less.
   */
  public record Refusal(int status, String reason, String detail) {
    public String told() {
      return status == 401 ? "A valid dataplane token is required" : detail;
    }
  }

  public boolean required() {
    return required;
  }

  /**
   * Checks {@code authorization} (a bearer token, or the bare token as Kuma's agents send it) for
   * the dataplane {@code mesh}/{@code name}; empty when the proxy may go on.
   */
  public Optional<Refusal> check(String endpoint, String authorization, String mesh, String name) {
    if (!required) {
      return Optional.empty();
    }
    return recorded(endpoint, mesh, name, decide(authorization, mesh, name));
  }

  /**
   * Checks {@code authorization} for this zone's ZoneIngress {@code name}: a zone token of this
   * zone with the {@code ingress} scope (Kuma's), or nothing when authentication is off.
   */
  public Optional<Refusal> checkIngress(String endpoint, String authorization, String name) {
    if (!required) {
      return Optional.empty();
    }
    String token = bearer(authorization);
    Optional<Refusal> refusal;
    if (token.isEmpty()) {
      refusal = Optional.of(new Refusal(401, "unauthenticated", "no zone token"));
    } else if (zoneTokens.verify(token)
        instanceof dev.meridian.kernel.auth.ZoneTokens.Invalid invalid) {
      refusal = Optional.of(new Refusal(401, "invalid_token", invalid.reason()));
    } else {
      dev.meridian.kernel.auth.ZoneTokens.Valid valid =
          (dev.meridian.kernel.auth.ZoneTokens.Valid) zoneTokens.verify(token);
      refusal =
          valid.admits(zone, dev.meridian.kernel.auth.ZoneTokens.INGRESS)
              ? Optional.empty()
              : Optional.of(
                  new Refusal(
                      403,
                      "forbidden",
                      "the zone token is for zone "
                          + valid.zone()
                          + " and "
                          + valid.scope()
                          + ", not the ingress of zone "
                          + zone));
    }
    return recorded(endpoint, "", name, refusal);
  }

  private Optional<Refusal> recorded(
      String endpoint, String mesh, String name, Optional<Refusal> refusal) {
    refusal.ifPresent(
        r -> {
          denials.recordDataplane(
              endpoint,
              new AccessDenials.Denial(
                  Instant.now().toString(),
                  endpoint.equals("ads") ? "ADS" : "POST",
                  endpoint.equals("ads") ? "ads:" + mesh + "." + name : "/bootstrap",
                  mesh + "." + name,
                  r.reason(),
                  r.detail()));
          refusals.warn(
              "Refused dataplane {}.{} on {} ({}): {}",
              mesh,
              name,
              endpoint,
              r.reason(),
              r.detail());
        });
    return refusal;
  }

  private Optional<Refusal> decide(String authorization, String mesh, String name) {
    String token = bearer(authorization);
    if (token.isEmpty()) {
      return Optional.of(new Refusal(401, "unauthenticated", "no dataplane token"));
    }
    DataplaneTokens.Verification verification = tokens.verify(token);
    if (verification instanceof DataplaneTokens.Invalid invalid) {
      return Optional.of(new Refusal(401, "invalid_token", invalid.reason()));
    }
    DataplaneTokens.Valid valid = (DataplaneTokens.Valid) verification;
    ResourceKey key = ResourceKey.dataplane(mesh, name);
    Optional<Resource> dataplane = projection.get(key);
    if (dataplane.isEmpty()) {
      // Unregistered: only a token naming exactly this dataplane may wait for it to appear.
      boolean named = valid.identity().mesh().equals(mesh) && valid.identity().name().equals(name);
      return named
          ? Optional.empty()
          : Optional.of(
              new Refusal(
                  403, "forbidden", "dataplane " + mesh + "." + name + " is not registered"));
    }
    return valid
        .identity()
        .mismatch(key, (DataplaneSpec) dataplane.get().spec())
        .map(why -> new Refusal(403, "forbidden", why));
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      return "";
    }
    String value = authorization.trim();
    return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value;
  }
}
