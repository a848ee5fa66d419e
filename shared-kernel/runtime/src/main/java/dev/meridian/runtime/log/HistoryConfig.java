package dev.meridian.runtime.log;

import dev.meridian.kernel.history.LogHistory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The log read back for audit and point-in-time views, over the same sources as the feed. */
@Configuration
public class HistoryConfig {
  @Bean
  public LogHistory logHistory(KafkaLogReader reader, ProjectionFeed feed) {
    return new LogHistory(reader, feed::sources);
  }
}
