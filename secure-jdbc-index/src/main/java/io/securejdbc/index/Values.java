package io.securejdbc.index;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.UUID;

/**
 * The canonical Java class of each logical type, as rows hold values in memory: BOOLEAN Boolean; TINYINT, SMALLINT,
 * INTEGER Integer; BIGINT Long; DECIMAL BigDecimal; REAL Float; DOUBLE Double; CHAR, VARCHAR, CLOB String; BINARY,
 * VARBINARY, BLOB byte[]; DATE LocalDate; TIME LocalTime; TIME_TZ OffsetTime; TIMESTAMP LocalDateTime; TIMESTAMP_TZ
 * OffsetDateTime; UUID UUID.
 */
public final class Values {

  private Values() {}

  public static Class<?> javaClass(SqlType type) {
    return switch (type) {
      case BOOLEAN -> Boolean.class;
      case TINYINT, SMALLINT, INTEGER -> Integer.class;
      case BIGINT -> Long.class;
      case DECIMAL -> BigDecimal.class;
      case REAL -> Float.class;
      case DOUBLE -> Double.class;
      case CHAR, VARCHAR, CLOB -> String.class;
      case BINARY, VARBINARY, BLOB -> byte[].class;
      case DATE -> LocalDate.class;
      case TIME -> LocalTime.class;
      case TIME_TZ -> OffsetTime.class;
      case TIMESTAMP -> LocalDateTime.class;
      case TIMESTAMP_TZ -> OffsetDateTime.class;
      case UUID -> UUID.class;
    };
  }

  /** Converts a value of a compatible class to the canonical class; throws IllegalArgumentException otherwise. */
  public static Object canonical(SqlType type, Object v) {
    if (v == null || javaClass(type).isInstance(v)) {
      return v;
    }
    switch (type) {
      case TINYINT, SMALLINT, INTEGER:
        if (v instanceof Number n && !(v instanceof BigDecimal) && !(v instanceof Double) && !(v instanceof Float)) {
          return Math.toIntExact(n.longValue());
        }
        break;
      case BIGINT:
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
          return b.longValueExact();
        }
        break;
      case DECIMAL:
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
          return new BigDecimal(b);
        }
        break;
      case REAL:
        if (v instanceof Double d) {
          return d.floatValue();
        }
        break;
      case DOUBLE:
        if (v instanceof Float f) {
          return f.doubleValue();
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException("a " + v.getClass().getSimpleName() + " is not a " + type + " value");
  }
}
