package io.securejdbc.store;

import io.securejdbc.SqlState;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out identity values without a round trip per row: each JVM reserves blocks of values in the meta table
 * (a compare-and-set on a high-water mark), so drivers in several processes never generate the same value. The
 * mark reveals to the data backend roughly how many rows were inserted, which its row count reveals anyway.
 */
public final class IdentityAllocator {

  private static final long BLOCK = 1000;

  /** Reserved values [next, limit) of one identity column. */
  private static final class Range {
    long next;
    long limit;
  }

  private final SecureStore store;
  private final Map<String, Range> ranges = new HashMap<>();
  private final Map<String, ReentrantLock> drawing = new ConcurrentHashMap<>();

  public IdentityAllocator(SecureStore store) {
    this.store = store;
  }

  /**
   * Held by a statement from {@link #reserve} to {@link #usedUpTo}: its working engine generates values from the
   * reserved next value on and how many it drew is known only afterwards, so a second statement drawing from the
   * same next value meanwhile would generate the same values. Statements that do not draw never wait for it.
   */
  public void lockDrawing(String tableId, int columnId) {
    drawing.computeIfAbsent(key(tableId, columnId), k -> new ReentrantLock()).lock();
  }

  /** Releases {@link #lockDrawing}. */
  public void unlockDrawing(String tableId, int columnId) {
    ReentrantLock lock = drawing.get(key(tableId, columnId));
    if (lock != null && lock.isHeldByCurrentThread()) {
      lock.unlock();
    }
  }

  /**
   * Takes the values [v, v + span) of a column at once and returns v: the writes that compute their identity values
   * themselves know how many they need before they draw.
   */
  public long draw(String tableId, int columnId, long start, long span) throws SQLException {
    lockDrawing(tableId, columnId);
    try {
      synchronized (this) {
        long v = reserve(tableId, columnId, start, span);
        usedUpTo(tableId, columnId, start, v + span);
        return v;
      }
    } finally {
      unlockDrawing(tableId, columnId);
    }
  }

  /** The next value to generate, with at least {@code count} values reserved from it on. */
  public synchronized long reserve(String tableId, int columnId, long start, long count) throws SQLException {
    Range r = range(tableId, columnId, start);
    if (r.next + count > r.limit) {
      extend(tableId, columnId, r, r.next + Math.max(count, BLOCK), false);
    }
    return r.next;
  }

  /** Records that values below {@code next} were used (reserving more if a statement outran its block). */
  public synchronized void usedUpTo(String tableId, int columnId, long start, long next) throws SQLException {
    Range r = range(tableId, columnId, start);
    if (next > r.limit) {
      extend(tableId, columnId, r, next + BLOCK, true);
    }
    r.next = Math.max(r.next, next);
  }

  /**
   * Gives back the values [{@code from}, {@code to}) that a statement drew and then undid, if nobody drew after it:
   * a batch retried set by set then numbers its rows as H2 would have.
   */
  public synchronized void rewind(String tableId, int columnId, long start, long from, long to) throws SQLException {
    Range r = range(tableId, columnId, start);
    if (r.next == to && from <= to) {
      r.next = from;
    }
  }

  /**
   * Takes the value numbers [k, k + count) of a sequence for one connection and returns k. Numbers, not values:
   * the sequence maps them to values, so its bounds and increment stay out of the shared mark. Same blocks and
   * mark as identity columns, under their own key.
   */
  public synchronized long takeSequenceBlock(String sequenceId, long count) throws SQLException {
    String key = "sequence:" + sequenceId;
    long k = reserve(key, 0, 0, count);
    usedUpTo(key, 0, 0, k + count);
    return k;
  }

  /** The next value of a column, as far as this JVM knows. */
  public synchronized long peek(String tableId, int columnId, long start) throws SQLException {
    return range(tableId, columnId, start).next;
  }

  /** Forgets a table's ranges (DROP TABLE / TRUNCATE ... RESTART IDENTITY). */
  public synchronized void reset(String tableId, int columnId, long start) throws SQLException {
    String key = key(tableId, columnId);
    CatalogStore cs = store.catalogStore();
    byte[] stored = cs.read(key);
    if (stored != null) {
      cs.update(key, decode(stored), start, encode(start));
    }
    ranges.remove(key);
  }

  private Range range(String tableId, int columnId, long start) throws SQLException {
    String key = key(tableId, columnId);
    Range r = ranges.get(key);
    if (r == null) {
      byte[] stored = store.catalogStore().read(key);
      r = new Range();
      r.next = stored == null ? start : decode(stored);
      r.limit = r.next;
      ranges.put(key, r);
    }
    return r;
  }

  /**
   * Moves the shared high-water mark to {@code newLimit}; values between the old mark and it become ours. If another
   * process moved the mark past our block, a statement that has not generated values yet jumps past its mark; one
   * that already generated values beyond our block may have collided and must be retried.
   */
  private void extend(String tableId, int columnId, Range r, long newLimit, boolean generated)
      throws SQLException {
    String key = key(tableId, columnId);
    CatalogStore cs = store.catalogStore();
    for (int attempt = 0; attempt < 10; attempt++) {
      byte[] stored = cs.read(key);
      if (stored == null) {
        if (cs.insert(key, newLimit, encode(newLimit))) {
          r.limit = newLimit;
          return;
        }
        continue;
      }
      long mark = decode(stored);
      if (mark > r.limit) {
        if (generated) {
          throw SqlState.SERIALIZATION_FAILURE.exception(
              "identity values were reserved concurrently by another driver; retry the statement");
        }
        long need = newLimit - r.next;
        r.next = mark;
        newLimit = mark + need;
      }
      if (cs.update(key, mark, newLimit, encode(newLimit))) {
        r.limit = newLimit;
        return;
      }
    }
    throw SqlState.SERIALIZATION_FAILURE.exception("could not reserve identity values; retry the statement");
  }

  private static String key(String tableId, int columnId) {
    return "identity/" + tableId + "/" + columnId;
  }

  private static byte[] encode(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static long decode(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }
}
