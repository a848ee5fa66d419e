package dev.meridian.kernel.validation;

import static dev.meridian.kernel.resource.DataplaneSpec.PROTOCOL_TAG;
import static dev.meridian.kernel.resource.DataplaneSpec.SERVICE_TAG;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.DataplaneSpec.Gateway;
import dev.meridian.kernel.resource.DataplaneSpec.Inbound;
import dev.meridian.kernel.resource.DataplaneSpec.InboundState;
import dev.meridian.kernel.resource.DataplaneSpec.MetricsBackend;
import dev.meridian.kernel.resource.DataplaneSpec.Networking;
import dev.meridian.kernel.resource.DataplaneSpec.Outbound;
import dev.meridian.kernel.resource.DataplaneSpec.ProbeEndpoint;
import dev.meridian.kernel.resource.DataplaneSpec.Probes;
import dev.meridian.kernel.resource.DataplaneSpec.ServiceProbe;
import dev.meridian.kernel.resource.DataplaneSpec.TransparentProxying;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Kuma's Dataplane rules (as of 2.4), with Kuma's field paths and wording, plus Meridian's own: two
 * inbounds may not listen on the same address and port, {@code state} must be a known value, and
 * the transparent proxy's redirect ports must be ports. Every violation is collected.
 */
public final class DataplaneValidator {

  private static final Pattern TAG_KEY = Pattern.compile("^[a-zA-Z0-9.\\-_:/]*$");
  private static final Pattern TAG_VALUE = Pattern.compile("^[a-zA-Z0-9.\\-_:]*$");
  private static final Pattern PROTO_DURATION = Pattern.compile("^-?[0-9]+(\\.[0-9]{1,9})?s$");
  private static final List<String> PROTOCOLS = List.of("grpc", "http", "http2", "kafka", "tcp");
  private static final String PORT_RANGE = "port must be in the range [1, 65535]";
  private static final String LOCALHOST = "127.0.0.1";

  private DataplaneValidator() {}

  public static List<Violation> validate(DataplaneSpec spec) {
    ValidationErrors errors = new ValidationErrors();
    Networking net = spec == null ? null : spec.networking();
    FieldPath root = FieldPath.of("networking");
    if (net == null) {
      return errors.add(root, "must be defined").violations();
    }
    validateAdmin(net, root.field("admin"), errors);
    Gateway gateway = net.gateway();
    if (gateway != null) {
      String type = gateway.type() == null ? "DELEGATED" : gateway.type();
      switch (type) {
        case "DELEGATED" -> {
          if (!net.inbounds().isEmpty()) {
            errors.add(root.field("inbound"), "inbound cannot be defined for delegated gateways");
          }
        }
        case "BUILTIN" -> {
          if (!net.inbounds().isEmpty()) {
            errors.add(root.field("inbound"), "inbound cannot be defined for builtin gateways");
          }
          if (!net.outbounds().isEmpty()) {
            errors.add(root.field("outbound"), "outbound cannot be defined for builtin gateways");
          }
          if (spec.probes() != null) {
            // Kuma reports it under networking, though probes sit beside it.
            errors.add(root.field("probes"), "probes cannot be defined for builtin gateways");
          }
        }
        default ->
            errors.add(root.field("gateway").field("type"), "must be one of DELEGATED, BUILTIN");
      }
      validateGateway(gateway, root.field("gateway"), errors);
    } else if (net.inbounds().isEmpty()) {
      errors.add(root, "has to contain at least one inbound interface or gateway");
    }
    validateNetworking(net, root, errors);
    validateTransparentProxying(
        net.transparentProxying(), root.field("transparentProxying"), errors);
    boolean builtinGateway = gateway != null && "BUILTIN".equals(gateway.type());
    if (!builtinGateway) {
      validateProbes(spec.probes(), errors);
    }
    // Kuma checks a dataplane's own metrics backend on plain dataplanes only, not on gateways.
    if (gateway == null && spec.metrics() != null) {
      validateMetrics(spec.metrics(), errors);
    }
    return errors.violations();
  }

  private static void validateProbes(Probes probes, ValidationErrors errors) {
    if (probes == null) {
      return;
    }
    FieldPath at = FieldPath.of("probes");
    if (!inPortRange(probes.port())) {
      errors.add(at.field("port"), PORT_RANGE);
    }
    List<ProbeEndpoint> endpoints = probes.endpointList();
    for (int i = 0; i < endpoints.size(); i++) {
      FieldPath endpointAt = at.field("endpoints").index(i);
      ProbeEndpoint endpoint = endpoints.get(i);
      if (endpoint == null) {
        errors.add(endpointAt, "must be defined");
        continue;
      }
      if (!inPortRange(endpoint.inboundPort())) {
        errors.add(endpointAt.field("inboundPort"), PORT_RANGE);
      }
      if (!UrlPaths.isRequestUri(endpoint.inboundPath())) {
        errors.add(endpointAt.field("inboundPath"), "should be a valid URL Path");
      }
      if (!UrlPaths.isRequestUri(endpoint.path())) {
        errors.add(endpointAt.field("path"), "should be a valid URL Path");
      }
    }
  }

  private static void validateMetrics(MetricsBackend metrics, ValidationErrors errors) {
    FieldPath at = FieldPath.of("metrics");
    if (!PrometheusConf.TYPE.equals(metrics.type())) {
      errors.add(at.field("type"), PrometheusConf.UNKNOWN_TYPE);
    } else {
      PrometheusConf.validate(metrics.conf(), at.field("conf"), errors);
    }
  }

  /**
   * Kuma takes the redirect ports as given (its schema bounds them by 65535); Meridian refuses what
   * cannot be a port, as it refuses every input it would have to guess about.
   */
  private static void validateTransparentProxying(
      TransparentProxying tp, FieldPath at, ValidationErrors errors) {
    if (tp == null) {
      return;
    }
    checkRedirectPort(tp.redirectPortInbound(), at.field("redirectPortInbound"), errors);
    checkRedirectPort(tp.redirectPortOutbound(), at.field("redirectPortOutbound"), errors);
    checkRedirectPort(tp.redirectPortInboundV6(), at.field("redirectPortInboundV6"), errors);
    checkServiceNames(tp.directAccessServices(), at.field("directAccessServices"), errors);
    checkServiceNames(tp.reachableServices(), at.field("reachableServices"), errors);
  }

  private static void checkRedirectPort(Integer port, FieldPath at, ValidationErrors errors) {
    if (port != null && (port < 0 || port > 65535)) {
      errors.add(at, "port must be in the range [0, 65535]");
    }
  }

  private static void checkServiceNames(List<String> names, FieldPath at, ValidationErrors errors) {
    if (names == null) {
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i) == null || names.get(i).isEmpty()) {
        errors.add(at.index(i), "must be a service name");
      }
    }
  }

  private static void validateNetworking(Networking net, FieldPath root, ValidationErrors errors) {
    String address = net.address();
    if (address == null || address.isEmpty()) {
      errors.add(root.field("address"), "address can't be empty");
    } else if (Addresses.isUnspecified(address)) {
      errors.add(root.field("address"), "must not be 0.0.0.0 or ::");
    } else if (!Addresses.isIp(address) && !Addresses.isDnsName(address)) {
      errors.add(root.field("address"), "address has to be valid IP address or domain name");
    }
    if (notEmpty(net.advertisedAddress())
        && !Addresses.isIp(net.advertisedAddress())
        && !Addresses.isDnsName(net.advertisedAddress())) {
      errors.add(
          root.field("advertisedAddress"), "address has to be valid IP address or domain name");
    }
    Map<String, Integer> firstInboundAt = new HashMap<>();
    List<Inbound> inbounds = net.inbounds();
    for (int i = 0; i < inbounds.size(); i++) {
      FieldPath at = root.field("inbound").index(i);
      Inbound inbound = inbounds.get(i);
      if (inbound == null) {
        errors.add(at, "must be defined");
        continue;
      }
      validateInbound(inbound, net.address(), at, errors);
      if (inbound.tags() == null || !inbound.tags().containsKey(SERVICE_TAG)) {
        errors.add(at.field("tags").key(SERVICE_TAG), "tag has to exist");
      }
      if (inbound.port() != null) {
        String listener = dataplaneIp(inbound, net) + ":" + inbound.port();
        Integer first = firstInboundAt.putIfAbsent(listener, i);
        if (first != null) {
          errors.add(
              at.field("port"),
              "port "
                  + inbound.port()
                  + " is already used by "
                  + root.field("inbound").index(first));
        }
      }
    }
    List<Outbound> outbounds = net.outbounds();
    for (int i = 0; i < outbounds.size(); i++) {
      FieldPath at = root.field("outbound").index(i);
      Outbound outbound = outbounds.get(i);
      if (outbound == null) {
        errors.add(at, "must be defined");
        continue;
      }
      validateOutbound(outbound, at, errors);
    }
  }

  private static void validateInbound(
      Inbound in, String dataplaneAddress, FieldPath at, ValidationErrors errors) {
    if (!inPortRange(in.port())) {
      errors.add(at.field("port"), PORT_RANGE);
    }
    if (in.servicePort() != null && in.servicePort() != 0 && !inPortRange(in.servicePort())) {
      errors.add(at.field("servicePort"), PORT_RANGE);
    }
    boolean samePort =
        in.servicePort() == null || in.servicePort() == 0 || in.servicePort().equals(in.port());
    if (notEmpty(in.serviceAddress())) {
      if (!Addresses.isIp(in.serviceAddress())) {
        errors.add(at.field("serviceAddress"), "serviceAddress has to be valid IP address");
      }
      if (in.serviceAddress().equals(dataplaneAddress) && samePort) {
        errors.add(
            at.field("serviceAddress"),
            "serviceAddress and servicePort has to differ from address and port");
      }
    }
    if (notEmpty(in.address())) {
      if (!Addresses.isIp(in.address())) {
        errors.add(at.field("address"), "address has to be valid IP address");
      }
      if (in.address().equals(in.serviceAddress()) && samePort) {
        errors.add(
            at.field("serviceAddress"),
            "serviceAddress and servicePort has to differ from address and port");
      }
    }
    FieldPath tags = at.field("tags");
    if (in.tags() != null && in.tags().containsKey(PROTOCOL_TAG)) {
      String protocol = in.tags().get(PROTOCOL_TAG);
      if (protocol == null || !PROTOCOLS.contains(protocol.toLowerCase(java.util.Locale.ROOT))) {
        errors.add(
            tags.key(PROTOCOL_TAG),
            "tag \""
                + PROTOCOL_TAG
                + "\" has an invalid value \""
                + (protocol == null ? "" : protocol)
                + "\". Allowed values: "
                + String.join(", ", PROTOCOLS));
      }
    }
    validateTags(in.tags(), tags, false, errors);
    if (in.serviceProbe() != null) {
      validateProbe(in.serviceProbe(), at.field("serviceProbe"), errors);
    }
    if (in.state() != null
        && Arrays.stream(InboundState.values()).noneMatch(s -> s.name().equals(in.state()))) {
      errors.add(
          at.field("state"),
          "must be one of "
              + Arrays.stream(InboundState.values())
                  .map(Enum::name)
                  .collect(Collectors.joining(", ")));
    }
  }

  private static void validateProbe(ServiceProbe probe, FieldPath at, ValidationErrors errors) {
    validateDuration(probe.interval(), at.field("interval"), errors);
    validateDuration(probe.timeout(), at.field("timeout"), errors);
    if (probe.unhealthyThreshold() != null && probe.unhealthyThreshold() <= 0) {
      errors.add(at.field("unhealthyThreshold"), "must have a positive value");
    }
    if (probe.healthyThreshold() != null && probe.healthyThreshold() <= 0) {
      errors.add(at.field("healthyThreshold"), "must have a positive value");
    }
  }

  private static void validateDuration(String value, FieldPath at, ValidationErrors errors) {
    if (value == null) {
      return;
    }
    if (!PROTO_DURATION.matcher(value).matches()) {
      errors.add(at, "must have a valid value");
    } else if (Double.parseDouble(value.substring(0, value.length() - 1)) <= 0) {
      errors.add(at, "must have a positive value");
    }
  }

  private static void validateOutbound(Outbound out, FieldPath at, ValidationErrors errors) {
    if (!inPortRange(out.port())) {
      errors.add(at.field("port"), PORT_RANGE);
    }
    if (notEmpty(out.address()) && !Addresses.isIp(out.address())) {
      errors.add(at.field("address"), "address has to be valid IP address");
    }
    if (out.tags() == null || out.tags().isEmpty()) {
      errors.add(at.field("tags"), "mandatory tag \"" + SERVICE_TAG + "\" is missing");
    } else {
      validateTags(out.tags(), at.field("tags"), true, errors);
    }
  }

  private static void validateGateway(Gateway gateway, FieldPath at, ValidationErrors errors) {
    FieldPath tags = at.field("tags");
    validateTags(gateway.tags(), tags, true, errors);
    if (gateway.tags() != null && gateway.tags().containsKey(PROTOCOL_TAG)) {
      String protocol = gateway.tags().get(PROTOCOL_TAG);
      if (!"tcp".equals(protocol)) {
        errors.add(
            tags.key(PROTOCOL_TAG),
            "other values than tcp are not allowed, provided value \"" + protocol + "\"");
      }
    }
  }

  private static void validateTags(
      Map<String, String> tags, FieldPath at, boolean requireService, ValidationErrors errors) {
    Map<String, String> sorted = tags == null ? Map.of() : new TreeMap<>(tags);
    for (Map.Entry<String, String> tag : sorted.entrySet()) {
      String key = tag.getKey();
      String value = tag.getValue() == null ? "" : tag.getValue();
      if (key.isEmpty()) {
        errors.add(at, "tag name must be non-empty");
      } else if (!TAG_KEY.matcher(key).matches()) {
        errors.add(
            at.key(key),
            "tag name must consist of alphanumeric characters, dots, dashes, slashes and"
                + " underscores");
      }
      if (value.isEmpty()) {
        errors.add(at.key(key), "tag value must be non-empty");
      } else if (!TAG_VALUE.matcher(value).matches()) {
        errors.add(
            at.key(key),
            "tag value must consist of alphanumeric characters, dots, dashes and underscores");
      }
    }
    if (requireService && !sorted.containsKey(SERVICE_TAG)) {
      errors.add(at, "mandatory tag \"" + SERVICE_TAG + "\" is missing");
    }
  }

  private static void validateAdmin(Networking net, FieldPath at, ValidationErrors errors) {
    if (net.admin() == null || net.admin().port() == null) {
      return;
    }
    int adminPort = net.admin().port();
    if (adminPort < 0 || adminPort > 65535) {
      errors.add(at.field("port"), PORT_RANGE);
      return;
    }
    boolean inboundClash =
        net.inbounds().stream()
            .filter(java.util.Objects::nonNull)
            .anyMatch(
                in -> {
                  String dpIp = dataplaneIp(in, net);
                  String workloadIp = notEmpty(in.serviceAddress()) ? in.serviceAddress() : dpIp;
                  Integer workloadPort =
                      in.servicePort() != null && in.servicePort() != 0
                          ? in.servicePort()
                          : in.port();
                  return (Integer.valueOf(adminPort).equals(in.port())
                          && Addresses.overlap(dpIp, LOCALHOST))
                      || (Integer.valueOf(adminPort).equals(workloadPort)
                          && Addresses.overlap(workloadIp, LOCALHOST));
                });
    if (inboundClash) {
      errors.add(at.field("port"), "must differ from inbound");
    }
    boolean outboundClash =
        net.outbounds().stream()
            .filter(java.util.Objects::nonNull)
            .anyMatch(
                out ->
                    Integer.valueOf(adminPort).equals(out.port())
                        && Addresses.overlap(
                            notEmpty(out.address()) ? out.address() : LOCALHOST, LOCALHOST));
    if (outboundClash) {
      errors.add(at.field("port"), "must differ from outbound");
    }
  }

  private static String dataplaneIp(Inbound in, Networking net) {
    return notEmpty(in.address()) ? in.address() : net.address();
  }

  private static boolean inPortRange(Integer port) {
    return port != null && port >= 1 && port <= 65535;
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
