package io.securejdbc.exec;

import io.securejdbc.SqlState;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.ForeignKey;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.store.Row;
import io.securejdbc.store.RowFetcher;
import io.securejdbc.store.RowIds;
import io.securejdbc.store.TableWriter;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Foreign keys, checked on each statement's final changes before they are written. A child row's key must name
 * an existing parent row, which is read with a shared row lock (exclusive on H2, which has no other): a concurrent
 * delete of that parent waits for this transaction, then finds the new child in the index (index entries commit
 * before the data row), while other transactions inserting children of the same parent do not wait. A parent
 * key that goes away must have no child left, or, for a deleted key under ON DELETE CASCADE / SET NULL, its
 * children (locked) are deleted or cleared through the writer, whose check cascades further; the parent's row is
 * already locked by the statement that loaded it.
 * Messages name constraints and tables, never values.
 */
final class ForeignKeyCheck implements TableWriter.WriteCheck {

  private final Supplier<Catalog> catalog;
  private final CandidateFinder finder;
  private final RowFetcher fetcher;
  /** Writes cascaded deletes and SET NULL updates (their own checks run in turn); null: no cascading here. */
  private final TableWriter writer;
  /** Rows deleted by the statement being checked and its cascades, by table id: a cycle stops at them. */
  private final Map<String, Set<Long>> deleting = new HashMap<>();
  private int depth;

  ForeignKeyCheck(Supplier<Catalog> catalog, CandidateFinder finder, RowFetcher fetcher, TableWriter writer) {
    this.catalog = catalog;
    this.finder = finder;
    this.fetcher = fetcher;
    this.writer = writer;
  }

  @Override
  public void check(TableInfo t, List<Object[]> inserts, List<TableWriter.Update> updates, List<Row> deletes)
      throws SQLException {
    Catalog c = catalog.get();
    if (c.foreignKeys().isEmpty()) {
      return;
    }
    depth++;
    try {
      Set<Long> gone = deleting.computeIfAbsent(t.tableId(), k -> new HashSet<>());
      deletes.forEach(d -> gone.add(d.rowId()));
      for (ForeignKey fk : c.foreignKeys().values()) {
        if (fk.childTableId().equals(t.tableId())) {
          checkChildRows(c, fk, t, inserts, updates, deletes);
        }
        if (fk.parentTableId().equals(t.tableId())) {
          checkRemovedKeys(c, fk, t, inserts, updates, deletes);
        }
      }
    } finally {
      if (--depth == 0) {
        deleting.clear();
      }
    }
  }

  /** New or changed child keys must exist in the parent (or, for a self-reference, among this statement's rows). */
  void checkChildRows(Catalog c, ForeignKey fk, TableInfo child, List<Object[]> inserts,
      List<TableWriter.Update> updates, List<Row> deletes) throws SQLException {
    Set<List<Object>> wanted = new LinkedHashSet<>();
    for (Object[] row : inserts) {
      addKey(wanted, key(child, fk.columnIds(), row));
    }
    for (TableWriter.Update u : updates) {
      List<Object> now = key(child, fk.columnIds(), u.newValues());
      if (now != null && !now.equals(key(child, fk.columnIds(), u.oldValues()))) {
        addKey(wanted, now);
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    TableInfo parent = c.tableById(fk.parentTableId()).orElseThrow(() -> SqlState.INTERNAL_ERROR.exception(
        "foreign key " + fk.name() + " names a table the catalog does not have"));
    boolean self = parent.tableId().equals(child.tableId());
    Set<Long> gone = new HashSet<>();
    if (self) {
      deletes.forEach(d -> gone.add(d.rowId()));
      updates.forEach(u -> gone.add(u.rowId()));
      for (Object[] row : inserts) {
        wanted.remove(key(child, fk.parentColumnIds(), row));
      }
      for (TableWriter.Update u : updates) {
        wanted.remove(key(child, fk.parentColumnIds(), u.newValues()));
      }
    }
    Set<List<Object>> present = new HashSet<>();
    for (Row r : rowsWithKeys(parent, fk.parentColumnIds(), wanted, Lock.SHARE)) {
      List<Object> k = key(parent, fk.parentColumnIds(), r.values());
      if (k != null && !gone.contains(r.rowId())) {
        present.add(k);
      }
    }
    for (List<Object> k : wanted) {
      if (!present.contains(k)) {
        throw SqlState.FOREIGN_KEY_VIOLATION.exception("Referential integrity constraint violation: "
            + fk.name() + " (" + child.name() + " references " + parent.name() + "): the parent row does not exist");
      }
    }
  }

  /**
   * Keys that disappear from the parent: a key a statement changes must not be referenced any more (NO ACTION);
   * a deleted key's children are refused, deleted (CASCADE) or set to NULL (SET NULL), as the constraint says.
   */
  private void checkRemovedKeys(Catalog c, ForeignKey fk, TableInfo parent, List<Object[]> inserts,
      List<TableWriter.Update> updates, List<Row> deletes) throws SQLException {
    Set<List<Object>> deleted = new LinkedHashSet<>();
    for (Row d : deletes) {
      addKey(deleted, key(parent, fk.parentColumnIds(), d.values()));
    }
    Set<List<Object>> changed = new LinkedHashSet<>();
    for (TableWriter.Update u : updates) {
      List<Object> before = key(parent, fk.parentColumnIds(), u.oldValues());
      if (before != null && !before.equals(key(parent, fk.parentColumnIds(), u.newValues()))) {
        addKey(changed, before);
      }
    }
    // a key the statement gives to another row (or inserts again) stays
    for (Object[] row : inserts) {
      deleted.remove(key(parent, fk.parentColumnIds(), row));
      changed.remove(key(parent, fk.parentColumnIds(), row));
    }
    for (TableWriter.Update u : updates) {
      deleted.remove(key(parent, fk.parentColumnIds(), u.newValues()));
      changed.remove(key(parent, fk.parentColumnIds(), u.newValues()));
    }
    if (deleted.isEmpty() && changed.isEmpty()) {
      return;
    }
    TableInfo child = c.tableById(fk.childTableId()).orElseThrow(() -> SqlState.INTERNAL_ERROR.exception(
        "foreign key " + fk.name() + " names a table the catalog does not have"));
    boolean self = child.tableId().equals(parent.tableId());
    Set<Long> touched = new HashSet<>(deleting.getOrDefault(child.tableId(), Set.of()));
    if (self) {
      updates.forEach(u -> touched.add(u.rowId()));
    }
    boolean cascades = fk.onDelete() != ForeignKey.OnDelete.NO_ACTION && writer != null;
    List<Row> cascadeDeletes = new ArrayList<>();
    List<TableWriter.Update> setNull = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    refuseIfReferenced(fk, child, parent, changed, touched, self, inserts, updates);
    if (!cascades) {
      refuseIfReferenced(fk, child, parent, deleted, touched, self, inserts, updates);
    } else if (!deleted.isEmpty()) {
      for (Row r : rowsWithKeys(child, fk.columnIds(), deleted, Lock.UPDATE)) {
        if (!touched.contains(r.rowId()) && seen.add(r.rowId())
            && deleted.contains(key(child, fk.columnIds(), r.values()))) {
          if (fk.onDelete() == ForeignKey.OnDelete.CASCADE) {
            cascadeDeletes.add(r);
          } else {
            Object[] cleared = r.values().clone();
            fk.columnIds().forEach(id -> cleared[child.columnIndex(id)] = null);
            setNull.add(new TableWriter.Update(r.rowId(), r.values(), cleared));
          }
        }
      }
    }
    if (!cascadeDeletes.isEmpty() || !setNull.isEmpty()) {
      writer.apply(child, List.of(), setNull, cascadeDeletes);
    }
  }

  private void refuseIfReferenced(ForeignKey fk, TableInfo child, TableInfo parent, Set<List<Object>> keys,
      Set<Long> touched, boolean self, List<Object[]> inserts, List<TableWriter.Update> updates)
      throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    for (Row r : rowsWithKeys(child, fk.columnIds(), keys, Lock.NONE)) {
      if (!touched.contains(r.rowId()) && keys.contains(key(child, fk.columnIds(), r.values()))) {
        throw violationFrom(fk, child, parent);
      }
    }
    if (self) {
      for (TableWriter.Update u : updates) {
        if (keys.contains(key(child, fk.columnIds(), u.newValues()))) {
          throw violationFrom(fk, child, parent);
        }
      }
      for (Object[] row : inserts) {
        if (keys.contains(key(child, fk.columnIds(), row))) {
          throw violationFrom(fk, child, parent);
        }
      }
    }
  }

  private static SQLException violationFrom(ForeignKey fk, TableInfo child, TableInfo parent) {
    return SqlState.FOREIGN_KEY_VIOLATION.exception("Referential integrity constraint violation: "
        + fk.name() + " (" + child.name() + " references " + parent.name() + "): rows of " + child.name()
        + " still reference the key; delete or change them first");
  }

  /** Keys per index lookup: bounds the statement the index backend gets. */
  private static final int LOOKUP_CHUNK = 500;

  /**
   * Candidate rows holding any of the keys (a superset: callers compare the whole key), found through the index on
   * the keys' first column in one lookup per chunk of keys, or by a scan if the index cannot say.
   */
  /** How the rows a check reads are locked. */
  private enum Lock {
    NONE, SHARE, UPDATE
  }

  private List<Row> rowsWithKeys(TableInfo t, List<Integer> columnIds, java.util.Collection<List<Object>> keys,
      Lock lock) throws SQLException {
    boolean forUpdate = lock != Lock.NONE;
    ColumnInfo first = t.columnById(columnIds.get(0));
    List<Object> values = new ArrayList<>();
    for (List<Object> k : keys) {
      Object exact = lookupValue(first, k.get(0));
      if (exact == null) {
        return fetcher.scan(t, forUpdate);
      }
      values.add(exact);
    }
    List<Row> out = new ArrayList<>();
    for (int from = 0; from < values.size(); from += LOOKUP_CHUNK) {
      RowIds ids = finder.matching(t, first.name(), values.subList(from, Math.min(values.size(), from + LOOKUP_CHUNK)));
      if (ids == null) {
        return fetcher.scan(t, forUpdate);
      }
      if (!ids.isEmpty()) {
        out.addAll(lock == Lock.SHARE ? fetcher.fetchShared(t, ids) : fetcher.fetch(t, ids, forUpdate));
      }
    }
    return out;
  }

  /** A comparable key value in the column's stored form, or null when none fits exactly. */
  private static Object lookupValue(ColumnInfo column, Object comparable) {
    if (comparable instanceof Bytes b) {
      return DirectWrites.exactValue(column, b.b());
    }
    if (comparable instanceof BigDecimal d) {
      Object exact = DirectWrites.exactValue(column, d);
      try {
        if (exact == null && d.scale() <= 0) {
          long l = d.longValueExact();
          exact = DirectWrites.exactValue(column, l);
          if (exact == null && l == (int) l) {
            exact = DirectWrites.exactValue(column, (int) l);
          }
        }
      } catch (ArithmeticException e) {
        return null;
      }
      return exact;
    }
    return DirectWrites.exactValue(column, comparable);
  }

  /** The key's values in comparable form, or null when a column is NULL (MATCH SIMPLE: not checked). */
  static List<Object> key(TableInfo t, List<Integer> columnIds, Object[] values) {
    List<Object> out = new ArrayList<>(columnIds.size());
    for (int id : columnIds) {
      Object v = values[t.columnIndex(id)];
      if (v == null) {
        return null;
      }
      out.add(comparable(v));
    }
    return out;
  }

  /** Numbers compare by value whatever their Java type; byte arrays by content. */
  private static Object comparable(Object v) {
    if (v instanceof Number n && !(v instanceof BigDecimal)) {
      return v instanceof Double || v instanceof Float ? BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros()
          : BigDecimal.valueOf(n.longValue());
    }
    if (v instanceof BigDecimal b) {
      return b.signum() == 0 ? BigDecimal.ZERO : b.stripTrailingZeros();
    }
    if (v instanceof byte[] b) {
      return new Bytes(b);
    }
    return v;
  }

  private static void addKey(Set<List<Object>> keys, List<Object> key) {
    if (key != null) {
      keys.add(key);
    }
  }

  /** A byte array with value equality, for keys of binary columns. */
  private record Bytes(byte[] b) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes other && Arrays.equals(b, other.b);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(b);
    }
  }
}
