package io.securejdbc.index;

import java.util.Objects;

/**
 * A column's type with its length/precision and scale ({@link #UNSPECIFIED} when the DDL gave none).
 *
 * @param type the logical type
 * @param precision length for character and binary types, precision for DECIMAL and the fractional-seconds precision
 *     for TIME/TIMESTAMP; {@link #UNSPECIFIED} for the engine default
 * @param scale scale for DECIMAL; {@link #UNSPECIFIED} otherwise
 */
public record ColumnType(SqlType type, int precision, int scale) {

  public static final int UNSPECIFIED = -1;

  public ColumnType {
    Objects.requireNonNull(type, "type");
  }

  public static ColumnType of(SqlType type) {
    return new ColumnType(type, UNSPECIFIED, UNSPECIFIED);
  }

  public static ColumnType of(SqlType type, int precision) {
    return new ColumnType(type, precision, UNSPECIFIED);
  }

  /** The canonical H2 type text, e.g. {@code DECIMAL(10, 2)}, {@code TIMESTAMP(6) WITH TIME ZONE}. */
  public String toSql() {
    return switch (type) {
      case CHAR, VARCHAR, BINARY, VARBINARY, CLOB, BLOB -> precision == UNSPECIFIED
          ? type.h2Name() : type.h2Name() + "(" + precision + ")";
      case DECIMAL -> precision == UNSPECIFIED ? "DECIMAL"
          : scale == UNSPECIFIED ? "DECIMAL(" + precision + ")" : "DECIMAL(" + precision + ", " + scale + ")";
      case TIME, TIMESTAMP -> precision == UNSPECIFIED ? type.h2Name() : type.h2Name() + "(" + precision + ")";
      case TIME_TZ -> precision == UNSPECIFIED ? "TIME WITH TIME ZONE" : "TIME(" + precision + ") WITH TIME ZONE";
      case TIMESTAMP_TZ -> precision == UNSPECIFIED ? "TIMESTAMP WITH TIME ZONE"
          : "TIMESTAMP(" + precision + ") WITH TIME ZONE";
      default -> type.h2Name();
    };
  }

  @Override
  public String toString() {
    return toSql();
  }
}
