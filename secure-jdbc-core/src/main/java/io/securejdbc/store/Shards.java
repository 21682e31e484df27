package io.securejdbc.store;

import io.securejdbc.backend.Backend;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.index.SqlType;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a row or a keyword lives when a table's data is spread over several data backends (by row id) and a
 * column's index over several index backends (by keyword).
 *
 * <p>A row id's low byte is its <em>slot</em>; a slot's shard is a jump consistent hash of the slot over the table's
 * shard list, so growing the list by one backend moves only the slots that now hash to the new backend, and a row
 * never changes its id when it moves. Rows of a table with exactly one unique key take the slot of that key's
 * uniqueness tag, so every possible duplicate meets its original on the same backend, whose unique constraint then
 * decides, race-free, as on a single backend. A table with several unique keys keeps all its rows in one slot (one
 * backend): no single slot could colocate every key's duplicates. A table without unique keys spreads at random.
 *
 * <p>A keyword's shard is a jump consistent hash of the keyword bytes over the column's index shard list: equality
 * lookups ask one backend, ranges ask all of them at once.
 */
public final class Shards {

  static final int SLOTS = 256;

  private Shards() {}

  /** The slot of a row id. */
  public static int slotOf(long rowId) {
    return (int) (rowId & (SLOTS - 1));
  }

  /** The backend holding the row with this id. */
  static Backend dataShard(SecureStore store, TableInfo table, long rowId) {
    List<String> shards = table.dataShards();
    return store.backend(shards.size() == 1 ? shards.get(0) : shards.get(dataShardIndex(rowId, shards.size())));
  }

  /** Position in a shard list of {@code n} data backends that owns this row id. */
  public static int dataShardIndex(long rowId, int n) {
    return n == 1 ? 0 : jump(mix(slotOf(rowId) + 1L), n);
  }

  /** Every data backend of the table, in shard order. */
  static List<Backend> dataShards(SecureStore store, TableInfo table) {
    List<Backend> out = new ArrayList<>();
    for (String name : table.dataShards()) {
      out.add(store.backend(name));
    }
    return out;
  }

  /** The backend holding this keyword's entries in the column's index. */
  static Backend indexShard(SecureStore store, ColumnInfo column, byte[] keyword) {
    List<String> shards = column.indexShards();
    return store.backend(shards.size() == 1 ? shards.get(0)
        : shards.get(indexShardIndex(keyword, shards.size())));
  }

  /** Position in a shard list of {@code n} index backends that owns this keyword. */
  public static int indexShardIndex(byte[] keyword, int n) {
    return n == 1 ? 0 : jump(hash(keyword), n);
  }

  /** Every index backend of the column, in shard order. */
  static List<Backend> indexShards(SecureStore store, ColumnInfo column) {
    List<Backend> out = new ArrayList<>();
    for (String name : column.indexShards()) {
      out.add(store.backend(name));
    }
    return out;
  }

  /** Groups keywords by the index backend owning them (insertion order kept within a group). */
  static Map<Backend, List<byte[]>> byIndexShard(SecureStore store, ColumnInfo column, List<byte[]> keywords) {
    Map<Backend, List<byte[]>> out = new LinkedHashMap<>();
    for (byte[] kw : keywords) {
      out.computeIfAbsent(indexShard(store, column, kw), b -> new ArrayList<>()).add(kw);
    }
    return out;
  }

  /** The slot a new row takes by the table's rule (see the class comment); -1 for a random slot. */
  static int slotForNewRow(TableInfo table, byte[][] tagsBySlot) {
    List<UniqueKey> uniques = table.uniqueKeys();
    if (uniques.isEmpty()) {
      return -1;
    }
    if (uniques.size() > 1) {
      return slotOfBytes(table.tableId().getBytes(StandardCharsets.US_ASCII));
    }
    byte[] tag = tagsBySlot[uniques.get(0).slot()];
    return tag == null ? -1 : slotOfBytes(tag);
  }

  /** Whether a row with these values belongs in the slot its id names (else an update must move it). */
  static boolean placedRight(TableInfo table, TableKeys keys, long rowId, Object[] values) throws SQLException {
    List<UniqueKey> uniques = table.uniqueKeys();
    if (uniques.isEmpty()) {
      return true;
    }
    if (uniques.size() > 1) {
      return slotOf(rowId) == slotOfBytes(table.tableId().getBytes(StandardCharsets.US_ASCII));
    }
    byte[] tag = tag(table, keys, uniques.get(0), values);
    return tag == null || slotOf(rowId) == slotOfBytes(tag);
  }

  /**
   * A row's uniqueness tag for one key (null when a key column is NULL). Tags use generation 0, the table's tag key,
   * which never rotates: uniqueness must hold across rows of every data key generation.
   */
  static byte[] tag(TableInfo table, TableKeys keys, UniqueKey key, Object[] values) throws SQLException {
    List<SqlType> types = new ArrayList<>();
    List<Object> keyValues = new ArrayList<>();
    for (int id : key.columnIds()) {
      int idx = table.columnIndex(id);
      types.add(table.columns().get(idx).type().type());
      keyValues.add(values[idx]);
    }
    return keys.uniqueTags(0, key).tag(types, keyValues);
  }

  private static int slotOfBytes(byte[] bytes) {
    return (int) (hash(bytes) & (SLOTS - 1));
  }

  /** A 64-bit FNV-1a hash, finalised: placement only needs spread, not secrecy (the backend sees where it is). */
  static long hash(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** Jump consistent hash (Lamping and Veach, 2014): a bucket in [0, buckets) for a 64-bit key. */
  static int jump(long key, int buckets) {
    long b = -1;
    long j = 0;
    while (j < buckets) {
      b = j;
      key = key * 2862933555777941757L + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
    }
    return (int) b;
  }
}
