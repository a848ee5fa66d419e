package dev.meridian.testkit;

/** A broker someone else runs, e.g. the one {@code deploy/local/meridian} starts. */
record ExternalKafka(String bootstrapServers) implements KafkaFixture {

  static ExternalKafka fromProperties() {
    String servers = System.getProperty("meridian.test.kafka.bootstrap-servers");
    if (servers == null || servers.isBlank()) {
      throw new IllegalArgumentException(
          "meridian.test.kafka=external needs -Dmeridian.test.kafka.bootstrap-servers=host:port");
    }
    return new ExternalKafka(servers);
  }

  @Override
  public String description() {
    return "external broker";
  }

  @Override
  public void close() {
    // Not ours to stop.
  }
}
