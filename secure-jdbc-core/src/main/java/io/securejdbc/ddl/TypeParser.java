package io.securejdbc.ddl;

import io.securejdbc.SqlState;
import io.securejdbc.index.ColumnType;
import io.securejdbc.index.SqlType;
import java.sql.SQLException;

/**
 * Column types as H2, PostgreSQL and MySQL/MariaDB applications write them, mapped to {@link SqlType}. SERIAL types
 * become integers with an identity, reported through {@link #serial()}.
 */
final class TypeParser {

  private final DdlCursor c;
  private boolean serial;

  TypeParser(DdlCursor c) {
    this.c = c;
  }

  /** True when the last parsed type was a SERIAL type (an implicit identity). */
  boolean serial() {
    return serial;
  }

  ColumnType parse() throws SQLException {
    serial = false;
    String name = c.identifier();
    ColumnType type = switch (name) {
      case "BOOLEAN", "BOOL" -> ColumnType.of(SqlType.BOOLEAN);
      case "BIT" -> bit();
      case "TINYINT" -> integral(SqlType.TINYINT);
      case "SMALLINT", "INT2" -> integral(SqlType.SMALLINT);
      case "INT", "INTEGER", "INT4", "MEDIUMINT" -> integral(SqlType.INTEGER);
      case "BIGINT", "INT8" -> integral(SqlType.BIGINT);
      case "SERIAL", "SERIAL4" -> serial(SqlType.INTEGER);
      case "BIGSERIAL", "SERIAL8" -> serial(SqlType.BIGINT);
      case "SMALLSERIAL", "SERIAL2" -> serial(SqlType.SMALLINT);
      case "DECIMAL", "NUMERIC", "NUMBER", "DEC" -> decimal();
      case "REAL", "FLOAT4" -> ColumnType.of(SqlType.REAL);
      case "FLOAT8" -> ColumnType.of(SqlType.DOUBLE);
      case "DOUBLE" -> {
        c.accept("PRECISION");
        yield ColumnType.of(SqlType.DOUBLE);
      }
      case "FLOAT" -> floatType();
      case "CHAR", "CHARACTER", "NCHAR" -> character();
      case "VARCHAR", "VARCHAR2", "NVARCHAR", "NVARCHAR2", "LONGVARCHAR" -> length(SqlType.VARCHAR);
      case "TEXT", "CLOB", "NCLOB", "LONGTEXT", "MEDIUMTEXT", "TINYTEXT" -> ColumnType.of(SqlType.CLOB);
      case "BINARY" -> binary();
      case "VARBINARY", "BYTEA", "RAW", "LONGVARBINARY" -> length(SqlType.VARBINARY);
      case "BLOB", "LONGBLOB", "MEDIUMBLOB", "TINYBLOB", "IMAGE" -> ColumnType.of(SqlType.BLOB);
      case "DATE" -> ColumnType.of(SqlType.DATE);
      case "TIME" -> timeType(SqlType.TIME, SqlType.TIME_TZ);
      case "TIMETZ" -> ColumnType.of(SqlType.TIME_TZ);
      case "TIMESTAMP" -> timeType(SqlType.TIMESTAMP, SqlType.TIMESTAMP_TZ);
      case "TIMESTAMPTZ" -> ColumnType.of(SqlType.TIMESTAMP_TZ);
      case "DATETIME", "SMALLDATETIME", "DATETIME2" -> precisionOnly(SqlType.TIMESTAMP);
      case "UUID" -> ColumnType.of(SqlType.UUID);
      case "VARCHAR_IGNORECASE" -> throw SqlState.notSupported("VARCHAR_IGNORECASE (case-insensitive columns)");
      default -> throw SqlState.notSupported("the column type " + name);
    };
    if (c.peek().is("UNSIGNED") || c.peek().is("ZEROFILL")) {
      throw SqlState.notSupported(c.peek().text() + " integer types");
    }
    if (c.peek().is("ARRAY") || c.peek().isSymbol("[")) {
      throw SqlState.notSupported("ARRAY columns");
    }
    return type;
  }

  private ColumnType integral(SqlType type) throws SQLException {
    if (c.peek().isSymbol("(")) {
      c.next();
      c.integer();
      c.expectSymbol(")");
    }
    return ColumnType.of(type);
  }

  private ColumnType serial(SqlType type) {
    serial = true;
    return ColumnType.of(type);
  }

  private ColumnType bit() throws SQLException {
    if (c.accept("VARYING")) {
      throw SqlState.notSupported("BIT VARYING");
    }
    if (c.acceptSymbol("(")) {
      long n = c.integer();
      c.expectSymbol(")");
      if (n != 1) {
        throw SqlState.notSupported("BIT(" + n + ")");
      }
    }
    return ColumnType.of(SqlType.BOOLEAN);
  }

  private ColumnType decimal() throws SQLException {
    if (!c.acceptSymbol("(")) {
      return ColumnType.of(SqlType.DECIMAL);
    }
    int p = (int) c.integer();
    int s = ColumnType.UNSPECIFIED;
    if (c.acceptSymbol(",")) {
      s = (int) c.integer();
    }
    c.expectSymbol(")");
    if (p < 1 || p > 100000 || (s != ColumnType.UNSPECIFIED && (s < 0 || s > p))) {
      throw SqlState.SYNTAX_ERROR.exception("DECIMAL precision/scale out of range: (" + p + ", " + s + ")");
    }
    return new ColumnType(SqlType.DECIMAL, p, s);
  }

  private ColumnType floatType() throws SQLException {
    if (c.acceptSymbol("(")) {
      long p = c.integer();
      c.expectSymbol(")");
      return ColumnType.of(p <= 24 ? SqlType.REAL : SqlType.DOUBLE);
    }
    return ColumnType.of(SqlType.DOUBLE);
  }

  private ColumnType character() throws SQLException {
    if (c.accept("VARYING")) {
      return length(SqlType.VARCHAR);
    }
    if (c.accept("LARGE", "OBJECT")) {
      return ColumnType.of(SqlType.CLOB);
    }
    return length(SqlType.CHAR);
  }

  private ColumnType binary() throws SQLException {
    if (c.accept("VARYING")) {
      return length(SqlType.VARBINARY);
    }
    if (c.accept("LARGE", "OBJECT")) {
      return ColumnType.of(SqlType.BLOB);
    }
    return length(SqlType.BINARY);
  }

  private ColumnType length(SqlType type) throws SQLException {
    if (!c.acceptSymbol("(")) {
      return ColumnType.of(type);
    }
    long n = c.integer();
    if (!c.accept("CHAR") && !c.accept("CHARACTERS")) {
      c.accept("BYTE");
      c.accept("OCTETS");
    }
    c.expectSymbol(")");
    if (n < 1 || n > 1_000_000_000L) {
      throw SqlState.SYNTAX_ERROR.exception("length " + n + " is out of range for " + type);
    }
    return ColumnType.of(type, (int) n);
  }

  private ColumnType precisionOnly(SqlType type) throws SQLException {
    if (!c.acceptSymbol("(")) {
      return ColumnType.of(type);
    }
    int p = (int) c.integer();
    c.expectSymbol(")");
    return ColumnType.of(type, p);
  }

  private ColumnType timeType(SqlType plain, SqlType zoned) throws SQLException {
    ColumnType t = precisionOnly(plain);
    if (c.accept("WITH", "TIME", "ZONE")) {
      return new ColumnType(zoned, t.precision(), ColumnType.UNSPECIFIED);
    }
    c.accept("WITHOUT", "TIME", "ZONE");
    return t;
  }
}
