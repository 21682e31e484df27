package io.securejdbc.index;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/**
 * Plain keywords: a tag byte (0x00 for NULL, 0x01 for a value) followed by the value's order-preserving encoding,
 * truncated to {@link #MAX_LENGTH} bytes. Truncation keeps the order weakly (a <= b implies trunc(a) <= trunc(b)), so
 * lookups on truncated keywords still find every matching row, plus some that the driver's re-check drops.
 */
public final class Keywords {

  /** Fits every backend's B-tree key limit (PostgreSQL ~2700 bytes, MariaDB 3072, H2 unlimited). */
  public static final int MAX_LENGTH = 256;
  private static final byte[] NULL_KEYWORD = {0x00};

  private Keywords() {}

  public static byte[] nullKeyword() {
    return NULL_KEYWORD.clone();
  }

  /** The keyword as stored: {@link #full} truncated to {@link #MAX_LENGTH}. */
  public static byte[] plain(SqlType type, Object value) {
    byte[] full = full(type, value);
    return full.length > MAX_LENGTH ? Arrays.copyOf(full, MAX_LENGTH) : full;
  }

  /** The untruncated encoding: equal exactly when the values are equal (as SQL compares them). */
  public static byte[] full(SqlType type, Object value) {
    if (value == null) {
      return nullKeyword();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(16);
    out.write(0x01);
    Object v = Values.canonical(type, value);
    switch (type) {
      case BOOLEAN -> out.write((Boolean) v ? 1 : 0);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> OrderedBytes.writeLong(out, ((Number) v).longValue());
      case DECIMAL -> OrderedBytes.writeDecimal(out, (BigDecimal) v);
      case REAL, DOUBLE -> OrderedBytes.writeDouble(out, ((Number) v).doubleValue());
      case CHAR -> OrderedBytes.writeString(out, stripTrailingSpaces((String) v));
      case VARCHAR, CLOB -> OrderedBytes.writeString(out, (String) v);
      case BINARY, VARBINARY, BLOB -> out.writeBytes((byte[]) v);
      case DATE -> OrderedBytes.writeLong(out, ((LocalDate) v).toEpochDay());
      case TIME -> OrderedBytes.writeLong(out, ((LocalTime) v).toNanoOfDay());
      case TIME_TZ -> {
        OffsetTime t = (OffsetTime) v;
        OrderedBytes.writeLong(out, t.toLocalTime().toNanoOfDay());
        OrderedBytes.writeInt(out, t.getOffset().getTotalSeconds());
      }
      case TIMESTAMP -> {
        LocalDateTime t = (LocalDateTime) v;
        OrderedBytes.writeLong(out, t.toEpochSecond(ZoneOffset.UTC));
        OrderedBytes.writeInt(out, t.getNano());
      }
      case TIMESTAMP_TZ -> {
        OffsetDateTime t = (OffsetDateTime) v;
        OrderedBytes.writeLong(out, t.toEpochSecond());
        OrderedBytes.writeInt(out, t.getNano());
      }
      case UUID -> {
        UUID u = (UUID) v;
        OrderedBytes.writeLong(out, u.getMostSignificantBits() ^ Long.MIN_VALUE);
        OrderedBytes.writeLong(out, u.getLeastSignificantBits() ^ Long.MIN_VALUE);
      }
      default -> throw new IllegalArgumentException("no keyword encoding for " + type);
    }
    return out.toByteArray();
  }

  /** The smallest keyword of any non-null value. */
  static byte[] lowestValue() {
    return new byte[] {0x01};
  }

  /** The keyword prefix shared by every string value that starts with {@code prefix}. */
  static byte[] stringPrefix(String prefix) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x01);
    OrderedBytes.writeString(out, prefix);
    byte[] bytes = out.toByteArray();
    return bytes.length > MAX_LENGTH ? Arrays.copyOf(bytes, MAX_LENGTH) : bytes;
  }

  static boolean isTruncated(byte[] full) {
    return full.length > MAX_LENGTH;
  }

  static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }
}
