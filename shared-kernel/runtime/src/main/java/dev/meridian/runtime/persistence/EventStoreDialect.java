package dev.meridian.runtime.persistence;

import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks the event store's dialect from the JDBC URL: PostgreSQL gets bytea payloads. */
@Configuration
public class EventStoreDialect {

  @Bean
  HibernatePropertiesCustomizer byteaOnPostgres(DataSourceProperties dataSource) {
    return properties -> {
      String url = dataSource.getUrl();
      if (url != null && url.startsWith("jdbc:postgresql:")) {
        properties.putIfAbsent("hibernate.dialect", ByteaPostgresDialect.class.getName());
      }
    };
  }
}
