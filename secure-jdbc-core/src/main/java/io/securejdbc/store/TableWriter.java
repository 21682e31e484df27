package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.backend.Dialect;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.index.ColumnIndex;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one statement's changes to a table: new index entries first, then the data rows; entries made obsolete by
 * updates and deletes are removed only after the data commit (see {@link BackendSession}). The caller guarantees
 * atomicity of the statement through backend savepoints or rollback.
 */
public final class TableWriter {

  /** A changed row: its id, and its values before and after. */
  public record Update(long rowId, Object[] oldValues, Object[] newValues) {}

  /** A check of a statement's final changes to one table, before any of them is written (foreign keys). */
  public interface WriteCheck {
    void check(TableInfo table, List<Object[]> inserts, List<Update> updates, List<Row> deletes)
        throws SQLException;
  }

  private final BackendSession session;
  private WriteCheck check;

  public TableWriter(BackendSession session) {
    this.session = session;
  }

  /** Runs {@code check} before every write. */
  public void checkWith(WriteCheck check) {
    this.check = check;
  }

  /** Returns the row ids assigned to the inserted rows, in order. */
  public long[] apply(TableInfo table, List<Object[]> inserts, List<Update> updates, List<Row> deletes)
      throws SQLException {
    if (check != null) {
      check.check(table, inserts, updates, deletes);
    }
    SecureStore store = session.store();
    TableKeys keys = store.keys(table);
    // An update that changes the row's placement (its unique key, see Shards) moves the row: it is deleted and
    // inserted again under a new id in its new slot, so that duplicates keep meeting on one backend.
    List<Object[]> allInserts = new ArrayList<>(inserts);
    List<Update> inPlace = new ArrayList<>(updates.size());
    List<Row> allDeletes = new ArrayList<>(deletes);
    for (Update u : updates) {
      if (Shards.placedRight(table, keys, u.rowId(), u.newValues())) {
        inPlace.add(u);
      } else {
        allDeletes.add(new Row(u.rowId(), u.oldValues()));
        allInserts.add(u.newValues());
      }
    }
    // Tags are computed once per new row: they place it (its id's slot) and are written with it.
    byte[][][] newTags = new byte[allInserts.size()][][];
    int[] slots = new int[allInserts.size()];
    for (int i = 0; i < slots.length; i++) {
      newTags[i] = tags(table, keys, allInserts.get(i));
      slots[i] = Shards.slotForNewRow(table, newTags[i]);
    }
    long[] newIds = store.newRowIds(slots);
    // One task per backend: each index backend's share of the columns' entries, and each data shard's rows. Only
    // the commit order matters for crash safety (index backends first), so the writes may run concurrently.
    Map<Backend, List<Integer>> columnsByBackend = new LinkedHashMap<>();
    for (int c = 0; c < table.columns().size(); c++) {
      ColumnInfo column = table.columns().get(c);
      if (column.isIndexed()) {
        for (Backend b : Shards.indexShards(store, column)) {
          columnsByBackend.computeIfAbsent(b, x -> new ArrayList<>()).add(c);
        }
      }
    }
    List<Parallel.Task> tasks = new ArrayList<>();
    for (Backend data : Shards.dataShards(store, table)) {
      tasks.add(() -> writeData(data, table, keys, allInserts, newIds, newTags, inPlace, allDeletes));
    }
    for (Map.Entry<Backend, List<Integer>> e : columnsByBackend.entrySet()) {
      tasks.add(() -> {
        for (int c : e.getValue()) {
          writeColumn(e.getKey(), table, keys, c, allInserts, newIds, inPlace, allDeletes);
        }
      });
    }
    int rows = allInserts.size() + inPlace.size() + allDeletes.size();
    session.store().parallel().run(tasks, rows >= 64);
    return inserts.size() == newIds.length ? newIds : Arrays.copyOf(newIds, inserts.size());
  }

  /** Writes the entries of one column that belong on {@code backend} (one of the column's index shards). */
  private void writeColumn(Backend backend, TableInfo table, TableKeys keys, int c, List<Object[]> inserts,
      long[] newIds, List<Update> updates, List<Row> deletes) throws SQLException {
    ColumnInfo column = table.columns().get(c);
    ColumnIndex index = keys.columnIndex(table.keyGeneration(), column);
    SecureStore store = session.store();
    boolean sharded = column.indexShards().size() > 1;
    try {
      PreparedStatement ps = null;
      // In key order: neighbouring B-tree inserts (and the commit's re-visits) touch the same pages, and the
      // backend does not see the rows' insertion order.
      List<byte[][]> pairs = new ArrayList<>(inserts.size());
      for (int i = 0; i < inserts.size(); i++) {
        byte[] kw = index.keyword(inserts.get(i)[c]);
        if (!sharded || Shards.indexShard(store, column, kw) == backend) {
          pairs.add(new byte[][] {kw, index.entry(kw, newIds[i])});
        }
      }
      EntryTable entryTable = EntryTable.of(backend.dialect(), column);
      if (!pairs.isEmpty()) {
        pairs.sort(ENTRY_ORDER);
        ps = session.prepare(backend, entryTable.insertSql());
        for (byte[][] pair : pairs) {
          entryTable.bindInsert(ps, pair[0], pair[1]);
          ps.addBatch();
        }
      }
      boolean rotating = table.liveGenerations().size() > 1;
      for (Update u : updates) {
        byte[] oldKw = index.keyword(u.oldValues()[c]);
        byte[] newKw = index.keyword(u.newValues()[c]);
        boolean changed = !Arrays.equals(oldKw, newKw);
        if (changed || rotating) {
          // (A duplicate of an entry left by a failed earlier attempt is harmless.) During a key rotation the
          // row is re-encrypted under the current generation here, so the rotation will skip it: every column's
          // entry must move to the current generation now, not only the changed ones.
          if (!sharded || Shards.indexShard(store, column, newKw) == backend) {
            ps = ps == null ? session.prepare(backend, entryTable.insertSql()) : ps;
            addEntry(ps, entryTable, index, newKw, u.rowId());
          }
          deferEntryDeletes(table, keys, column, backend, u.oldValues()[c], u.rowId(), !changed);
        }
      }
      if (ps != null) {
        ps.executeBatch();
        session.markDirty(backend);
      }
    } catch (SQLException e) {
      throw BackendSession.failure(backend, "index write", e);
    }
    for (Row r : deletes) {
      deferEntryDeletes(table, keys, column, backend, r.values()[c], r.rowId(), false);
    }
  }

  /**
   * The obsolete entry may have been written under any live key generation (during a rotation): remove each, or
   * only the older generations' when the current generation's entry for the same value was just written.
   */
  private void deferEntryDeletes(TableInfo table, TableKeys keys, ColumnInfo column, Backend backend, Object value,
      long rowId, boolean olderOnly) throws SQLException {
    for (int g : table.liveGenerations()) {
      if (olderOnly && g == table.keyGeneration()) {
        continue;
      }
      ColumnIndex index = keys.columnIndex(g, column);
      byte[] kw = index.keyword(value);
      if (column.indexShards().size() > 1 && Shards.indexShard(session.store(), column, kw) != backend) {
        continue;
      }
      session.defer(new BackendSession.DeferredDelete(backend, table, column, g, rowId, kw,
          index.deletionRange(kw, rowId)));
    }
  }

  /** Writes one column's entries for existing rows (an index rebuild); entries already there are kept. */
  public void writeColumnEntries(TableInfo table, ColumnInfo column, List<Row> rows) throws SQLException {
    SecureStore store = session.store();
    ColumnIndex index = store.keys(table).columnIndex(table.keyGeneration(), column);
    int c = table.columnIndex(column.id());
    for (Backend backend : Shards.indexShards(store, column)) {
      try {
        EntryTable entryTable = EntryTable.of(backend.dialect(), column);
        PreparedStatement ps = session.prepare(backend, entryTable.insertSql());
        int pending = 0;
        for (Row r : rows) {
          byte[] kw = index.keyword(r.values()[c]);
          if (Shards.indexShard(store, column, kw) != backend) {
            continue;
          }
          addEntry(ps, entryTable, index, kw, r.rowId());
          if (++pending % 1000 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
        session.markDirty(backend);
      } catch (SQLException e) {
        throw BackendSession.failure(backend, "index rebuild", e);
      }
    }
  }

  private static void addEntry(PreparedStatement ps, EntryTable table, ColumnIndex index, byte[] kw, long rowId)
      throws SQLException {
    table.bindInsert(ps, kw, index.entry(kw, rowId));
    ps.addBatch();
  }

  /** Writes the rows that live on {@code backend} (one of the table's data shards). */
  private void writeData(Backend backend, TableInfo table, TableKeys keys, List<Object[]> inserts, long[] newIds,
      byte[][][] newTags, List<Update> updates, List<Row> deletes) throws SQLException {
    Dialect d = backend.dialect();
    int slots = table.uniqueSlotCount();
    int shards = table.dataShards().size();
    int shard = shards == 1 ? 0 : table.dataShards().indexOf(backend.name());
    try {
      PreparedStatement ps = null;
      for (Row r : deletes) {
        if (Shards.dataShardIndex(r.rowId(), shards) == shard) {
          ps = ps == null ? session.prepare(backend, d.deleteRow(table.dataTable())) : ps;
          ps.setLong(1, r.rowId());
          ps.addBatch();
          log(backend, ShardLog.Kind.DELETE, table, r.rowId(), null, null);
        }
      }
      if (ps != null) {
        ps.executeBatch();
        ps = null;
      }
      for (Update u : updates) {
        if (Shards.dataShardIndex(u.rowId(), shards) == shard) {
          ps = ps == null ? session.prepare(backend, d.updateRow(table.dataTable(), slots)) : ps;
          byte[] ct = RowCipher.encrypt(table, keys, u.rowId(), u.newValues());
          ps.setBytes(1, ct);
          byte[][] tags = tags(table, keys, u.newValues());
          bindTags(ps, 2, tags);
          ps.setLong(2 + slots, u.rowId());
          ps.addBatch();
          log(backend, ShardLog.Kind.UPDATE, table, u.rowId(), ct, tags);
        }
      }
      if (ps != null) {
        ps.executeBatch();
        ps = null;
      }
      if (!inserts.isEmpty()) {
        for (int i : idOrder(newIds)) {
          if (Shards.dataShardIndex(newIds[i], shards) != shard) {
            continue;
          }
          ps = ps == null ? session.prepare(backend, d.insertRow(table.dataTable(), slots)) : ps;
          ps.setLong(1, newIds[i]);
          byte[] ct = RowCipher.encrypt(table, keys, newIds[i], inserts.get(i));
          ps.setBytes(2, ct);
          byte[][] tags = newTags[i];
          bindTags(ps, 3, tags);
          ps.addBatch();
          log(backend, ShardLog.Kind.INSERT, table, newIds[i], ct, tags);
        }
        if (ps != null) {
          ps.executeBatch();
        }
      }
      session.markDirty(backend);
    } catch (SQLException e) {
      if (d.isUniqueViolation(e) || isUniqueViolationInBatch(d, e)) {
        throw SqlState.UNIQUE_VIOLATION.exception("duplicate key: a row of table " + table.name()
            + " already has the same value(s) in " + describeUniqueKeys(table));
      }
      throw BackendSession.failure(backend, "row write", e);
    }
  }

  private static final java.util.Comparator<byte[][]> ENTRY_ORDER = (a, b) -> {
    int k = Arrays.compareUnsigned(a[0], b[0]);
    return k != 0 ? k : Arrays.compareUnsigned(a[1], b[1]);
  };

  /** Positions of {@code ids} in ascending id order (rows written in key order; see writeColumn). */
  private static int[] idOrder(long[] ids) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
    int[] out = new int[order.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = order[i];
    }
    return out;
  }

  private static boolean isUniqueViolationInBatch(Dialect d, SQLException e) {
    for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
      if (d.isUniqueViolation(next)) {
        return true;
      }
    }
    return e.getCause() instanceof SQLException cause && d.isUniqueViolation(cause);
  }

  /** Writes on a sharded table are remembered for the redo record of a multi-shard commit (see ShardLog). */
  private void log(Backend backend, ShardLog.Kind kind, TableInfo table, long rowId, byte[] ct, byte[][] tags) {
    if (table.dataShards().size() > 1) {
      session.logShardWrite(new ShardLog.Op(backend.name(), kind, table.dataTable(), table.uniqueSlotCount(), rowId,
          ct, tags));
    }
  }

  /** The uniqueness tags of a row's values by slot (null where a key has none: a key column is NULL). */
  private static byte[][] tags(TableInfo table, TableKeys keys, Object[] values) throws SQLException {
    byte[][] out = new byte[table.uniqueSlotCount()][];
    for (UniqueKey key : table.uniqueKeys()) {
      out[key.slot()] = Shards.tag(table, keys, key, values);
    }
    return out;
  }

  private static void bindTags(PreparedStatement ps, int first, byte[][] tags) throws SQLException {
    for (int slot = 0; slot < tags.length; slot++) {
      if (tags[slot] == null) {
        ps.setNull(first + slot, Types.VARBINARY);
      } else {
        ps.setBytes(first + slot, tags[slot]);
      }
    }
  }

  private static String describeUniqueKeys(TableInfo table) {
    Set<String> parts = new LinkedHashSet<>();
    for (UniqueKey k : table.uniqueKeys()) {
      List<String> names = new ArrayList<>();
      for (int id : k.columnIds()) {
        ColumnInfo c = table.columnById(id);
        names.add(c == null ? "?" : c.name());
      }
      parts.add((k.primaryKey() ? "PRIMARY KEY " : "UNIQUE ") + names);
    }
    return String.join(" or ", parts);
  }
}
