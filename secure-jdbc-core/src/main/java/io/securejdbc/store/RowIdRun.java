package io.securejdbc.store;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Row ids for the rows one write inserts: their high 55 bits are a run of consecutive values from a random start,
 * handed to the rows in a random order; the low byte is each row's slot (see {@link Shards}).
 *
 * <p>Why a run: the data backend's primary key is a B-tree, and 500 ids scattered at random touch ~500 leaf pages
 * twice (the insert, then the commit that marks each entry committed); a run touches a handful (measured in
 * docs/benchmarks.md: H2's commit of such a batch takes about half as long).
 *
 * <p>What the backend learns: which rows one statement wrote, which it sees anyway when they arrive together, now
 * also in a copy of its files. Not the order within the statement (the run is shuffled), nor the insertion order
 * or row count of the table (every run starts at random). The chance that a new id meets an existing one is the
 * same as for independent random ids: n new ids against N rows collide with probability about n * N / 2^63.
 */
final class RowIdRun {

  private static final int SLOT_BITS = Integer.numberOfTrailingZeros(Shards.SLOTS);
  /** The high part ranges over [1, 2^55): every id is positive and never 0. */
  private static final long HIGH_LIMIT = 1L << (Long.SIZE - 1 - SLOT_BITS);

  private RowIdRun() {}

  /**
   * One id per row; {@code slots[i]} is row i's slot, or -1 for a random one (tables without a unique key, which
   * spread at random).
   */
  static long[] draw(SecureRandom random, int[] slots) {
    int n = slots.length;
    long[] ids = new long[n];
    if (n == 0) {
      return ids;
    }
    long start = 1 + random.nextLong(HIGH_LIMIT - n);
    // Random bytes in one call: a SecureRandom call per row would cost as much as the rest of this.
    ByteBuffer bits = ByteBuffer.wrap(new byte[n * 5]);
    random.nextBytes(bits.array());
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      // Fisher-Yates; the multiply-shift maps 32 random bits onto [0, i] (bias at most n / 2^32).
      int j = (int) (((bits.getInt() & 0xFFFFFFFFL) * (i + 1)) >>> 32);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int i = 0; i < n; i++) {
      int slot = slots[i] >= 0 ? slots[i] : bits.get(4 * n + i) & (Shards.SLOTS - 1);
      ids[i] = ((start + order[i]) << SLOT_BITS) | slot;
    }
    return ids;
  }
}
