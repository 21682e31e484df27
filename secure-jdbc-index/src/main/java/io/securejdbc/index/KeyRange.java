package io.securejdbc.index;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An interval of keywords, compared as unsigned byte strings; a null bound is unbounded. Index lookups are sets of
 * ranges. A range may hold more keywords than its predicate strictly needs (the driver re-checks every row), never
 * fewer.
 */
public record KeyRange(byte[] lower, boolean lowerInclusive, byte[] upper, boolean upperInclusive) {

  public static KeyRange exact(byte[] keyword) {
    return new KeyRange(keyword, true, keyword, true);
  }

  public boolean isExact() {
    return lower != null && upper != null && lowerInclusive && upperInclusive && Arrays.equals(lower, upper);
  }

  /** True when the range cannot contain any keyword. */
  public boolean isEmpty() {
    if (lower == null || upper == null) {
      return false;
    }
    int c = Arrays.compareUnsigned(lower, upper);
    return c > 0 || (c == 0 && !(lowerInclusive && upperInclusive));
  }

  public boolean contains(byte[] keyword) {
    if (lower != null) {
      int c = Arrays.compareUnsigned(keyword, lower);
      if (c < 0 || (c == 0 && !lowerInclusive)) {
        return false;
      }
    }
    if (upper != null) {
      int c = Arrays.compareUnsigned(keyword, upper);
      return c < 0 || (c == 0 && upperInclusive);
    }
    return true;
  }

  /** The intersection (for AND of two predicates on one column). */
  public KeyRange intersect(KeyRange other) {
    byte[] lo = lower;
    boolean loIn = lowerInclusive;
    if (other.lower != null) {
      int c = lo == null ? -1 : Arrays.compareUnsigned(lo, other.lower);
      if (c < 0 || (c == 0 && !other.lowerInclusive)) {
        lo = other.lower;
        loIn = other.lowerInclusive && (c != 0 || loIn);
      }
    }
    byte[] hi = upper;
    boolean hiIn = upperInclusive;
    if (other.upper != null) {
      int c = hi == null ? 1 : Arrays.compareUnsigned(hi, other.upper);
      if (c > 0 || (c == 0 && !other.upperInclusive)) {
        hi = other.upper;
        hiIn = other.upperInclusive && (c != 0 || hiIn);
      }
    }
    return new KeyRange(lo, loIn, hi, hiIn);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRange r && Arrays.equals(lower, r.lower) && Arrays.equals(upper, r.upper)
        && lowerInclusive == r.lowerInclusive && upperInclusive == r.upperInclusive;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(lower) * 31 + Arrays.hashCode(upper);
  }

  /** Keywords may be plaintext values: this is for debugging only and must never reach a log at INFO or above. */
  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return (lowerInclusive ? "[" : "(") + (lower == null ? "-inf" : hex.formatHex(lower)) + ", "
        + (upper == null ? "+inf" : hex.formatHex(upper)) + (upperInclusive ? "]" : ")");
  }
}
