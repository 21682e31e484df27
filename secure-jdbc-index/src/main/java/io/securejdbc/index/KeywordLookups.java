package io.securejdbc.index;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a predicate on a column into the range of plain keywords that holds every matching row.
 *
 * <p>The rule is "never fewer": a constant is coerced to the column's type the way the SQL engine coerces it, and
 * where that coercion could round (a decimal constant against an integer column, a decimal against a REAL) the range
 * widens to cover every value the engine could consider equal. Where the engine's coercion cannot be mirrored
 * exactly (a string constant against a number column, a timestamp against a date), the method answers empty: the
 * index is not used and the driver scans. The driver re-checks every fetched row, so wider is only slower.
 */
public final class KeywordLookups {

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private KeywordLookups() {}

  /** {@code column IS NULL}. */
  public static KeyRange isNull() {
    return KeyRange.exact(Keywords.nullKeyword());
  }

  /** {@code column op constant}; empty when the index cannot answer it. */
  public static Optional<KeyRange> compare(SqlType type, CompareOp op, Object constant) {
    if (constant == null || type.lookup() == SqlType.Lookup.NONE) {
      return Optional.empty();
    }
    if (op != CompareOp.EQ && type.lookup().compareTo(SqlType.Lookup.RANGE) < 0) {
      return Optional.empty();
    }
    try {
      if (type.isIntegral()) {
        return integral(op, constant);
      }
      if (type == SqlType.REAL || type == SqlType.DOUBLE) {
        return approximate(type, op, constant);
      }
      Object value = coerce(type, constant);
      if (value == null) {
        return Optional.empty();
      }
      byte[] full = Keywords.full(type, value);
      return Optional.of(range(op, Keywords.plain(type, value), Keywords.isTruncated(full)));
    } catch (ArithmeticException | IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code column LIKE 'prefix%...'}: every string starting with {@code prefix}. */
  public static Optional<KeyRange> likePrefix(SqlType type, String prefix) {
    if (type.lookup() != SqlType.Lookup.PREFIX) {
      return Optional.empty();
    }
    byte[] lower = Keywords.stringPrefix(prefix);
    return Optional.of(new KeyRange(lower, true, OrderedBytes.prefixSuccessor(lower), false));
  }

  private static KeyRange range(CompareOp op, byte[] keyword, boolean lossy) {
    byte[] lowest = Keywords.lowestValue();
    return switch (op) {
      case EQ -> KeyRange.exact(keyword);
      case LT -> new KeyRange(lowest, true, keyword, lossy);
      case LE -> new KeyRange(lowest, true, keyword, true);
      case GT -> new KeyRange(keyword, lossy, null, false);
      case GE -> new KeyRange(keyword, true, null, false);
    };
  }

  /** Integer columns against any exact number: round the bound outwards. */
  private static Optional<KeyRange> integral(CompareOp op, Object constant) {
    BigDecimal d = exactNumber(constant);
    if (d == null) {
      return Optional.empty();
    }
    BigDecimal floor = d.setScale(0, RoundingMode.FLOOR);
    BigDecimal ceil = d.setScale(0, RoundingMode.CEILING);
    long lo = floor.longValueExact();
    long hi = ceil.longValueExact();
    byte[] loKey = Keywords.plain(SqlType.BIGINT, lo);
    byte[] hiKey = Keywords.plain(SqlType.BIGINT, hi);
    byte[] lowest = Keywords.lowestValue();
    return Optional.of(switch (op) {
      case EQ -> new KeyRange(loKey, true, hiKey, true);
      case LT -> new KeyRange(lowest, true, hiKey, false);
      case LE -> new KeyRange(lowest, true, loKey, true);
      case GT -> new KeyRange(loKey, false, null, false);
      case GE -> new KeyRange(hiKey, true, null, false);
    });
  }

  /**
   * REAL/DOUBLE columns: the engine may compare in double, in float (REAL), or exactly; a bound one ulp (of either
   * width) outside the constant covers all three.
   */
  private static Optional<KeyRange> approximate(SqlType type, CompareOp op, Object constant) {
    if (!(constant instanceof Number n) || constant instanceof Float && type == SqlType.DOUBLE) {
      return Optional.empty();
    }
    double d = n.doubleValue();
    if (Double.isNaN(d)) {
      return Optional.empty();
    }
    float f = (float) d;
    double below = Math.min(Math.nextDown(d), (double) Math.nextDown(f));
    double above = Math.max(Math.nextUp(d), (double) Math.nextUp(f));
    byte[] lo = Keywords.plain(SqlType.DOUBLE, below);
    byte[] hi = Keywords.plain(SqlType.DOUBLE, above);
    byte[] lowest = Keywords.lowestValue();
    return Optional.of(switch (op) {
      case EQ -> new KeyRange(lo, true, hi, true);
      case LT, LE -> new KeyRange(lowest, true, hi, true);
      case GT, GE -> new KeyRange(lo, true, null, false);
    });
  }

  private static BigDecimal exactNumber(Object constant) {
    if (constant instanceof BigDecimal d) {
      return d;
    }
    if (constant instanceof Long || constant instanceof Integer || constant instanceof Short
        || constant instanceof Byte) {
      return BigDecimal.valueOf(((Number) constant).longValue());
    }
    if (constant instanceof java.math.BigInteger b) {
      return new BigDecimal(b);
    }
    return null;
  }

  /**
   * The constant as a canonical value of {@code type} when the engine would convert it to exactly that value
   * (same type family, strict formats), else null.
   */
  public static Object exactConstant(SqlType type, Object c) {
    return type.isIntegral() ? exactNumber(c) : coerce(type, c);
  }

  /** The constant as a canonical value of {@code type}, or null when the engine's coercion is not mirrored. */
  private static Object coerce(SqlType type, Object c) {
    switch (type) {
      case DECIMAL:
        return exactNumber(c);
      case CHAR, VARCHAR:
        return c instanceof String s ? s : null;
      case BOOLEAN:
        return c instanceof Boolean ? c : null;
      case BINARY, VARBINARY:
        return c instanceof byte[] ? c : null;
      case UUID:
        if (c instanceof UUID) {
          return c;
        }
        return c instanceof String s && UUID_TEXT.matcher(s).matches() ? UUID.fromString(s) : null;
      case DATE:
        if (c instanceof LocalDate) {
          return c;
        }
        if (c instanceof java.sql.Date d) {
          return d.toLocalDate();
        }
        return c instanceof String s && s.length() == 10 ? LocalDate.parse(s) : null;
      case TIME:
        if (c instanceof LocalTime) {
          return c;
        }
        if (c instanceof java.sql.Time t) {
          return t.toLocalTime();
        }
        return c instanceof String s && s.length() >= 8 ? LocalTime.parse(s) : null;
      case TIMESTAMP:
        if (c instanceof LocalDateTime) {
          return c;
        }
        if (c instanceof Timestamp t) {
          return t.toLocalDateTime();
        }
        if (c instanceof LocalDate d) {
          return d.atStartOfDay();
        }
        return c instanceof String s && s.length() >= 19 ? LocalDateTime.parse(s.replace(' ', 'T')) : null;
      case TIMESTAMP_TZ:
        if (c instanceof OffsetDateTime) {
          return c;
        }
        if (c instanceof java.time.ZonedDateTime z) {
          return z.toOffsetDateTime();
        }
        if (c instanceof java.time.Instant i) {
          return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return null;
      default:
        return null;
    }
  }
}
