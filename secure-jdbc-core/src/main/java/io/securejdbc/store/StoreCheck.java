package io.securejdbc.store;

import io.securejdbc.backend.Backend;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.ColumnIndex;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verification and repair of one table's stored state: every row ciphertext must authenticate, every index entry
 * must authenticate and name a row that holds its keyword, and every row must have an entry in every index.
 * Repair removes stale and unauthentic entries and adds missing ones (the index can always be rebuilt from the
 * rows); a row that fails authentication is only reported: its plaintext is gone, and hiding it would lose evidence.
 */
public final class StoreCheck {

  /** What a check found, in counts (never values). */
  public record Report(String table, long rows, long corruptRows, long entries, long staleEntries,
      long corruptEntries, long missingEntries, boolean repaired) {

    public boolean clean() {
      return corruptRows == 0 && staleEntries == 0 && corruptEntries == 0 && missingEntries == 0;
    }
  }

  private final BackendSession session;

  public StoreCheck(BackendSession session) {
    this.session = session;
  }

  public Report run(TableInfo table, boolean repair) throws SQLException {
    SecureStore store = session.store();
    TableKeys keys = store.keys(table);
    Map<Long, Object[]> rows = new HashMap<>();
    Map<Backend, List<Long>> strays = new HashMap<>();
    long corruptRows = scanRows(table, keys, rows, strays);
    long entries = 0;
    long stale = strays.values().stream().mapToLong(List::size).sum();
    long corrupt = 0;
    long missing = 0;
    for (int c = 0; c < table.columns().size(); c++) {
      ColumnInfo column = table.columns().get(c);
      if (!column.isIndexed()) {
        continue;
      }
      Set<Long> covered = new HashSet<>();
      Map<Backend, List<byte[][]>> badByShard = new java.util.LinkedHashMap<>();
      for (Backend backend : Shards.indexShards(store, column)) {
        List<byte[][]> bad = new ArrayList<>();
        badByShard.put(backend, bad);
        EntryTable index = EntryTable.of(backend.dialect(), column);
        try (ResultSet rs = session.prepare(backend, index.scanSql()).executeQuery()) {
          while (rs.next()) {
            entries++;
            byte[][] stored = index.readUnchecked(rs);
            byte[] kw = stored[0];
            byte[] entry = stored[1];
            Verdict v = kw == null ? Verdict.CORRUPT : judge(table, keys, column, c, kw, entry, rows);
            if (v == Verdict.VALID && Shards.indexShard(store, column, kw) != backend) {
              // A copy on a shard that no longer owns the keyword (an interrupted rebalance): lookups never ask
              // this backend for it.
              v = Verdict.STALE;
            }
            if (v == Verdict.VALID) {
              covered.add(rowIdOf(table, keys, column, kw, entry));
            } else {
              bad.add(new byte[][] {kw, entry});
              if (v == Verdict.STALE) {
                stale++;
              } else {
                corrupt++;
              }
            }
          }
        }
      }
      List<Row> uncovered = new ArrayList<>();
      for (Map.Entry<Long, Object[]> r : rows.entrySet()) {
        if (!covered.contains(r.getKey())) {
          uncovered.add(new Row(r.getKey(), r.getValue()));
        }
      }
      missing += uncovered.size();
      if (repair) {
        for (Map.Entry<Backend, List<byte[][]>> e : badByShard.entrySet()) {
          deleteEntries(column, e.getKey(), e.getValue());
        }
        if (!uncovered.isEmpty()) {
          new TableWriter(session).writeColumnEntries(table, column, uncovered);
        }
      }
    }
    if (repair) {
      deleteStrays(table, strays);
      session.commit();
    } else {
      session.endReadOnly();
    }
    return new Report(table.name(), rows.size() + corruptRows, corruptRows, entries, stale, corrupt, missing,
        repair);
  }

  private enum Verdict { VALID, STALE, CORRUPT }

  /** Decrypts every row of every shard; copies on a shard that does not own their slot are strays. */
  private long scanRows(TableInfo table, TableKeys keys, Map<Long, Object[]> rows, Map<Backend, List<Long>> strays)
      throws SQLException {
    long corrupt = 0;
    List<String> shards = table.dataShards();
    for (int i = 0; i < shards.size(); i++) {
      Backend data = session.store().backend(shards.get(i));
      try (ResultSet rs = session.prepare(data, data.dialect().scanRows(table.dataTable())).executeQuery()) {
        while (rs.next()) {
          long rid = rs.getLong(1);
          if (Shards.dataShardIndex(rid, shards.size()) != i) {
            strays.computeIfAbsent(data, b -> new ArrayList<>()).add(rid);
            continue;
          }
          try {
            rows.put(rid, RowCipher.decrypt(table, keys, rid, rs.getBytes(2)));
          } catch (SQLException e) {
            corrupt++;
          }
        }
      }
    }
    return corrupt;
  }

  private void deleteStrays(TableInfo table, Map<Backend, List<Long>> strays) throws SQLException {
    for (Map.Entry<Backend, List<Long>> e : strays.entrySet()) {
      Backend data = e.getKey();
      PreparedStatement del = session.prepare(data, data.dialect().deleteRow(table.dataTable()));
      for (long rid : e.getValue()) {
        del.setLong(1, rid);
        del.addBatch();
      }
      del.executeBatch();
      session.markDirty(data);
    }
  }

  /** Valid: authenticates under a live generation and names a row whose value has this keyword there. */
  private static Verdict judge(TableInfo table, TableKeys keys, ColumnInfo column, int c, byte[] kw, byte[] entry,
      Map<Long, Object[]> rows) throws SQLException {
    for (int g : table.liveGenerations()) {
      ColumnIndex index = keys.columnIndex(g, column);
      long rid;
      try {
        rid = index.rowId(kw, entry);
      } catch (GeneralSecurityException e) {
        continue;
      }
      Object[] row = rows.get(rid);
      return row != null && Arrays.equals(index.keyword(row[c]), kw) ? Verdict.VALID : Verdict.STALE;
    }
    return Verdict.CORRUPT;
  }

  private static long rowIdOf(TableInfo table, TableKeys keys, ColumnInfo column, byte[] kw, byte[] entry)
      throws SQLException {
    for (int g : table.liveGenerations()) {
      try {
        return keys.columnIndex(g, column).rowId(kw, entry);
      } catch (GeneralSecurityException e) {
        // another generation's entry
      }
    }
    throw new IllegalStateException("entry judged valid but unreadable");
  }

  private void deleteEntries(ColumnInfo column, Backend backend, List<byte[][]> bad) throws SQLException {
    if (bad.isEmpty()) {
      return;
    }
    EntryTable index = EntryTable.of(backend.dialect(), column);
    PreparedStatement del = session.prepare(backend, index.deleteSql());
    for (byte[][] e : bad) {
      index.bindDelete(del, e[0], e[1]);
      del.addBatch();
    }
    del.executeBatch();
    session.markDirty(backend);
  }
}
