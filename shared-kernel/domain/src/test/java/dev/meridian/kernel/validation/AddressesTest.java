package dev.meridian.kernel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0",
        "1.2.3.4",
        "10.0.0.1",
        "127.0.0.1",
        "192.168.100.200",
        "255.255.255.255"
      })
  void acceptsDottedQuadIpv4(String ip) {
    assertThat(Addresses.isIpv4(ip)).isTrue();
    assertThat(Addresses.isIp(ip)).isTrue();
    assertThat(Addresses.isIpv6(ip)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "010.0.0.1", // leading zero, as Go's net.ParseIP
        "1.2.3.04",
        "00.1.2.3",
        "256.1.1.1",
        "1.2.3.256",
        "1.2.3.999",
        "1.2.3.1000",
        "1.2.3.0255",
        "",
        ".",
        "...",
        "1.2.3.4.",
        "1.2.3.\u0664", // a non-ASCII digit
        "10.1", // shorthand forms InetAddress would accept
        "10.0.1",
        "167772161",
        "1.2.3.4.5",
        "1.2.3.",
        ".1.2.3",
        "1..2.3",
        "1.2.3.-4",
        "1.2.3.+4",
        "0x7f.0.0.1",
        " 1.2.3.4",
        "1.2.3.4 ",
        "1.2.3.4\n",
        "a.b.c.d"
      })
  void rejectsNonCanonicalIpv4(String notIp) {
    assertThat(Addresses.isIpv4(notIp)).isFalse();
    assertThat(Addresses.isIp(notIp)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::",
        "::1",
        "fe80::1",
        "FE80::ABCD:1",
        "2001:db8::8a2e:370:7334",
        "2001:0db8:0000:0000:0000:ff00:0042:8329",
        "1:2:3:4:5:6:7:8",
        "1::",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "1:2:3::6:7:8",
        "::ffff:1.2.3.4",
        "::1.2.3.4",
        "64:ff9b::192.0.2.33",
        "1:2:3:4:5:6:1.2.3.4"
      })
  void acceptsIpv6Forms(String ip) {
    assertThat(Addresses.isIpv6(ip)).isTrue();
    assertThat(Addresses.isIp(ip)).isTrue();
    assertThat(Addresses.isIpv4(ip)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1:2:3:4:5:6:7:8:9", // too many groups
        "1:2:3:4:5:6:7", // too few groups without '::'
        "1:2:3:4:5:6:7:8::", // '::' must stand for at least one group
        "::1:2:3:4:5:6:7:8",
        "1::2::3", // two '::'
        "::1::",
        ":::",
        ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:",
        "12345::1", // group longer than four digits
        "fe80::g",
        "fe80::1%eth0", // zones are rejected
        "::ffff:1.2.3.256",
        "::ffff:01.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4", // embedded IPv4 makes nine groups
        "1:2:3:4:5:6::1.2.3.4",
        "1.2.3.4::", // embedded IPv4 only at the very end
        "::1.2.3.4:1",
        "[::1]",
        ":"
      })
  void rejectsMalformedIpv6(String notIp) {
    assertThat(Addresses.isIpv6(notIp)).isFalse();
    assertThat(Addresses.isIp(notIp)).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void nullAndEmptyAreNotAddresses(String value) {
    assertThat(Addresses.isIp(value)).isFalse();
    assertThat(Addresses.isIpv4(value)).isFalse();
    assertThat(Addresses.isIpv6(value)).isFalse();
    assertThat(Addresses.isDnsName(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "backend",
        "backend.default.svc.cluster.local",
        "backend.default.svc.cluster.local.", // trailing dot
        "_srv.example.com",
        "my-host_1.example",
        "123",
        "10.1", // not an IP, but a valid DNS name, as in Kuma
        "256.1.1.1"
      })
  void acceptsDnsNames(String name) {
    assertThat(Addresses.isDnsName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3.4", // an IP is not a DNS name
        "::1",
        "-backend",
        "backend..local",
        ".backend",
        "bad host",
        "host!",
        "host:80",
        "héllo.example"
      })
  void rejectsNonDnsNames(String name) {
    assertThat(Addresses.isDnsName(name)).isFalse();
  }

  @Test
  void limitsLabelsTo63Characters() {
    assertThat(Addresses.isDnsName("a".repeat(63) + ".example")).isTrue();
    assertThat(Addresses.isDnsName("a".repeat(64) + ".example")).isFalse();
  }

  @Test
  void limitsTheNameTo255CharactersWithoutDots() {
    String label = "a".repeat(51);
    String fiveLabels = String.join(".", label, label, label, label, label); // 255 without dots
    assertThat(Addresses.isDnsName(fiveLabels)).isTrue();
    assertThat(Addresses.isDnsName(fiveLabels + ".b")).isFalse();
  }

  @Test
  void unspecifiedIsExactlyTheTwoLiterals() {
    assertThat(Addresses.isUnspecified("0.0.0.0")).isTrue();
    assertThat(Addresses.isUnspecified("::")).isTrue();
    assertThat(Addresses.isUnspecified("0:0:0:0:0:0:0:0")).isFalse();
    assertThat(Addresses.isUnspecified("127.0.0.1")).isFalse();
    assertThat(Addresses.isUnspecified(null)).isFalse();
  }

  @Test
  void overlapIsEqualityOrUnspecifiedAndNeverForHostNames() {
    assertThat(Addresses.overlap("127.0.0.1", "127.0.0.1")).isTrue();
    assertThat(Addresses.overlap("0.0.0.0", "127.0.0.1")).isTrue();
    assertThat(Addresses.overlap("127.0.0.1", "::")).isTrue();
    assertThat(Addresses.overlap("10.0.0.1", "127.0.0.1")).isFalse();
    assertThat(Addresses.overlap("localhost", "localhost")).isFalse();
    assertThat(Addresses.overlap(null, "0.0.0.0")).isFalse();
  }
}
