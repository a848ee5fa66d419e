package dev.meridian.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogTest {
  @Test
  void aFloodIsThinnedToItsShareASecondAndTheRestIsCountedInOneLine() {
    Logger logger = (Logger) LoggerFactory.getLogger("refusal-log-test");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    RefusalLog log = new RefusalLog(logger, clock);
    for (int i = 0; i < 100; i++) {
      log.warn("Refused {}", i);
    }
    assertThat(lines.list).hasSize(RefusalLog.PER_SECOND);

    now.set(now.get().plusSeconds(1));
    log.warn("Refused {}", "next");
    assertThat(lines.list).hasSize(RefusalLog.PER_SECOND + 2);
    assertThat(lines.list.get(RefusalLog.PER_SECOND).getFormattedMessage())
        .startsWith((100 - RefusalLog.PER_SECOND) + " more refusals were not logged");
    assertThat(lines.list.get(RefusalLog.PER_SECOND + 1).getFormattedMessage())
        .isEqualTo("Refused next");
  }
}
