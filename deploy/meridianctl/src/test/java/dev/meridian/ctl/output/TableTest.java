package dev.meridian.ctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void columnsAreAsWideAsTheirWidestCellPlusThreeAndTheLastIsNotPadded() {
    StringWriter out = new StringWriter();
    new Table("MESH", "NAME", "AGE")
        .row("default", "backend-1", "3m")
        .row("a", "", "1d")
        .footer("Rerun command with --offset=2 argument to retrieve more resources")
        .print(new PrintWriter(out));
    assertThat(out.toString())
        .isEqualTo(
            """
            MESH      NAME        AGE
            default   backend-1   3m
            a                     1d

            Rerun command with --offset=2 argument to retrieve more resources
            """);
  }

  @Test
  void agesReadAsKumactlPrintsThem() {
    Instant now = Instant.parse("2026-01-02T00:00:00Z");
    assertThat(Ago.since(null, now)).isEqualTo("never");
    assertThat(Ago.since("2026-01-01T23:59:48Z", now)).isEqualTo("12s");
    assertThat(Ago.since("2026-01-01T23:55:00Z", now)).isEqualTo("5m");
    assertThat(Ago.since("2026-01-01T21:00:00Z", now)).isEqualTo("3h");
    assertThat(Ago.since("2025-12-30T00:00:00Z", now)).isEqualTo("3d");
    assertThat(Ago.duration(Duration.ofDays(800))).isEqualTo("2y");
  }
}
