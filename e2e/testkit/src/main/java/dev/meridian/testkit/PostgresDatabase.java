package dev.meridian.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fresh database on the test PostgreSQL server ({@code meridian.test.postgres.url}, by default
 * 127.0.0.1:5432 as user {@code postgres}), created for one test and dropped after it, so reruns
 * start clean.
 */
public final class PostgresDatabase implements AutoCloseable {
  static final String SERVER =
      System.getProperty("meridian.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
  static final String USER = System.getProperty("meridian.test.postgres.user", "postgres");
  static final String PASSWORD = System.getProperty("meridian.test.postgres.password", "");

  private final String name;

  private PostgresDatabase(String name) {
    this.name = name;
  }

  /** {@code name} must be a plain SQL identifier (letters, digits, underscores). */
  public static PostgresDatabase create(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    admin("CREATE DATABASE " + name);
    return new PostgresDatabase(name);
  }

  /** The settings that put a control plane's event store in this database. */
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.datasource.url", url());
    settings.put("spring.datasource.username", USER);
    settings.put("spring.datasource.password", PASSWORD);
    return settings;
  }

  public String url() {
    return SERVER + name;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  @Override
  public void close() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String statement) {
    try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
        Statement sql = admin.createStatement()) {
      sql.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + " failed on " + SERVER, e);
    }
  }
}
