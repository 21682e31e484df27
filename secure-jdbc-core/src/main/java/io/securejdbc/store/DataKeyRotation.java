package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.ColumnIndex;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotation of a table's data key while the application keeps reading and writing.
 *
 * <ol>
 *   <li>{@link #begin}: a new key generation becomes current in the catalog; new writes use it, reads accept both.</li>
 *   <li>{@link #step}: re-encrypts a batch of rows still under older generations (compare-and-set on the ciphertext,
 *       so a concurrent update wins) and moves their posting entries to the new generation, index first, data
 *       second, old entries last, like every write. Stateless: it finds its work in the row headers, so a crash
 *       loses nothing and the next call resumes.</li>
 *   <li>When no row is left under an older generation, the index tables are swept of entries of older generations
 *       and those generations are retired (their wrapped keys removed from the catalog).</li>
 * </ol>
 */
public final class DataKeyRotation {

  private static final Logger LOG = LoggerFactory.getLogger(DataKeyRotation.class);

  /** Where a rotation stands. Counts only, never values. */
  public record Progress(String table, int generation, long rowsReencrypted, long rowsRemaining,
      long entriesRemoved, boolean complete) {}

  private final SecureStore store;

  public DataKeyRotation(SecureStore store) {
    this.store = store;
  }

  /** Makes a new key generation current; returns it. The caller keeps write transactions out meanwhile. */
  public int begin(String tableName) throws SQLException {
    Catalog catalog = store.catalog();
    TableInfo t = table(catalog, tableName);
    int next = t.wrappedKeys().size();
    List<byte[]> keys = new ArrayList<>(t.wrappedKeys());
    keys.add(store.newWrappedTableKey(t.tableId(), next));
    store.commitCatalog(catalog, catalog.replacing(t.name(), t.withKeys(next, keys)));
    LOG.info("data key rotation of table {} began: generation {}", t.name(), next);
    return next;
  }

  /** Re-encrypts up to {@code maxRows} rows; completes the rotation when none are left. */
  public Progress step(String tableName, int maxRows) throws SQLException {
    TableInfo t = table(store.catalog(), tableName);
    if (t.liveGenerations().size() == 1) {
      return new Progress(t.name(), t.keyGeneration(), 0, 0, 0, true);
    }
    try (BackendSession session = new BackendSession(store)) {
      List<Row> old = oldRows(session, t, maxRows);
      // Small transactions: the application's writers may need the same index entries' locks.
      for (int from = 0; from < old.size(); from += 50) {
        reencrypt(session, t, old.subList(from, Math.min(old.size(), from + 50)));
      }
      long remaining = oldRows(session, t, Integer.MAX_VALUE).size();
      session.endReadOnly();
      if (remaining > 0) {
        return new Progress(t.name(), t.keyGeneration(), old.size(), remaining, 0, false);
      }
      long removed = sweep(session, t);
      retire(t.name());
      LOG.info("data key rotation of table {} complete: generation {}", t.name(), t.keyGeneration());
      return new Progress(t.name(), t.keyGeneration(), old.size(), 0, removed, true);
    }
  }

  /** Rows whose ciphertext names a generation older than the current one (decrypted). */
  private List<Row> oldRows(BackendSession session, TableInfo t, int limit) throws SQLException {
    TableKeys keys = store.keys(t);
    List<Row> rows = new ArrayList<>();
    List<String> shards = t.dataShards();
    for (int i = 0; i < shards.size() && rows.size() < limit; i++) {
      Backend data = store.backend(shards.get(i));
      try {
        PreparedStatement ps = session.prepare(data, data.dialect().scanRows(t.dataTable()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next() && rows.size() < limit) {
            byte[] ct = rs.getBytes(2);
            long rid = rs.getLong(1);
            if (RowCipher.generationOf(ct) < t.keyGeneration() && Shards.dataShardIndex(rid, shards.size()) == i) {
              rows.add(new Row(rid, RowCipher.decrypt(t, keys, rid, ct)));
              oldCiphertexts.put(rid, ct);
            }
          }
        }
      } catch (SQLException e) {
        throw e.getSQLState() != null && e.getSQLState().startsWith("XX") ? e
            : BackendSession.failure(data, "rotation scan", e);
      }
    }
    return rows;
  }

  private final java.util.Map<Long, byte[]> oldCiphertexts = new java.util.HashMap<>();

  /**
   * Re-encrypts a batch in one transaction. Lock order as every writer: the data rows first (SELECT ... FOR UPDATE,
   * which also re-reads them, so a row a writer changed meanwhile is taken as it is now), then the index entries,
   * then the data rows are rewritten. Any other order can deadlock across backends, where no engine sees the cycle.
   */
  private void reencrypt(BackendSession session, TableInfo t, List<Row> candidates) throws SQLException {
    TableKeys keys = store.keys(t);
    int current = t.keyGeneration();
    List<Row> rows = lockAndReread(session, t, keys, candidates);
    if (rows.isEmpty()) {
      session.commit();
      return;
    }
    for (ColumnInfo c : t.columns()) {
      if (!c.isIndexed()) {
        continue;
      }
      ColumnIndex index = keys.columnIndex(current, c);
      int col = t.columnIndex(c.id());
      for (Row r : rows) {
        byte[] kw = index.keyword(r.values()[col]);
        Backend backend = Shards.indexShard(store, c, kw);
        EntryTable entries = EntryTable.of(backend.dialect(), c);
        PreparedStatement ps = session.prepare(backend, entries.insertSql());
        entries.bindInsert(ps, kw, index.entry(kw, r.rowId()));
        ps.addBatch();
        session.markDirty(backend);
        int rowGeneration = RowCipher.generationOf(oldCiphertexts.get(r.rowId()));
        ColumnIndex oldIndex = keys.columnIndex(rowGeneration, c);
        byte[] oldKw = oldIndex.keyword(r.values()[col]);
        session.defer(new BackendSession.DeferredDelete(Shards.indexShard(store, c, oldKw), t, c, rowGeneration,
            r.rowId(), oldKw, oldIndex.deletionRange(oldKw, r.rowId())));
      }
    }
    for (Row r : rows) {
      Backend data = Shards.dataShard(store, t, r.rowId());
      PreparedStatement ps = session.prepare(data, data.dialect().replaceCiphertext(t.dataTable()));
      byte[] ct = RowCipher.encrypt(t, keys, r.rowId(), r.values());
      ps.setBytes(1, ct);
      ps.setLong(2, r.rowId());
      ps.setBytes(3, oldCiphertexts.remove(r.rowId()));
      ps.addBatch();
      session.markDirty(data);
      if (t.dataShards().size() > 1) {
        // the rows are locked (lockAndReread), so re-applying this after a lost shard commit is exact
        session.logShardWrite(new ShardLog.Op(data.name(), ShardLog.Kind.SET_CT, t.dataTable(),
            t.uniqueSlotCount(), r.rowId(), ct, null));
      }
    }
    session.executeBatches();
    session.commit();
  }

  private List<Row> lockAndReread(BackendSession session, TableInfo t, TableKeys keys, List<Row> candidates)
      throws SQLException {
    java.util.Map<Backend, List<Row>> byShard = new java.util.LinkedHashMap<>();
    for (Row r : candidates) {
      byShard.computeIfAbsent(Shards.dataShard(store, t, r.rowId()), b -> new ArrayList<>()).add(r);
    }
    List<Row> rows = new ArrayList<>();
    for (java.util.Map.Entry<Backend, List<Row>> e : byShard.entrySet()) {
      Backend data = e.getKey();
      List<Row> mine = e.getValue();
      int n = IndexLookup.paddedSize(mine.size());
      PreparedStatement lock = session.prepare(data, data.dialect().selectRowsForUpdate(t.dataTable(), n));
      for (int i = 0; i < n; i++) {
        lock.setLong(i + 1, mine.get(Math.min(i, mine.size() - 1)).rowId());
      }
      try (ResultSet rs = lock.executeQuery()) {
        while (rs.next()) {
          long rid = rs.getLong(1);
          byte[] ct = rs.getBytes(2);
          if (RowCipher.generationOf(ct) < t.keyGeneration()) {
            rows.add(new Row(rid, RowCipher.decrypt(t, keys, rid, ct)));
            oldCiphertexts.put(rid, ct);
          }
        }
      }
    }
    return rows;
  }

  /** Removes every index entry that authenticates under an older generation only. */
  private long sweep(BackendSession session, TableInfo t) throws SQLException {
    TableKeys keys = store.keys(t);
    long removed = 0;
    for (ColumnInfo c : t.columns()) {
      if (!c.isIndexed()) {
        continue;
      }
      for (Backend backend : Shards.indexShards(store, c)) {
        removed += sweep(session, t, c, backend);
      }
    }
    session.commit();
    return removed;
  }

  private long sweep(BackendSession session, TableInfo t, ColumnInfo c, Backend backend) throws SQLException {
    TableKeys keys = store.keys(t);
    {
      ColumnIndex current = keys.columnIndex(t.keyGeneration(), c);
      List<ColumnIndex> older = new ArrayList<>();
      for (int g : t.liveGenerations()) {
        if (g != t.keyGeneration()) {
          older.add(keys.columnIndex(g, c));
        }
      }
      List<byte[][]> obsolete = new ArrayList<>();
      EntryTable entries = EntryTable.of(backend.dialect(), c);
      try (ResultSet rs = session.prepare(backend, entries.scanSql()).executeQuery()) {
        while (rs.next()) {
          byte[][] e = entries.read(rs);
          if (!authenticates(current, e[0], e[1]) && older.stream().anyMatch(o -> authenticates(o, e[0], e[1]))) {
            obsolete.add(e);
          }
        }
      }
      PreparedStatement del = session.prepare(backend, entries.deleteSql());
      for (byte[][] e : obsolete) {
        entries.bindDelete(del, e[0], e[1]);
        del.addBatch();
      }
      del.executeBatch();
      session.markDirty(backend);
      return obsolete.size();
    }
  }

  private static boolean authenticates(ColumnIndex index, byte[] kw, byte[] entry) {
    try {
      index.rowId(kw, entry);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Drops the wrapped keys of every generation but the current one. */
  private void retire(String tableName) throws SQLException {
    Catalog catalog = store.catalog();
    TableInfo t = table(catalog, tableName);
    List<byte[]> keys = new ArrayList<>(t.wrappedKeys());
    // generation 0 keys the uniqueness tags, which do not rotate: it stays
    for (int g = 1; g < t.keyGeneration(); g++) {
      keys.set(g, new byte[0]);
    }
    store.commitCatalog(catalog, catalog.replacing(t.name(), t.withKeys(t.keyGeneration(), keys)));
  }

  private static TableInfo table(Catalog catalog, String name) throws SQLException {
    return catalog.table(name).orElseThrow(() -> SqlState.UNDEFINED_TABLE.exception("Table \"" + name
        + "\" not found"));
  }
}
