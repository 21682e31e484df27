package io.securejdbc.store;

import java.util.Arrays;

/** An immutable sorted set of row ids (a sorted, duplicate-free long[]), with the set algebra of AND and OR. */
public final class RowIds {

  private static final RowIds EMPTY = new RowIds(new long[0]);
  private final long[] ids;

  private RowIds(long[] sortedUnique) {
    this.ids = sortedUnique;
  }

  public static RowIds empty() {
    return EMPTY;
  }

  /** From ids in any order, possibly repeated. */
  public static RowIds of(long[] ids, int count) {
    long[] copy = Arrays.copyOf(ids, count);
    Arrays.sort(copy);
    int n = 0;
    for (int i = 0; i < copy.length; i++) {
      if (i == 0 || copy[i] != copy[i - 1]) {
        copy[n++] = copy[i];
      }
    }
    return new RowIds(n == copy.length ? copy : Arrays.copyOf(copy, n));
  }

  public int size() {
    return ids.length;
  }

  public boolean isEmpty() {
    return ids.length == 0;
  }

  public long get(int i) {
    return ids[i];
  }

  public RowIds and(RowIds other) {
    long[] out = new long[Math.min(ids.length, other.ids.length)];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < ids.length && j < other.ids.length) {
      long a = ids[i];
      long b = other.ids[j];
      if (a == b) {
        out[n++] = a;
        i++;
        j++;
      } else if (a < b) {
        i++;
      } else {
        j++;
      }
    }
    return new RowIds(Arrays.copyOf(out, n));
  }

  public RowIds or(RowIds other) {
    long[] out = new long[ids.length + other.ids.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < ids.length || j < other.ids.length) {
      if (j >= other.ids.length || (i < ids.length && ids[i] < other.ids[j])) {
        out[n++] = ids[i++];
      } else if (i >= ids.length || other.ids[j] < ids[i]) {
        out[n++] = other.ids[j++];
      } else {
        out[n++] = ids[i++];
        j++;
      }
    }
    return new RowIds(Arrays.copyOf(out, n));
  }

  /** A growable buffer to collect ids before sorting them once. */
  public static final class Builder {
    private long[] buf = new long[16];
    private int n;

    public void add(long id) {
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = id;
    }

    public RowIds build() {
      return RowIds.of(buf, n);
    }
  }
}
