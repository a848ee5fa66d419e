package dev.meridian.runtime.persistence;

import java.sql.Types;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.BinaryJdbcType;

/**
 * PostgreSQL with Axon's {@code @Lob} payloads stored as {@code bytea}. Hibernate maps a byte[]
 * {@code @Lob} to {@code oid} (large objects) by default: every event would become an orphanable
 * large object outside the table, invisible to backups of the table and to {@code DELETE}.
 */
public class ByteaPostgresDialect extends PostgreSQLDialect {

  @Override
  protected String columnType(int sqlTypeCode) {
    return sqlTypeCode == SqlTypes.BLOB ? "bytea" : super.columnType(sqlTypeCode);
  }

  @Override
  protected String castType(int sqlTypeCode) {
    return sqlTypeCode == SqlTypes.BLOB ? "bytea" : super.castType(sqlTypeCode);
  }

  @Override
  public void contributeTypes(
      TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
    super.contributeTypes(typeContributions, serviceRegistry);
    typeContributions
        .getTypeConfiguration()
        .getJdbcTypeRegistry()
        .addDescriptor(Types.BLOB, BinaryJdbcType.INSTANCE);
  }
}
