package io.securejdbc.index;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;

/**
 * Order-preserving byte encodings: for values a, b of one type, {@code compare(a, b)} has the sign of the unsigned
 * lexicographic comparison of their encodings. Every backend compares VARBINARY/BYTEA that way, so an index backend
 * can answer range and prefix lookups on keywords without knowing their types.
 */
final class OrderedBytes {

  private OrderedBytes() {}

  /** Signed 64-bit integer: big-endian with the sign bit flipped. */
  static void writeLong(ByteArrayOutputStream out, long v) {
    long u = v ^ Long.MIN_VALUE;
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (u >>> shift));
    }
  }

  static void writeInt(ByteArrayOutputStream out, int v) {
    int u = v ^ Integer.MIN_VALUE;
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write(u >>> shift);
    }
  }

  /** IEEE 754 double in the order of {@link Double#compare}: -inf < ... < -0.0 < 0.0 < ... < +inf < NaN. */
  static void writeDouble(ByteArrayOutputStream out, double d) {
    long bits = Double.doubleToLongBits(d);
    bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (bits >>> shift));
    }
  }

  /**
   * Decimal in numeric order, independent of scale (1.0 and 1.00 encode alike). Layout: a sign class byte (0x40
   * negative, 0x80 zero, 0xC0 positive), then for non-zero values the decimal exponent and the digits, both inverted
   * for negatives so that larger magnitudes sort first. Digits end with a terminator that sorts below any digit
   * (above, once inverted), since a shorter digit string is the smaller magnitude.
   */
  static void writeDecimal(ByteArrayOutputStream out, BigDecimal value) {
    int signum = value.signum();
    if (signum == 0) {
      out.write(0x80);
      return;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int exponent = digits.length() - stripped.scale();
    int flip = signum < 0 ? 0xFF : 0;
    out.write(signum < 0 ? 0x40 : 0xC0);
    int e = exponent ^ Integer.MIN_VALUE;
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write(((e >>> shift) & 0xFF) ^ flip);
    }
    for (int i = 0; i < digits.length(); i++) {
      out.write((digits.charAt(i) - '0' + 1) ^ flip);
    }
    out.write(flip);
  }

  /**
   * A string in the order of {@link String#compareTo} (UTF-16 code units), prefix-free per character: 0x01-0x7F as
   * one byte, U+0000 as 00 00, everything else as FF hi lo. Because no code is a prefix of another and codes sort as
   * their characters, the concatenation sorts as the string, and strings with a common prefix share the prefix's
   * encoding (which is what prefix lookups need).
   */
  static void writeString(ByteArrayOutputStream out, CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x01 && c <= 0x7F) {
        out.write(c);
      } else if (c == 0) {
        out.write(0);
        out.write(0);
      } else {
        out.write(0xFF);
        out.write(c >>> 8);
        out.write(c & 0xFF);
      }
    }
  }

  /** The smallest byte string greater than every string that starts with {@code prefix}; null if none exists. */
  static byte[] prefixSuccessor(byte[] prefix) {
    int i = prefix.length - 1;
    while (i >= 0 && prefix[i] == (byte) 0xFF) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    byte[] next = java.util.Arrays.copyOf(prefix, i + 1);
    next[i]++;
    return next;
  }
}
