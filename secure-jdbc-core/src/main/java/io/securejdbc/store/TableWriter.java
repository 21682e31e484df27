package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.backend.Dialect;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.index.ColumnIndex;
import io.securejdbc.index.SqlType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes one statement's changes to a table: new index entries first, then the data rows; entries made obsolete by
 * updates and deletes are removed only after the data commit (see {@link BackendSession}). The caller guarantees
 * atomicity of the statement through backend savepoints or rollback.
 */
public final class TableWriter {

  /** A changed row: its id, and its values before and after. */
  public record Update(long rowId, Object[] oldValues, Object[] newValues) {}

  private final BackendSession session;

  public TableWriter(BackendSession session) {
    this.session = session;
  }

  /** Returns the row ids assigned to the inserted rows, in order. */
  public long[] apply(TableInfo table, List<Object[]> inserts, List<Update> updates, List<Row> deletes)
      throws SQLException {
    SecureStore store = session.store();
    TableKeys keys = store.keys(table);
    long[] newIds = new long[inserts.size()];
    for (int i = 0; i < newIds.length; i++) {
      newIds[i] = store.newRowId();
    }
    // One task per backend: each index backend's columns, and the data rows. Only the commit order matters for
    // crash safety (index backends first), so the writes themselves may run concurrently.
    java.util.Map<String, List<Integer>> columnsByBackend = new java.util.LinkedHashMap<>();
    for (int c = 0; c < table.columns().size(); c++) {
      ColumnInfo column = table.columns().get(c);
      if (column.isIndexed()) {
        columnsByBackend.computeIfAbsent(column.indexBackend(), b -> new ArrayList<>()).add(c);
      }
    }
    List<Parallel.Task> tasks = new ArrayList<>();
    tasks.add(() -> writeData(table, keys, inserts, newIds, updates, deletes));
    for (List<Integer> cols : columnsByBackend.values()) {
      tasks.add(() -> {
        for (int c : cols) {
          writeColumn(table, keys, c, inserts, newIds, updates, deletes);
        }
      });
    }
    int rows = inserts.size() + updates.size() + deletes.size();
    session.store().parallel().run(tasks, rows >= 64);
    return newIds;
  }

  private void writeColumn(TableInfo table, TableKeys keys, int c, List<Object[]> inserts, long[] newIds,
      List<Update> updates, List<Row> deletes) throws SQLException {
    ColumnInfo column = table.columns().get(c);
    Backend backend = session.store().backend(column.indexBackend());
    ColumnIndex index = keys.columnIndex(table.keyGeneration(), column);
    try {
      if (!inserts.isEmpty()) {
        PreparedStatement ps = session.prepare(backend, backend.dialect().insertEntry(column.indexTable()));
        // In key order: neighbouring B-tree inserts (and the commit's re-visits) touch the same pages, and the
        // backend does not see the rows' insertion order.
        byte[][][] pairs = new byte[inserts.size()][][];
        for (int i = 0; i < pairs.length; i++) {
          byte[] kw = index.keyword(inserts.get(i)[c]);
          pairs[i] = new byte[][] {kw, index.entry(kw, newIds[i])};
        }
        Arrays.sort(pairs, ENTRY_ORDER);
        for (byte[][] pair : pairs) {
          ps.setBytes(1, pair[0]);
          ps.setBytes(2, pair[1]);
          ps.addBatch();
        }
        ps.executeBatch();
        session.markDirty(backend);
      }
      PreparedStatement ps = null;
      boolean rotating = table.liveGenerations().size() > 1;
      for (Update u : updates) {
        byte[] oldKw = index.keyword(u.oldValues()[c]);
        byte[] newKw = index.keyword(u.newValues()[c]);
        boolean changed = !Arrays.equals(oldKw, newKw);
        if (changed || rotating) {
          // (A duplicate of an entry left by a failed earlier attempt is harmless.) During a key rotation the
          // row is re-encrypted under the current generation here, so the rotation will skip it: every column's
          // entry must move to the current generation now, not only the changed ones.
          ps = ps == null ? session.prepare(backend, backend.dialect().insertEntry(column.indexTable())) : ps;
          addEntry(ps, index, u.newValues()[c], u.rowId());
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
      session.defer(new BackendSession.DeferredDelete(backend, table, column, g, rowId, kw, index.entry(kw, rowId)));
    }
  }

  /** Writes one column's entries for existing rows (an index rebuild); entries already there are kept. */
  public void writeColumnEntries(TableInfo table, ColumnInfo column, List<Row> rows) throws SQLException {
    Backend backend = session.store().backend(column.indexBackend());
    ColumnIndex index = session.store().keys(table).columnIndex(table.keyGeneration(), column);
    int c = table.columnIndex(column.id());
    try {
      PreparedStatement ps = session.prepare(backend, backend.dialect().insertEntry(column.indexTable()));
      int pending = 0;
      for (Row r : rows) {
        addEntry(ps, index, r.values()[c], r.rowId());
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

  private static void addEntry(PreparedStatement ps, ColumnIndex index, Object value, long rowId)
      throws SQLException {
    byte[] kw = index.keyword(value);
    ps.setBytes(1, kw);
    ps.setBytes(2, index.entry(kw, rowId));
    ps.addBatch();
  }

  private void writeData(TableInfo table, TableKeys keys, List<Object[]> inserts, long[] newIds,
      List<Update> updates, List<Row> deletes) throws SQLException {
    Backend backend = session.store().backend(table.dataBackend());
    Dialect d = backend.dialect();
    int slots = table.uniqueSlotCount();
    try {
      if (!deletes.isEmpty()) {
        PreparedStatement ps = session.prepare(backend, d.deleteRow(table.dataTable()));
        for (Row r : deletes) {
          ps.setLong(1, r.rowId());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      if (!updates.isEmpty()) {
        PreparedStatement ps = session.prepare(backend, d.updateRow(table.dataTable(), slots));
        for (Update u : updates) {
          ps.setBytes(1, RowCipher.encrypt(table, keys, u.rowId(), u.newValues()));
          setTags(ps, 2, table, keys, u.newValues());
          ps.setLong(2 + slots, u.rowId());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      if (!inserts.isEmpty()) {
        PreparedStatement ps = session.prepare(backend, d.insertRow(table.dataTable(), slots));
        for (int i : idOrder(newIds)) {
          ps.setLong(1, newIds[i]);
          ps.setBytes(2, RowCipher.encrypt(table, keys, newIds[i], inserts.get(i)));
          setTags(ps, 3, table, keys, inserts.get(i));
          ps.addBatch();
        }
        ps.executeBatch();
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

  private static void setTags(PreparedStatement ps, int first, TableInfo table, TableKeys keys, Object[] values)
      throws SQLException {
    for (int slot = 0; slot < table.uniqueSlotCount(); slot++) {
      ps.setNull(first + slot, Types.VARBINARY);
    }
    for (UniqueKey key : table.uniqueKeys()) {
      List<SqlType> types = new ArrayList<>();
      List<Object> keyValues = new ArrayList<>();
      for (int id : key.columnIds()) {
        int idx = table.columnIndex(id);
        types.add(table.columns().get(idx).type().type());
        keyValues.add(values[idx]);
      }
      // Tags use generation 0, the table's tag key, which never rotates: uniqueness must hold across rows of every
      // data key generation.
      byte[] tag = keys.uniqueTags(0, key).tag(types, keyValues);
      if (tag == null) {
        ps.setNull(first + key.slot(), Types.VARBINARY);
      } else {
        ps.setBytes(first + key.slot(), tag);
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
