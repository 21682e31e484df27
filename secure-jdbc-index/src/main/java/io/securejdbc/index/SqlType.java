package io.securejdbc.index;

import java.sql.Types;

/**
 * The logical column types secure-jdbc stores. Each knows its JDBC type, the H2 type name used in the driver's
 * in-memory working tables, and which index lookups its keywords can answer.
 */
public enum SqlType {
  BOOLEAN(Types.BOOLEAN, "BOOLEAN", Lookup.EQUALITY),
  TINYINT(Types.TINYINT, "TINYINT", Lookup.RANGE),
  SMALLINT(Types.SMALLINT, "SMALLINT", Lookup.RANGE),
  INTEGER(Types.INTEGER, "INTEGER", Lookup.RANGE),
  BIGINT(Types.BIGINT, "BIGINT", Lookup.RANGE),
  DECIMAL(Types.DECIMAL, "DECIMAL", Lookup.RANGE),
  REAL(Types.REAL, "REAL", Lookup.RANGE),
  DOUBLE(Types.DOUBLE, "DOUBLE PRECISION", Lookup.RANGE),
  CHAR(Types.CHAR, "CHAR", Lookup.EQUALITY),
  VARCHAR(Types.VARCHAR, "VARCHAR", Lookup.PREFIX),
  CLOB(Types.CLOB, "CLOB", Lookup.NONE),
  BINARY(Types.BINARY, "BINARY", Lookup.EQUALITY),
  VARBINARY(Types.VARBINARY, "VARBINARY", Lookup.EQUALITY),
  BLOB(Types.BLOB, "BLOB", Lookup.NONE),
  DATE(Types.DATE, "DATE", Lookup.RANGE),
  TIME(Types.TIME, "TIME", Lookup.RANGE),
  TIME_TZ(Types.TIME_WITH_TIMEZONE, "TIME WITH TIME ZONE", Lookup.NONE),
  TIMESTAMP(Types.TIMESTAMP, "TIMESTAMP", Lookup.RANGE),
  TIMESTAMP_TZ(Types.TIMESTAMP_WITH_TIMEZONE, "TIMESTAMP WITH TIME ZONE", Lookup.RANGE),
  UUID(Types.OTHER, "UUID", Lookup.EQUALITY);

  /** The strongest lookup a plain keyword of this type supports (each level includes the ones before it). */
  public enum Lookup {
    NONE,
    EQUALITY,
    RANGE,
    /** Range plus {@code LIKE 'prefix%'}. */
    PREFIX
  }

  private final int jdbcType;
  private final String h2Name;
  private final Lookup lookup;

  SqlType(int jdbcType, String h2Name, Lookup lookup) {
    this.jdbcType = jdbcType;
    this.h2Name = h2Name;
    this.lookup = lookup;
  }

  public int jdbcType() {
    return jdbcType;
  }

  public String h2Name() {
    return h2Name;
  }

  public Lookup lookup() {
    return lookup;
  }

  public boolean isIntegral() {
    return this == TINYINT || this == SMALLINT || this == INTEGER || this == BIGINT;
  }

  public boolean isNumeric() {
    return isIntegral() || this == DECIMAL || this == REAL || this == DOUBLE;
  }

  public boolean isCharacter() {
    return this == CHAR || this == VARCHAR || this == CLOB;
  }

  public boolean isBinary() {
    return this == BINARY || this == VARBINARY || this == BLOB;
  }

  public boolean isLob() {
    return this == CLOB || this == BLOB;
  }
}
