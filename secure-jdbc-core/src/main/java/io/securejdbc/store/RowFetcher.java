package io.securejdbc.store;

import io.securejdbc.backend.Backend;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches and decrypts rows from a table's data backend: by row id (one statement for all ids where the dialect
 * passes them as an array, else one per 256 ids), or all of them. Ids the index named but the data backend lacks
 * (stale entries) are simply absent from the result.
 */
public final class RowFetcher {

  private static final int BATCH = 256;

  private final BackendSession session;
  private long rowsFetched;
  private long fullScans;
  private long uniqueKeyLookups;

  public RowFetcher(BackendSession session) {
    this.session = session;
  }

  /** Rows decrypted so far on this connection (for tests and diagnostics). */
  public long rowsFetched() {
    return rowsFetched;
  }

  /** Lookups answered by a uniqueness tag so far on this connection. */
  public long uniqueKeyLookups() {
    return uniqueKeyLookups;
  }

  /** Full scans of data tables so far on this connection. */
  public long fullScans() {
    return fullScans;
  }

  /** How a fetch locks the rows it reads. */
  private enum Lock {
    NONE, SHARE, UPDATE
  }

  public List<Row> fetch(TableInfo table, RowIds ids, boolean forUpdate) throws SQLException {
    return fetch(table, ids, forUpdate ? Lock.UPDATE : Lock.NONE);
  }

  /**
   * The rows with a shared lock where the backend has one (exclusive on H2): no other transaction can delete them
   * or lock them for update until this one ends, while other shared readers go on (foreign key parents).
   */
  public List<Row> fetchShared(TableInfo table, RowIds ids) throws SQLException {
    return fetch(table, ids, Lock.SHARE);
  }

  private List<Row> fetch(TableInfo table, RowIds ids, Lock lockMode) throws SQLException {
    boolean forUpdate = lockMode != Lock.NONE;
    List<String> shards = table.dataShards();
    if (shards.size() == 1) {
      return fetch(session.store().backend(shards.get(0)), table, ids, lockMode);
    }
    // Each shard's ids from its own backend; the shards are asked one after the other on this connection's
    // backend sessions (each backend connection serves one thread at a time).
    List<RowIds.Builder> parts = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      parts.add(new RowIds.Builder());
    }
    for (int i = 0; i < ids.size(); i++) {
      parts.get(Shards.dataShardIndex(ids.get(i), shards.size())).add(ids.get(i));
    }
    List<Row> rows = new ArrayList<>(ids.size());
    // Locking reads take no lock: they may wait for row locks of a transaction that is about to commit.
    java.util.concurrent.locks.Lock lock = forUpdate ? null : session.store().shardReadLock();
    if (lock != null) {
      lock.lock();
    }
    try {
      for (int i = 0; i < shards.size(); i++) {
        RowIds part = parts.get(i).build();
        if (part.size() > 0) {
          rows.addAll(fetch(session.store().backend(shards.get(i)), table, part, lockMode));
        }
      }
    } finally {
      if (lock != null) {
        lock.unlock();
      }
    }
    return rows;
  }

  /**
   * The rows of one index lookup's entries: the entries decrypt on both cores, then the rows come from the data
   * backend in one statement where the dialect can pass the ids as an array (see {@link #fetch(Backend, TableInfo,
   * RowIds, Lock)} for why one), and decrypt on both cores.
   */
  public List<Row> fetchLookup(TableInfo table, IndexLookup.Entries entries) throws SQLException {
    return fetch(table, entries.rowIds(), false);
  }

  private List<Row> fetch(Backend backend, TableInfo table, RowIds ids, Lock lockMode) throws SQLException {
    TableKeys keys = session.store().keys(table);
    List<Row> rows = new ArrayList<>(ids.size());
    int max = backend.dialect().maxIdArrayLength();
    int arrays = (int) ((ids.size() + (long) max - 1) / max);
    String byArray = lockMode != Lock.NONE || ids.size() < 2 ? null
        : backend.dialect().selectRowsByIdArrays(table.dataTable(), arrays);
    if (byArray != null) {
      // All ids in one statement, however many: each statement of a READ COMMITTED backend reads its own snapshot,
      // so rows fetched in several statements could show a concurrent transaction's commit in some and not in
      // others (ReadConsistencyTest saw a third of 1,500-row lookups with half of a transfer when chunked).
      try {
        PreparedStatement ps = session.prepare(backend, byArray);
        for (int a = 0; a < arrays; a++) {
          int from = a * max;
          Long[] part = new Long[Math.min(max, ids.size() - from)];
          for (int i = 0; i < part.length; i++) {
            part[i] = ids.get(from + i);
          }
          backend.dialect().bindIdArray(ps, a + 1, part);
        }
        read(ps, table, keys, rows, ids.size());
      } catch (SQLException e) {
        throw wrap(backend, e);
      }
      return rows;
    }
    try {
      for (int from = 0; from < ids.size(); from += BATCH) {
        int count = Math.min(BATCH, ids.size() - from);
        int n = IndexLookup.paddedSize(count);
        String sql = switch (lockMode) {
          case UPDATE -> backend.dialect().selectRowsForUpdate(table.dataTable(), n);
          case SHARE -> backend.dialect().selectRowsForShare(table.dataTable(), n);
          case NONE -> backend.dialect().selectRows(table.dataTable(), n);
        };
        PreparedStatement ps = session.prepare(backend, sql);
        for (int i = 0; i < n; i++) {
          ps.setLong(i + 1, ids.get(from + Math.min(i, count - 1)));
        }
        read(ps, table, keys, rows, count);
      }
    } catch (SQLException e) {
      throw wrap(backend, e);
    }
    return rows;
  }

  /**
   * The row whose single-column unique key holds {@code value} (canonical for the column's type), looked up by the
   * key's uniqueness tag on the data backend: one round trip instead of an index lookup and then a fetch. The data
   * backend learns nothing new (it holds the tags, and sees which row is read either way); the index backend no
   * longer sees the lookup. Null (not looked up) when the table is sharded over several data backends.
   */
  public List<Row> fetchByUniqueKey(TableInfo table, UniqueKey key, Object value, boolean forUpdate)
      throws SQLException {
    if (table.dataShards().size() != 1 || key.columnIds().size() != 1 || value == null) {
      return null;
    }
    TableKeys keys = session.store().keys(table);
    Object[] values = new Object[table.columns().size()];
    values[table.columnIndex(key.columnIds().get(0))] = value;
    byte[] tag = Shards.tag(table, keys, key, values);
    if (tag == null) {
      return null;
    }
    Backend backend = session.store().backend(table.dataShards().get(0));
    List<Row> rows = new ArrayList<>(1);
    try {
      PreparedStatement ps = session.prepare(backend,
          backend.dialect().selectRowByTag(table.dataTable(), key.slot(), forUpdate));
      ps.setBytes(1, tag);
      read(ps, table, keys, rows, 1);
      uniqueKeyLookups++;
    } catch (SQLException e) {
      throw wrap(backend, e);
    }
    return rows;
  }

  public List<Row> scan(TableInfo table, boolean forUpdate) throws SQLException {
    TableKeys keys = session.store().keys(table);
    List<Row> rows = new ArrayList<>();
    fullScans++;
    List<String> shards = table.dataShards();
    java.util.concurrent.locks.Lock lock = forUpdate || shards.size() == 1 ? null : session.store().shardReadLock();
    if (lock != null) {
      lock.lock();
    }
    try {
      scanShards(table, keys, shards, forUpdate, rows);
    } finally {
      if (lock != null) {
        lock.unlock();
      }
    }
    return rows;
  }

  private void scanShards(TableInfo table, TableKeys keys, List<String> shards, boolean forUpdate, List<Row> rows)
      throws SQLException {
    for (int i = 0; i < shards.size(); i++) {
      Backend backend = session.store().backend(shards.get(i));
      String sql = backend.dialect().scanRows(table.dataTable()) + (forUpdate ? " FOR UPDATE" : "");
      int before = rows.size();
      try {
        PreparedStatement ps = session.prepare(backend, sql);
        ps.setFetchSize(1000);
        read(ps, table, keys, rows, 1000);
      } catch (SQLException e) {
        throw wrap(backend, e);
      }
      if (shards.size() > 1) {
        dropStrays(rows, before, i, shards.size());
      }
    }
  }

  /**
   * A rebalance interrupted between switching a slot to its new backend and deleting the old copies leaves rows on
   * a shard that no longer owns them: the owner holds the current copy, so the stray one is not part of the table.
   */
  private static void dropStrays(List<Row> rows, int from, int shard, int shards) {
    int w = from;
    for (int r = from; r < rows.size(); r++) {
      if (Shards.dataShardIndex(rows.get(r).rowId(), shards) == shard) {
        rows.set(w++, rows.get(r));
      }
    }
    rows.subList(w, rows.size()).clear();
  }

  /**
   * Reads the ciphertexts, then decrypts them (on several threads for large fetches). {@code expected} rows size the
   * buffers (growing them from empty drew 4% of a 10,000-row GROUP BY's profile samples; its time moved within
   * noise, 45.1 against 44.3 ms).
   */
  private void read(PreparedStatement ps, TableInfo table, TableKeys keys, List<Row> rows, int expected)
      throws SQLException {
    List<Long> ids = new ArrayList<>(expected);
    List<byte[]> cts = new ArrayList<>(expected);
    readCiphertexts(ps, ids, cts);
    Row[] out = new Row[ids.size()];
    session.store().parallel().forRange(out.length, PARALLEL_THRESHOLD, PIECE, (from, to) ->
        System.arraycopy(decrypt(table, keys, ids, cts, from, to), 0, out, from, to - from));
    rows.addAll(java.util.Arrays.asList(out));
    rowsFetched += out.length;
  }

  private static void readCiphertexts(PreparedStatement ps, List<Long> ids, List<byte[]> cts) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
        cts.add(rs.getBytes(2));
      }
    }
  }

  /**
   * Rows {@code from} to {@code to} (exclusive). A ciphertext that is not authentic fails with XX001, carried as a
   * {@link PassThrough} so that the backend-error wrapping around the fetch leaves it unchanged.
   */
  private static Row[] decrypt(TableInfo table, TableKeys keys, List<Long> ids, List<byte[]> cts, int from, int to)
      throws SQLException {
    Row[] out = new Row[to - from];
    try {
      for (int i = from; i < to; i++) {
        out[i - from] = new Row(ids.get(i), RowCipher.decrypt(table, keys, ids.get(i), cts.get(i)));
      }
    } catch (PassThrough e) {
      throw e;
    } catch (SQLException e) {
      throw new PassThrough(e);
    }
    return out;
  }

  /**
   * A row costs about 0.6-1 µs to decrypt and decode and a pool thread starts helping 40-80 µs after it is woken
   * (see {@link Parallel#forRange}): splitting can pay from about a hundred rows on.
   */
  private static final int PARALLEL_THRESHOLD = 128;
  private static final int PIECE = 32;

  /** Our own integrity errors pass through; backend errors are named, never echoed. */
  private static SQLException wrap(Backend backend, SQLException e) {
    return e instanceof PassThrough own ? own.original() : BackendSession.failure(backend, "row fetch", e);
  }
}
