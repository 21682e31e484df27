package io.securejdbc.catalog;

/**
 * A sequence as the application declared it. Its values are {@code base + k * increment} for k = 0, 1, 2...
 * within [{@code minValue}, {@code maxValue}]; drivers hand out disjoint ranges of k (see
 * {@code IdentityAllocator#takeSequenceBlock}), so values never repeat across connections and processes.
 *
 * @param sequenceId random id naming the sequence's high-water mark; a new id (CREATE, RESTART) starts afresh
 * @param start the declared START WITH value (what a plain RESTART goes back to)
 * @param base the value numbered k = 0: the start, or the value of the last RESTART WITH
 * @param dataType SMALLINT, INTEGER or BIGINT: the type NEXT VALUE FOR returns, as in H2
 * @param cache how many values one connection takes at a time (gaps of up to this many appear, as with a cache)
 */
public record SequenceInfo(String name, String sequenceId, String dataType, long start, long base, long increment,
    long minValue, long maxValue, long cache) {

  /** The value numbered {@code k}, or null when it lies beyond the sequence's bounds (or beyond 64 bits). */
  public Long value(long k) {
    try {
      long v = Math.addExact(base, Math.multiplyExact(k, increment));
      return v < minValue || v > maxValue ? null : v;
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** The last value of the block [k, k + size) that lies within bounds; null when even k's value does not. */
  public Long lastValue(long k, long size) {
    if (value(k) == null) {
      return null;
    }
    long lo = k;
    long hi = k + size - 1;
    // values are monotonic in k, so the last in-bounds one is found by bisection
    while (lo < hi) {
      long mid = lo + (hi - lo + 1) / 2;
      if (value(mid) != null) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return value(lo);
  }

  public SequenceInfo restartedWith(String newId, long newBase) {
    return new SequenceInfo(name, newId, dataType, start, newBase, increment, minValue, maxValue, cache);
  }

  /** The smallest value the data type holds. */
  public static long typeMin(String dataType) {
    return switch (dataType) {
      case "SMALLINT" -> Short.MIN_VALUE;
      case "INTEGER" -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
  }

  /** The largest value the data type holds. */
  public static long typeMax(String dataType) {
    return switch (dataType) {
      case "SMALLINT" -> Short.MAX_VALUE;
      case "INTEGER" -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
  }
}
