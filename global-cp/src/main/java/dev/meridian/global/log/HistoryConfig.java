package dev.meridian.global.log;

import dev.meridian.kernel.history.LogHistory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The log read back for audit and point-in-time views: global's topic and every zone's. */
@Configuration
public class HistoryConfig {
  @Bean
  public LogHistory logHistory(KafkaLogReader reader, GlobalFeed feed) {
    return new LogHistory(reader, feed::sources);
  }
}
