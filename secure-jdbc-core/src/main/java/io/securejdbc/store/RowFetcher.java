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
 * Fetches and decrypts rows from a table's data backend: by row id in batches (one round trip per 256 ids), or all
 * of them. Ids the index named but the data backend lacks (stale entries) are simply absent from the result.
 */
public final class RowFetcher {

  private static final int BATCH = 256;
  private static final int ARRAY_BATCH = 4096;

  private final BackendSession session;
  private long rowsFetched;
  private long fullScans;
  private long uniqueKeyLookups;
  private long pipelinedLookups;

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

  /** Index lookups whose fetch was pipelined so far on this connection (see {@link #fetchLookup}). */
  public long pipelinedLookups() {
    return pipelinedLookups;
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
   * The rows of one index lookup's entries, with the entry decryption, the row fetch and the row decryption
   * overlapped: entries decrypt in chunks of {@value #CHUNK} on a pool thread and on this one, this thread fetches
   * each chunk's rows from the data backend as soon as its ids are known, and each fetched chunk decrypts on the
   * pool while the next one is fetched. On two cores that hides most of the cryptography behind the data backend's
   * own work (a 1%-selective lookup spent a third of its time decrypting entries and rows). Small lookups, tables
   * sharded over several data backends and backends without an id-array fetch take the plain path.
   */
  public List<Row> fetchLookup(TableInfo table, IndexLookup.Entries entries) throws SQLException {
    int n = entries.size();
    Backend backend = session.store().backend(table.dataShards().get(0));
    String byArray = backend.dialect().selectRowsByIdArray(table.dataTable());
    if (n < PIPELINE_MIN || table.dataShards().size() != 1 || byArray == null) {
      return fetch(table, entries.rowIds(), false);
    }
    TableKeys keys = session.store().keys(table);
    Parallel pool = session.store().parallel();
    List<Shared<long[]>> idChunks = new ArrayList<>();
    for (int from = 0; from < n; from += CHUNK) {
      int f = from;
      idChunks.add(new Shared<>(() -> entries.rowIds(f, Math.min(n, f + CHUNK))));
    }
    pool.offer(() -> idChunks.forEach(Shared::tryRun));
    java.util.Set<Long> seen = new java.util.HashSet<>(n * 2);
    List<Shared<Row[]>> rowChunks = new ArrayList<>();
    for (Shared<long[]> chunk : idChunks) {
      // outside the backend-error wrapping: an entry that fails authentication reports itself (XX001)
      long[] fresh = unseen(chunk.get(), seen);
      if (fresh.length == 0) {
        continue;
      }
      List<Long> ids = new ArrayList<>(fresh.length);
      List<byte[]> cts = new ArrayList<>(fresh.length);
      try {
        PreparedStatement ps = session.prepare(backend, byArray);
        Long[] boxed = new Long[fresh.length];
        for (int i = 0; i < boxed.length; i++) {
          boxed[i] = fresh[i];
        }
        backend.dialect().bindIdArray(ps, 1, boxed);
        readCiphertexts(ps, ids, cts);
      } catch (SQLException e) {
        throw wrap(backend, e);
      }
      Shared<Row[]> rows = new Shared<>(() -> decrypt(table, keys, ids, cts, 0, ids.size()));
      pool.offer(rows::tryRun);
      rowChunks.add(rows);
    }
    List<Row[]> runs = new ArrayList<>(rowChunks.size());
    try {
      for (Shared<Row[]> rows : rowChunks) {
        runs.add(rows.get());
      }
    } catch (PassThrough e) {
      throw e.original();
    }
    // The plain path returns rows by ascending row id; so does this one.
    List<Row> out = mergeByRowId(runs);
    rowsFetched += out.size();
    pipelinedLookups++;
    return out;
  }

  /**
   * The ids not seen before, in ascending order: the backend then probes its B-tree in key order, and each chunk
   * comes back as a sorted run that {@link #mergeByRowId} merges without a general sort.
   */
  private static long[] unseen(long[] chunkIds, java.util.Set<Long> seen) {
    long[] fresh = new long[chunkIds.length];
    int k = 0;
    for (long id : chunkIds) {
      if (seen.add(id)) {
        fresh[k++] = id;
      }
    }
    fresh = java.util.Arrays.copyOf(fresh, k);
    java.util.Arrays.sort(fresh);
    return fresh;
  }

  /**
   * Merges runs of rows into one list by ascending row id. Runs are normally sorted already (fetched in id order);
   * one that is not (a backend free to return the join in another order) is sorted first.
   */
  static List<Row> mergeByRowId(List<Row[]> runs) {
    List<Row[]> level = new ArrayList<>(runs.size());
    for (Row[] run : runs) {
      if (!sortedByRowId(run)) {
        run = run.clone();
        java.util.Arrays.sort(run, java.util.Comparator.comparingLong(Row::rowId));
      }
      level.add(run);
    }
    // Pairwise merging: n log(runs) comparisons of plain longs.
    while (level.size() > 1) {
      List<Row[]> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        next.add(i + 1 < level.size() ? merge(level.get(i), level.get(i + 1)) : level.get(i));
      }
      level = next;
    }
    return level.isEmpty() ? new ArrayList<>() : new ArrayList<>(java.util.Arrays.asList(level.get(0)));
  }

  private static Row[] merge(Row[] a, Row[] b) {
    Row[] out = new Row[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length && j < b.length) {
      out[k++] = a[i].rowId() <= b[j].rowId() ? a[i++] : b[j++];
    }
    System.arraycopy(a, i, out, k, a.length - i);
    System.arraycopy(b, j, out, k + a.length - i, b.length - j);
    return out;
  }

  private static boolean sortedByRowId(Row[] run) {
    for (int i = 1; i < run.length; i++) {
      if (run[i - 1].rowId() > run[i].rowId()) {
        return false;
      }
    }
    return true;
  }

  /** Entries from which a lookup's fetch is pipelined, and the chunk size (see {@link #fetchLookup}). */
  private static final int PIPELINE_MIN = 512;
  private static final int CHUNK = 128;

  private List<Row> fetch(Backend backend, TableInfo table, RowIds ids, Lock lockMode) throws SQLException {
    TableKeys keys = session.store().keys(table);
    List<Row> rows = new ArrayList<>(ids.size());
    String byArray = lockMode != Lock.NONE ? null : backend.dialect().selectRowsByIdArray(table.dataTable());
    if (byArray != null && ids.size() > 1) {
      try {
        PreparedStatement ps = session.prepare(backend, byArray);
        for (int from = 0; from < ids.size(); from += ARRAY_BATCH) {
          int count = Math.min(ARRAY_BATCH, ids.size() - from);
          Long[] chunk = new Long[count];
          for (int i = 0; i < count; i++) {
            chunk[i] = ids.get(from + i);
          }
          backend.dialect().bindIdArray(ps, 1, chunk);
          read(ps, table, keys, rows);
        }
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
        read(ps, table, keys, rows);
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
      read(ps, table, keys, rows);
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
        read(ps, table, keys, rows);
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

  /** Reads the ciphertexts, then decrypts them (on several threads for large fetches). */
  private void read(PreparedStatement ps, TableInfo table, TableKeys keys, List<Row> rows) throws SQLException {
    List<Long> ids = new ArrayList<>();
    List<byte[]> cts = new ArrayList<>();
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
