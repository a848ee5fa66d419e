package dev.meridian.kernel.validation;

import static dev.meridian.kernel.resource.DataplaneBuilder.bare;
import static dev.meridian.kernel.resource.DataplaneBuilder.dataplane;
import static dev.meridian.kernel.resource.DataplaneBuilder.service;
import static dev.meridian.kernel.resource.DataplaneBuilder.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.DataplaneBuilder;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.DataplaneSpec.Networking;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataplaneValidatorTest {

  private static final String PORT_RANGE = "port must be in the range [1, 65535]";
  private static final String NOT_IP_OR_DNS = "address has to be valid IP address or domain name";
  private static final String SERVICE_ADDRESS_CLASH =
      "serviceAddress and servicePort has to differ from address and port";
  private static final String SERVICE_MISSING = "mandatory tag \"kuma.io/service\" is missing";
  private static final String PROTOCOL_HINT = "Allowed values: grpc, http, http2, kafka, tcp";
  private static final String IN0 = "networking.inbound[0]";

  private static List<Violation> validate(DataplaneBuilder builder) {
    return DataplaneValidator.validate(builder.build());
  }

  private static Violation v(String field, String reason) {
    return new Violation(field, reason);
  }

  @Test
  void acceptsTheBaselineDataplaneUsedByEveryOtherCase() {
    assertThat(validate(dataplane())).isEmpty();
  }

  @Test
  void acceptsAFullyPopulatedDataplane() {
    DataplaneBuilder full =
        dataplane()
            .advertisedAddress("203.0.113.7")
            .editInbound(
                0,
                in ->
                    in.servicePort(80)
                        .serviceAddress("127.0.0.1")
                        .address("192.168.0.2")
                        .tag("kuma.io/protocol", "http")
                        .tag("kuma.io/zone", "zone-1")
                        .tag("version", "v1.2_rc-3:x")
                        .probe("10s", "2.5s", 3, 1)
                        .state("Ready")
                        .health(true))
            .outbound(33033, null, service("redis"))
            .outbound(33034, "10.0.0.9", tags("kuma.io/service", "db", "team", "a.b"))
            .admin(9901);
    assertThat(validate(full)).isEmpty();
  }

  /**
   * Each case breaks exactly one thing of a valid dataplane and must yield exactly one violation.
   */
  static Stream<Arguments> singleViolations() {
    return Stream.of(
        // networking.address
        Arguments.of(
            "empty address",
            dataplane().address(""),
            "networking.address",
            "address can't be empty"),
        Arguments.of(
            "null address",
            dataplane().address(null),
            "networking.address",
            "address can't be empty"),
        Arguments.of(
            "address 0.0.0.0",
            dataplane().address("0.0.0.0"),
            "networking.address",
            "must not be 0.0.0.0 or ::"),
        Arguments.of(
            "address ::",
            dataplane().address("::"),
            "networking.address",
            "must not be 0.0.0.0 or ::"),
        Arguments.of(
            "address with spaces",
            dataplane().address("not an address"),
            "networking.address",
            NOT_IP_OR_DNS),
        Arguments.of(
            "address with port",
            dataplane().address("10.0.0.1:80"),
            "networking.address",
            NOT_IP_OR_DNS),
        Arguments.of(
            "address with IPv6 zone",
            dataplane().address("fe80::1%eth0"),
            "networking.address",
            NOT_IP_OR_DNS),
        // networking.advertisedAddress (Meridian checks it like address)
        Arguments.of(
            "advertisedAddress invalid",
            dataplane().advertisedAddress("bad address!"),
            "networking.advertisedAddress",
            NOT_IP_OR_DNS),
        // inbound ports
        Arguments.of(
            "inbound port 0",
            dataplane().editInbound(0, in -> in.port(0)),
            IN0 + ".port",
            PORT_RANGE),
        Arguments.of(
            "inbound port 65536",
            dataplane().editInbound(0, in -> in.port(65536)),
            IN0 + ".port",
            PORT_RANGE),
        Arguments.of(
            "inbound port missing",
            dataplane().editInbound(0, in -> in.port(null)),
            IN0 + ".port",
            PORT_RANGE),
        Arguments.of(
            "inbound port negative",
            dataplane().editInbound(0, in -> in.port(-1)),
            IN0 + ".port",
            PORT_RANGE),
        Arguments.of(
            "servicePort 65536",
            dataplane().editInbound(0, in -> in.servicePort(65536)),
            IN0 + ".servicePort",
            PORT_RANGE),
        // serviceAddress
        Arguments.of(
            "serviceAddress is a host name",
            dataplane().editInbound(0, in -> in.serviceAddress("localhost")),
            IN0 + ".serviceAddress",
            "serviceAddress has to be valid IP address"),
        Arguments.of(
            "serviceAddress equals address, no servicePort",
            dataplane().editInbound(0, in -> in.serviceAddress(DataplaneBuilder.ADDRESS)),
            IN0 + ".serviceAddress",
            SERVICE_ADDRESS_CLASH),
        Arguments.of(
            "serviceAddress equals address, servicePort 0",
            dataplane()
                .editInbound(0, in -> in.serviceAddress(DataplaneBuilder.ADDRESS).servicePort(0)),
            IN0 + ".serviceAddress",
            SERVICE_ADDRESS_CLASH),
        Arguments.of(
            "serviceAddress equals address, servicePort equals port",
            dataplane()
                .editInbound(
                    0, in -> in.serviceAddress(DataplaneBuilder.ADDRESS).servicePort(8080)),
            IN0 + ".serviceAddress",
            SERVICE_ADDRESS_CLASH),
        Arguments.of(
            "serviceAddress equals inbound address",
            dataplane().editInbound(0, in -> in.address("10.0.0.5").serviceAddress("10.0.0.5")),
            IN0 + ".serviceAddress",
            SERVICE_ADDRESS_CLASH),
        // inbound address
        Arguments.of(
            "inbound address is a host name",
            dataplane().editInbound(0, in -> in.address("my-host.local")),
            IN0 + ".address",
            "address has to be valid IP address"),
        // protocol
        Arguments.of(
            "protocol invalid",
            dataplane().editInbound(0, in -> in.tag("kuma.io/protocol", "mongo")),
            IN0 + ".tags[\"kuma.io/protocol\"]",
            "tag \"kuma.io/protocol\" has an invalid value \"mongo\". " + PROTOCOL_HINT),
        // tags
        Arguments.of(
            "tag key with a space",
            dataplane().editInbound(0, in -> in.tag("bad key", "v")),
            IN0 + ".tags[\"bad key\"]",
            "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores"),
        Arguments.of(
            "tag key with '!'",
            dataplane().editInbound(0, in -> in.tag("team!", "v")),
            IN0 + ".tags[\"team!\"]",
            "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores"),
        Arguments.of(
            "empty tag key",
            dataplane().editInbound(0, in -> in.tag("", "v")),
            IN0 + ".tags",
            "tag name must be non-empty"),
        Arguments.of(
            "empty tag value",
            dataplane().editInbound(0, in -> in.tag("version", "")),
            IN0 + ".tags[\"version\"]",
            "tag value must be non-empty"),
        Arguments.of(
            "null tag value",
            dataplane().editInbound(0, in -> in.tag("version", null)),
            IN0 + ".tags[\"version\"]",
            "tag value must be non-empty"),
        Arguments.of(
            "tag value with '/'",
            dataplane().editInbound(0, in -> in.tag("kuma.io/service", "web/v1")),
            IN0 + ".tags[\"kuma.io/service\"]",
            "tag value must consist of alphanumeric characters, dots, dashes and underscores"),
        Arguments.of(
            "tag value with a space",
            dataplane().editInbound(0, in -> in.tag("version", "v 1")),
            IN0 + ".tags[\"version\"]",
            "tag value must consist of alphanumeric characters, dots, dashes and underscores"),
        Arguments.of(
            "no kuma.io/service tag",
            dataplane().editInbound(0, in -> in.withoutTag("kuma.io/service").tag("version", "v1")),
            IN0 + ".tags[\"kuma.io/service\"]",
            "tag has to exist"),
        Arguments.of(
            "no tags at all",
            dataplane().editInbound(0, in -> in.tags(null)),
            IN0 + ".tags[\"kuma.io/service\"]",
            "tag has to exist"),
        // serviceProbe
        Arguments.of(
            "probe interval without unit",
            dataplane().editInbound(0, in -> in.probe("5", null, null, null)),
            IN0 + ".serviceProbe.interval",
            "must have a valid value"),
        Arguments.of(
            "probe interval in minutes",
            dataplane().editInbound(0, in -> in.probe("1m", null, null, null)),
            IN0 + ".serviceProbe.interval",
            "must have a valid value"),
        Arguments.of(
            "probe interval zero",
            dataplane().editInbound(0, in -> in.probe("0s", null, null, null)),
            IN0 + ".serviceProbe.interval",
            "must have a positive value"),
        Arguments.of(
            "probe timeout invalid",
            dataplane().editInbound(0, in -> in.probe(null, "abc", null, null)),
            IN0 + ".serviceProbe.timeout",
            "must have a valid value"),
        Arguments.of(
            "probe timeout zero",
            dataplane().editInbound(0, in -> in.probe(null, "0.000s", null, null)),
            IN0 + ".serviceProbe.timeout",
            "must have a positive value"),
        Arguments.of(
            "unhealthyThreshold 0",
            dataplane().editInbound(0, in -> in.probe(null, null, 0, null)),
            IN0 + ".serviceProbe.unhealthyThreshold",
            "must have a positive value"),
        Arguments.of(
            "healthyThreshold 0",
            dataplane().editInbound(0, in -> in.probe(null, null, null, 0)),
            IN0 + ".serviceProbe.healthyThreshold",
            "must have a positive value"),
        // state
        Arguments.of(
            "state unknown",
            dataplane().editInbound(0, in -> in.state("Broken")),
            IN0 + ".state",
            "must be one of Ready, NotReady, Ignored"),
        Arguments.of(
            "state in the wrong case",
            dataplane().editInbound(0, in -> in.state("ready")),
            IN0 + ".state",
            "must be one of Ready, NotReady, Ignored"),
        // duplicate listeners
        Arguments.of(
            "second inbound on the same port",
            dataplane().inbound(in -> in.tag("kuma.io/service", "other")),
            "networking.inbound[1].port",
            "port 8080 is already used by networking.inbound[0]"),
        Arguments.of(
            "explicit inbound address equal to the dataplane address",
            dataplane().inbound(in -> in.address(DataplaneBuilder.ADDRESS)),
            "networking.inbound[1].port",
            "port 8080 is already used by networking.inbound[0]"),
        Arguments.of(
            "third inbound repeats the first",
            dataplane().inbound(in -> in.port(8081)).inbound(in -> {}),
            "networking.inbound[2].port",
            "port 8080 is already used by networking.inbound[0]"),
        // a null inbound element
        Arguments.of(
            "null inbound element",
            dataplane().nullInbound(),
            "networking.inbound[1]",
            "must be defined"),
        // outbounds
        Arguments.of(
            "outbound port 0",
            dataplane().outbound(0, null, service("redis")),
            "networking.outbound[0].port",
            PORT_RANGE),
        Arguments.of(
            "outbound port 65536",
            dataplane().outbound(65536, null, service("redis")),
            "networking.outbound[0].port",
            PORT_RANGE),
        Arguments.of(
            "outbound port missing",
            dataplane().outbound(null, null, service("redis")),
            "networking.outbound[0].port",
            PORT_RANGE),
        Arguments.of(
            "outbound address is a host name",
            dataplane().outbound(10001, "redis.local", service("redis")),
            "networking.outbound[0].address",
            "address has to be valid IP address"),
        Arguments.of(
            "outbound without tags",
            dataplane().outbound(10001, null, null),
            "networking.outbound[0].tags",
            SERVICE_MISSING),
        Arguments.of(
            "outbound with empty tags",
            dataplane().outbound(10001, null, tags()),
            "networking.outbound[0].tags",
            SERVICE_MISSING),
        Arguments.of(
            "outbound tags without service",
            dataplane().outbound(10001, null, tags("version", "v1")),
            "networking.outbound[0].tags",
            SERVICE_MISSING),
        Arguments.of(
            "outbound service with '/'",
            dataplane().outbound(10001, null, service("a/b")),
            "networking.outbound[0].tags[\"kuma.io/service\"]",
            "tag value must consist of alphanumeric characters, dots, dashes and underscores"),
        Arguments.of(
            "null outbound element",
            dataplane().outbound(null),
            "networking.outbound[0]",
            "must be defined"),
        // gateways
        Arguments.of(
            "delegated gateway (no type) with inbounds",
            dataplane().gateway(null, service("edge")),
            "networking.inbound",
            "inbound cannot be defined for delegated gateways"),
        Arguments.of(
            "delegated gateway with inbounds",
            dataplane().gateway("DELEGATED", service("edge")),
            "networking.inbound",
            "inbound cannot be defined for delegated gateways"),
        Arguments.of(
            "builtin gateway with inbounds",
            dataplane().gateway("BUILTIN", service("edge")),
            "networking.inbound",
            "inbound cannot be defined for builtin gateways"),
        Arguments.of(
            "builtin gateway with outbounds",
            bare().gateway("BUILTIN", service("edge")).outbound(10001, null, service("redis")),
            "networking.outbound",
            "outbound cannot be defined for builtin gateways"),
        Arguments.of(
            "gateway without service tag",
            bare().gateway("DELEGATED", tags("version", "v1")),
            "networking.gateway.tags",
            SERVICE_MISSING),
        Arguments.of(
            "gateway without tags",
            bare().gateway("BUILTIN", null),
            "networking.gateway.tags",
            SERVICE_MISSING),
        Arguments.of(
            "gateway protocol http",
            bare().gateway("BUILTIN", tags("kuma.io/service", "edge", "kuma.io/protocol", "http")),
            "networking.gateway.tags[\"kuma.io/protocol\"]",
            "other values than tcp are not allowed, provided value \"http\""),
        Arguments.of(
            "gateway protocol TCP (exact match only)",
            bare().gateway("DELEGATED", tags("kuma.io/service", "edge", "kuma.io/protocol", "TCP")),
            "networking.gateway.tags[\"kuma.io/protocol\"]",
            "other values than tcp are not allowed, provided value \"TCP\""),
        Arguments.of(
            "gateway service with '/'",
            bare().gateway("DELEGATED", service("edge/v1")),
            "networking.gateway.tags[\"kuma.io/service\"]",
            "tag value must consist of alphanumeric characters, dots, dashes and underscores"),
        Arguments.of(
            "gateway type unknown",
            bare().gateway("EDGE", service("edge")),
            "networking.gateway.type",
            "must be one of DELEGATED, BUILTIN"),
        Arguments.of(
            "gateway type in the wrong case",
            bare().gateway("builtin", service("edge")),
            "networking.gateway.type",
            "must be one of DELEGATED, BUILTIN"),
        // no inbound and no gateway
        Arguments.of(
            "empty inbound list and no gateway",
            bare().noInbounds(),
            "networking",
            "has to contain at least one inbound interface or gateway"),
        Arguments.of(
            "omitted inbound list and no gateway",
            bare(),
            "networking",
            "has to contain at least one inbound interface or gateway"),
        // admin port collisions
        Arguments.of(
            "admin port used by an inbound on 127.0.0.1",
            dataplane().inbound(in -> in.port(9901).address("127.0.0.1")).admin(9901),
            "networking.admin.port",
            "must differ from inbound"),
        Arguments.of(
            "admin port used by an inbound when the dataplane address is 127.0.0.1",
            dataplane().address("127.0.0.1").editInbound(0, in -> in.port(9901)).admin(9901),
            "networking.admin.port",
            "must differ from inbound"),
        Arguments.of(
            "admin port used by an inbound on 0.0.0.0",
            dataplane().editInbound(0, in -> in.port(9901).address("0.0.0.0")).admin(9901),
            "networking.admin.port",
            "must differ from inbound"),
        Arguments.of(
            "admin port used by an inbound on 127.0.0.1 whose workload is elsewhere",
            dataplane()
                .editInbound(
                    0,
                    in ->
                        in.port(9901)
                            .address("127.0.0.1")
                            .servicePort(8080)
                            .serviceAddress("10.0.0.5"))
                .admin(9901),
            "networking.admin.port",
            "must differ from inbound"),
        Arguments.of(
            "admin port used as servicePort on 127.0.0.1",
            dataplane()
                .editInbound(0, in -> in.servicePort(9901).serviceAddress("127.0.0.1"))
                .admin(9901),
            "networking.admin.port",
            "must differ from inbound"),
        Arguments.of(
            "admin port used by an outbound without address",
            dataplane().outbound(9901, null, service("redis")).admin(9901),
            "networking.admin.port",
            "must differ from outbound"),
        Arguments.of(
            "admin port used by an outbound on 127.0.0.1",
            dataplane().outbound(9901, "127.0.0.1", service("redis")).admin(9901),
            "networking.admin.port",
            "must differ from outbound"),
        Arguments.of(
            "admin port out of range",
            dataplane().admin(65536),
            "networking.admin.port",
            PORT_RANGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleViolations")
  void reportsOneViolationWithKumaPathAndReason(
      String breakage, DataplaneBuilder dataplane, String field, String reason) {
    assertThat(validate(dataplane)).containsExactly(v(field, reason));
  }

  static Stream<Arguments> acceptedVariants() {
    return Stream.of(
        Arguments.of(
            "DNS name as address", dataplane().address("backend.default.svc.cluster.local")),
        Arguments.of("single-label DNS name as address", dataplane().address("backend")),
        Arguments.of("IPv6 address", dataplane().address("fd00::1")),
        Arguments.of("IPv6 loopback as address", dataplane().address("::1")),
        Arguments.of("DNS advertisedAddress", dataplane().advertisedAddress("proxy.example.com")),
        Arguments.of(
            "protocol HTTP in upper case",
            dataplane().editInbound(0, in -> in.tag("kuma.io/protocol", "HTTP"))),
        Arguments.of(
            "protocol gRPC in mixed case",
            dataplane().editInbound(0, in -> in.tag("kuma.io/protocol", "gRPC"))),
        Arguments.of(
            "protocol kafka",
            dataplane().editInbound(0, in -> in.tag("kuma.io/protocol", "kafka"))),
        Arguments.of(
            "servicePort 0 means unset", dataplane().editInbound(0, in -> in.servicePort(0))),
        Arguments.of("port 65535", dataplane().editInbound(0, in -> in.port(65535).servicePort(1))),
        Arguments.of(
            "serviceAddress equals address but servicePort differs",
            dataplane()
                .editInbound(0, in -> in.serviceAddress(DataplaneBuilder.ADDRESS).servicePort(80))),
        Arguments.of(
            "IPv6 inbound address and serviceAddress",
            dataplane().editInbound(0, in -> in.address("fd00::2").serviceAddress("::1"))),
        Arguments.of(
            "same port on a different inbound address",
            dataplane().inbound(in -> in.address("192.168.0.2").tag("kuma.io/service", "other"))),
        Arguments.of(
            "tag key with slash, colon and underscore",
            dataplane().editInbound(0, in -> in.tag("example.com/team_a:x", "v"))),
        Arguments.of(
            "kuma.io/zone tag is an ordinary tag",
            dataplane().editInbound(0, in -> in.tag("kuma.io/zone", "zone-1"))),
        Arguments.of("state NotReady", dataplane().editInbound(0, in -> in.state("NotReady"))),
        Arguments.of("state Ignored", dataplane().editInbound(0, in -> in.state("Ignored"))),
        Arguments.of(
            "probe with fractional seconds",
            dataplane().editInbound(0, in -> in.probe("0.5s", "1.000000001s", 1, 1))),
        Arguments.of(
            "outbound on a non-loopback address at the admin port",
            dataplane().outbound(9901, "10.0.0.1", service("redis")).admin(9901)),
        Arguments.of(
            "inbound at the admin port on a non-loopback address",
            dataplane().editInbound(0, in -> in.port(9901)).admin(9901)),
        Arguments.of(
            "inbound at the admin port on a host name",
            dataplane().address("backend.local").editInbound(0, in -> in.port(9901)).admin(9901)),
        Arguments.of("admin port 0 is not range-checked", dataplane().admin(0)),
        Arguments.of("admin without port", dataplane().admin(null)),
        Arguments.of("delegated gateway alone", bare().gateway("DELEGATED", service("edge"))),
        Arguments.of(
            "delegated gateway with outbounds",
            bare().gateway(null, service("edge")).outbound(10001, null, service("redis"))),
        Arguments.of("builtin gateway alone", bare().gateway("BUILTIN", service("edge"))),
        Arguments.of(
            "gateway protocol tcp",
            bare().gateway("BUILTIN", tags("kuma.io/service", "edge", "kuma.io/protocol", "tcp"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedVariants")
  void acceptsValidVariant(String variant, DataplaneBuilder dataplane) {
    assertThat(validate(dataplane)).isEmpty();
  }

  @Nested
  class WhenSeveralThingsAreWrong {

    @Test
    void missingNetworkingIsTheOnlyViolation() {
      assertThat(DataplaneValidator.validate(new DataplaneSpec(null)))
          .containsExactly(v("networking", "must be defined"));
      assertThat(DataplaneValidator.validate(null))
          .containsExactly(v("networking", "must be defined"));
    }

    @Test
    void emptyNetworkingReportsMissingInboundThenMissingAddress() {
      Networking empty = new Networking(null, null, null, null, null, null);
      assertThat(DataplaneValidator.validate(new DataplaneSpec(empty)))
          .containsExactly(
              v("networking", "has to contain at least one inbound interface or gateway"),
              v("networking.address", "address can't be empty"));
    }

    @Test
    void emptyProtocolIsReportedAsInvalidProtocolAndAsEmptyValue() {
      assertThat(validate(dataplane().editInbound(0, in -> in.tag("kuma.io/protocol", ""))))
          .containsExactly(
              v(
                  IN0 + ".tags[\"kuma.io/protocol\"]",
                  "tag \"kuma.io/protocol\" has an invalid value \"\". " + PROTOCOL_HINT),
              v(IN0 + ".tags[\"kuma.io/protocol\"]", "tag value must be non-empty"));
    }

    @Test
    void tagViolationsComeInSortedKeyOrder() {
      assertThat(
              validate(
                  dataplane()
                      .editInbound(0, in -> in.tag("zz", "").tag("aa", "a/b").tag("mm key", "v"))))
          .containsExactly(
              v(
                  IN0 + ".tags[\"aa\"]",
                  "tag value must consist of alphanumeric characters, dots, dashes and underscores"),
              v(
                  IN0 + ".tags[\"mm key\"]",
                  "tag name must consist of alphanumeric characters, dots, dashes, slashes and"
                      + " underscores"),
              v(IN0 + ".tags[\"zz\"]", "tag value must be non-empty"));
    }

    @Test
    void badTagKeyAndEmptyValueAreBothReported() {
      assertThat(validate(dataplane().editInbound(0, in -> in.tag("bad key", ""))))
          .containsExactly(
              v(
                  IN0 + ".tags[\"bad key\"]",
                  "tag name must consist of alphanumeric characters, dots, dashes, slashes and"
                      + " underscores"),
              v(IN0 + ".tags[\"bad key\"]", "tag value must be non-empty"));
    }

    @Test
    void tagKeyIsQuotedLikeGoInThePath() {
      assertThat(validate(dataplane().editInbound(0, in -> in.tag("say \"hi\"", "v"))))
          .containsExactly(
              v(
                  IN0 + ".tags[\"say \\\"hi\\\"\"]",
                  "tag name must consist of alphanumeric characters, dots, dashes, slashes and"
                      + " underscores"));
    }

    @Test
    void serviceAddressEqualToBothAddressesIsReportedTwice() {
      assertThat(
              validate(
                  dataplane()
                      .address("10.0.0.5")
                      .editInbound(0, in -> in.address("10.0.0.5").serviceAddress("10.0.0.5"))))
          .containsExactly(
              v(IN0 + ".serviceAddress", SERVICE_ADDRESS_CLASH),
              v(IN0 + ".serviceAddress", SERVICE_ADDRESS_CLASH));
    }

    @Test
    void invalidServiceAddressEqualToAddressGetsBothViolations() {
      assertThat(
              validate(
                  dataplane()
                      .address("backend")
                      .editInbound(0, in -> in.serviceAddress("backend"))))
          .containsExactly(
              v(IN0 + ".serviceAddress", "serviceAddress has to be valid IP address"),
              v(IN0 + ".serviceAddress", SERVICE_ADDRESS_CLASH));
    }

    @Test
    void everyProbeFieldIsChecked() {
      assertThat(validate(dataplane().editInbound(0, in -> in.probe("5", "0s", 0, 0))))
          .containsExactly(
              v(IN0 + ".serviceProbe.interval", "must have a valid value"),
              v(IN0 + ".serviceProbe.timeout", "must have a positive value"),
              v(IN0 + ".serviceProbe.unhealthyThreshold", "must have a positive value"),
              v(IN0 + ".serviceProbe.healthyThreshold", "must have a positive value"));
    }

    @Test
    void duplicatePortIsReportedForEveryRepeat() {
      assertThat(
              validate(
                  dataplane()
                      .inbound(in -> in.tag("kuma.io/service", "b"))
                      .inbound(in -> in.tag("kuma.io/service", "c"))))
          .containsExactly(
              v("networking.inbound[1].port", "port 8080 is already used by networking.inbound[0]"),
              v(
                  "networking.inbound[2].port",
                  "port 8080 is already used by networking.inbound[0]"));
    }

    @Test
    void nullInboundElementSkipsItsOtherChecksButNotItsNeighbours() {
      assertThat(validate(bare().nullInbound().inbound(in -> in.port(0))))
          .containsExactly(
              v("networking.inbound[0]", "must be defined"),
              v("networking.inbound[1].port", PORT_RANGE));
    }

    @Test
    void adminCollisionWithInboundAndOutboundIsReportedForBoth() {
      assertThat(
              validate(
                  dataplane()
                      .inbound(in -> in.port(9901).address("127.0.0.1").tag("kuma.io/service", "x"))
                      .outbound(9901, null, service("redis"))
                      .admin(9901)))
          .containsExactly(
              v("networking.admin.port", "must differ from inbound"),
              v("networking.admin.port", "must differ from outbound"));
    }

    @Test
    void builtinGatewayWithInboundsAndOutboundsReportsBothThenValidatesThem() {
      assertThat(
              validate(
                  dataplane()
                      .editInbound(0, in -> in.port(0))
                      .outbound(10001, null, service("redis"))
                      .gateway("BUILTIN", service("edge"))))
          .containsExactly(
              v("networking.inbound", "inbound cannot be defined for builtin gateways"),
              v("networking.outbound", "outbound cannot be defined for builtin gateways"),
              v(IN0 + ".port", PORT_RANGE));
    }

    @Test
    void unknownGatewayTypeStillValidatesTheGatewayTags() {
      assertThat(validate(bare().gateway("EDGE", tags("kuma.io/protocol", "http"))))
          .containsExactly(
              v("networking.gateway.type", "must be one of DELEGATED, BUILTIN"),
              v("networking.gateway.tags", SERVICE_MISSING),
              v(
                  "networking.gateway.tags[\"kuma.io/protocol\"]",
                  "other values than tcp are not allowed, provided value \"http\""));
    }

    @Test
    void collectsEveryIndependentViolationInKumaOrder() {
      DataplaneBuilder broken =
          dataplane()
              .address("bad address!")
              .editInbound(
                  0,
                  in ->
                      in.port(0)
                          .withoutTag("kuma.io/service")
                          .tag("kuma.io/protocol", "mongo")
                          .state("Up"))
              .outbound(9901, null, null)
              .admin(9901);

      assertThat(validate(broken))
          .containsExactly(
              v("networking.admin.port", "must differ from outbound"),
              v("networking.address", NOT_IP_OR_DNS),
              v(IN0 + ".port", PORT_RANGE),
              v(
                  IN0 + ".tags[\"kuma.io/protocol\"]",
                  "tag \"kuma.io/protocol\" has an invalid value \"mongo\". " + PROTOCOL_HINT),
              v(IN0 + ".state", "must be one of Ready, NotReady, Ignored"),
              v(IN0 + ".tags[\"kuma.io/service\"]", "tag has to exist"),
              v("networking.outbound[0].tags", SERVICE_MISSING));
    }

    @Test
    void gatewayViolationsComeBeforeNetworkingViolations() {
      assertThat(validate(dataplane().address("").gateway(null, tags("version", "v1"))))
          .containsExactly(
              v("networking.inbound", "inbound cannot be defined for delegated gateways"),
              v("networking.gateway.tags", SERVICE_MISSING),
              v("networking.address", "address can't be empty"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "http", "http2", "kafka", "tcp", "TCP", "Http2"})
  void acceptsEverySupportedProtocolCaseInsensitively(String protocol) {
    assertThat(validate(dataplane().editInbound(0, in -> in.tag("kuma.io/protocol", protocol))))
        .isEmpty();
  }
}
