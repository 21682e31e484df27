package io.securejdbc.index;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/**
 * Compact, exact binary serialisation of canonical values (see {@link Values}), used for the plaintext of encrypted
 * rows. Strings are encoded per UTF-16 code unit (like modified UTF-8), so unpaired surrogates survive exactly.
 */
public final class ValueCodec {

  private ValueCodec() {}

  /**
   * A growable output buffer with varint helpers. Not a {@code ByteArrayOutputStream}: its methods are synchronized,
   * and a row's plaintext is written a byte at a time (one call per character of a string). A buffer it outgrows is
   * zeroed, so the plaintext it held does not linger in the heap; {@link #wipe()} zeroes the last one.
   */
  public static final class Writer {
    private byte[] buf = new byte[64];
    private int n;

    public void varLong(long v) {
      while ((v & ~0x7FL) != 0) {
        raw((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      raw((int) v);
    }

    public void zigZag(long v) {
      varLong((v << 1) ^ (v >> 63));
    }

    public void bytes(byte[] b) {
      varLong(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, n, b.length);
      n += b.length;
    }

    public void raw(int b) {
      if (n == buf.length) {
        ensure(1);
      }
      buf[n++] = (byte) b;
    }

    public void fixedLong(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        raw((int) (v >>> shift));
      }
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(buf, n);
    }

    /** Zeroes what was written (the caller's copies from {@link #toByteArray()} are its own to wipe). */
    public void wipe() {
      Arrays.fill(buf, 0, n, (byte) 0);
      n = 0;
    }

    private void ensure(int more) {
      if (more > buf.length - n) {
        byte[] old = buf;
        buf = Arrays.copyOf(old, Math.max(old.length * 2, Math.addExact(n, more)));
        Arrays.fill(old, (byte) 0);
      }
    }
  }

  /** Reads what {@link Writer} wrote; throws IllegalArgumentException on malformed input. */
  public static final class Reader {
    private final byte[] buf;
    private int pos;

    public Reader(byte[] buf) {
      this.buf = buf;
    }

    public boolean hasMore() {
      return pos < buf.length;
    }

    public int raw() {
      if (pos >= buf.length) {
        throw new IllegalArgumentException("truncated value");
      }
      return buf[pos++] & 0xFF;
    }

    public long varLong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = raw();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }

    public long zigZag() {
      long v = varLong();
      return (v >>> 1) ^ -(v & 1);
    }

    public int length() {
      long n = varLong();
      if (n < 0 || n > buf.length - pos) {
        throw new IllegalArgumentException("malformed length");
      }
      return (int) n;
    }

    public byte[] bytes() {
      int n = length();
      byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return b;
    }

    public long fixedLong() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | raw();
      }
      return v;
    }
  }

  public static void write(Writer w, SqlType type, Object value) {
    Object v = Values.canonical(type, value);
    switch (type) {
      case BOOLEAN -> w.raw((Boolean) v ? 1 : 0);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> w.zigZag(((Number) v).longValue());
      case DECIMAL -> {
        BigDecimal d = (BigDecimal) v;
        w.zigZag(d.scale());
        w.bytes(d.unscaledValue().toByteArray());
      }
      case REAL -> w.fixedLong(Float.floatToRawIntBits((Float) v));
      case DOUBLE -> w.fixedLong(Double.doubleToRawLongBits((Double) v));
      case CHAR, VARCHAR, CLOB -> writeString(w, (String) v);
      case BINARY, VARBINARY, BLOB -> w.bytes((byte[]) v);
      case DATE -> w.zigZag(((LocalDate) v).toEpochDay());
      case TIME -> w.varLong(((LocalTime) v).toNanoOfDay());
      case TIME_TZ -> {
        w.varLong(((OffsetTime) v).toLocalTime().toNanoOfDay());
        w.zigZag(((OffsetTime) v).getOffset().getTotalSeconds());
      }
      case TIMESTAMP -> {
        w.zigZag(((LocalDateTime) v).toEpochSecond(ZoneOffset.UTC));
        w.varLong(((LocalDateTime) v).getNano());
      }
      case TIMESTAMP_TZ -> {
        OffsetDateTime t = (OffsetDateTime) v;
        w.zigZag(t.toLocalDateTime().toEpochSecond(ZoneOffset.UTC));
        w.varLong(t.getNano());
        w.zigZag(t.getOffset().getTotalSeconds());
      }
      case UUID -> {
        w.fixedLong(((UUID) v).getMostSignificantBits());
        w.fixedLong(((UUID) v).getLeastSignificantBits());
      }
      default -> throw new IllegalArgumentException("cannot serialise " + type);
    }
  }

  public static Object read(Reader r, SqlType type) {
    return switch (type) {
      case BOOLEAN -> r.raw() != 0;
      case TINYINT, SMALLINT, INTEGER -> Math.toIntExact(r.zigZag());
      case BIGINT -> r.zigZag();
      case DECIMAL -> {
        int scale = Math.toIntExact(r.zigZag());
        yield new BigDecimal(new BigInteger(r.bytes()), scale);
      }
      case REAL -> Float.intBitsToFloat((int) r.fixedLong());
      case DOUBLE -> Double.longBitsToDouble(r.fixedLong());
      case CHAR, VARCHAR, CLOB -> readString(r);
      case BINARY, VARBINARY, BLOB -> r.bytes();
      case DATE -> LocalDate.ofEpochDay(r.zigZag());
      case TIME -> LocalTime.ofNanoOfDay(r.varLong());
      case TIME_TZ -> {
        LocalTime t = LocalTime.ofNanoOfDay(r.varLong());
        yield OffsetTime.of(t, ZoneOffset.ofTotalSeconds(Math.toIntExact(r.zigZag())));
      }
      case TIMESTAMP -> LocalDateTime.ofEpochSecond(r.zigZag(), Math.toIntExact(r.varLong()), ZoneOffset.UTC);
      case TIMESTAMP_TZ -> {
        long sec = r.zigZag();
        int nano = Math.toIntExact(r.varLong());
        ZoneOffset off = ZoneOffset.ofTotalSeconds(Math.toIntExact(r.zigZag()));
        yield OffsetDateTime.of(LocalDateTime.ofEpochSecond(sec, nano, ZoneOffset.UTC), off);
      }
      case UUID -> new UUID(r.fixedLong(), r.fixedLong());
    };
  }

  private static void writeString(Writer w, String s) {
    w.varLong(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x01 && c <= 0x7F) {
        w.raw(c);
      } else if (c <= 0x7FF) {
        w.raw(0xC0 | (c >> 6));
        w.raw(0x80 | (c & 0x3F));
      } else {
        w.raw(0xE0 | (c >> 12));
        w.raw(0x80 | ((c >> 6) & 0x3F));
        w.raw(0x80 | (c & 0x3F));
      }
    }
  }

  private static String readString(Reader r) {
    int n = r.length();
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      int b = r.raw();
      if (b < 0x80) {
        chars[i] = (char) b;
      } else if ((b & 0xE0) == 0xC0) {
        chars[i] = (char) (((b & 0x1F) << 6) | (r.raw() & 0x3F));
      } else if ((b & 0xF0) == 0xE0) {
        chars[i] = (char) (((b & 0x0F) << 12) | ((r.raw() & 0x3F) << 6) | (r.raw() & 0x3F));
      } else {
        throw new IllegalArgumentException("malformed string");
      }
    }
    return new String(chars);
  }
}
