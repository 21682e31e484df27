package io.securejdbc.exec;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.IndexInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.ddl.DdlStatement;
import io.securejdbc.index.EntryFormat;
import io.securejdbc.index.KeywordMode;
import io.securejdbc.index.SqlType;
import io.securejdbc.store.BackendSession;
import io.securejdbc.store.Placement;
import io.securejdbc.store.RowFetcher;
import io.securejdbc.store.Row;
import io.securejdbc.store.SecureStore;
import io.securejdbc.store.TableWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * CREATE/DROP INDEX. Every column already has a keyword index, so a named index is metadata unless it asks for
 * uniqueness (a new uniqueness key, backfilled and checked by the data backend) or for another keyword mode of a
 * column (the column's index is rebuilt). Both rewrite stored state, so they run with the schema lock held
 * exclusively: no write transaction of this JVM is open meanwhile.
 */
final class IndexDdl {

  private final Database db;
  private final BackendSession session;
  private final RowFetcher fetcher;
  private final TableWriter writer;
  private final List<Runnable> afterCommit = new ArrayList<>();

  IndexDdl(Database db, BackendSession session, RowFetcher fetcher, TableWriter writer) {
    this.db = db;
    this.session = session;
    this.fetcher = fetcher;
    this.writer = writer;
  }

  void create(DdlStatement.CreateIndex ci) throws SQLException {
    SecureStore store = db.store();
    Catalog catalog = store.catalog();
    if (catalog.indexes().containsKey(ci.name())) {
      if (ci.ifNotExists()) {
        return;
      }
      throw SqlState.DUPLICATE_OBJECT.exception("Index \"" + ci.name() + "\" already exists");
    }
    TableInfo found = catalog.table(ci.table()).orElseThrow(
        () -> SqlState.UNDEFINED_TABLE.exception("Table \"" + ci.table() + "\" not found"));
    List<Integer> ids = new ArrayList<>();
    for (String name : ci.columns()) {
      ids.add(found.column(name).orElseThrow(() -> SqlState.UNDEFINED_COLUMN.exception(
          "Column \"" + name + "\" not found in table " + found.name())).id());
    }
    TableInfo table = found;
    db.schemaLock().acquireExclusive();
    try {
      int slot = -1;
      if (ci.unique()) {
        slot = table.nextUniqueSlot();
        table = addUniqueKey(table, ci.name(), slot, ids, false);
      }
      if (ci.mode() != null && ids.size() == 1) {
        ColumnInfo column = table.columnById(ids.get(0));
        // USING with the column's own mode rebuilds an index whose entries are in an older format (the upgrade).
        if (ci.mode() != column.keywordMode()
            || (ci.mode() != KeywordMode.NONE && column.entryFormat() != EntryFormat.CURRENT)) {
          table = rebuild(table, column, ci.mode());
        }
      }
      Catalog current = store.catalog();
      store.commitCatalog(current, current.replacing(table.name(), table)
          .withIndex(new IndexInfo(ci.name(), table.name(), List.copyOf(ids), ci.unique(), slot)));
      afterCommit.forEach(Runnable::run);
    } finally {
      db.schemaLock().releaseExclusive();
    }
  }

  void drop(DdlStatement.DropIndex di) throws SQLException {
    SecureStore store = db.store();
    Catalog catalog = store.catalog();
    IndexInfo index = catalog.indexes().get(di.name());
    if (index == null) {
      if (di.ifExists()) {
        return;
      }
      throw SqlState.UNDEFINED_OBJECT.exception("Index \"" + di.name() + "\" not found");
    }
    TableInfo table = catalog.table(index.table()).orElseThrow();
    Catalog next = catalog.withoutIndex(index.name());
    if (index.unique()) {
      List<UniqueKey> keys = new ArrayList<>(table.uniqueKeys());
      keys.removeIf(k -> k.slot() == index.uniqueSlot());
      TableInfo updated = table.withUniqueKeys(keys, table.nextUniqueSlot());
      // The tag column stays and is written as NULL from now on: slots are never reused, and dropping the column
      // would break drivers that still hold the previous catalog.
      next = next.replacing(table.name(), updated);
    }
    store.commitCatalog(catalog, next);
  }

  /** ALTER TABLE ADD PRIMARY KEY / UNIQUE: the key, backfilled and checked; the caller holds the schema lock. */
  void addConstraint(TableInfo table, String name, List<Integer> ids, boolean primaryKey) throws SQLException {
    TableInfo updated = addUniqueKey(table, name, table.nextUniqueSlot(), ids, primaryKey);
    Catalog current = db.store().catalog();
    db.store().commitCatalog(current, current.replacing(table.name(), updated));
  }

  /** Adds a uniqueness key: a new tag column, filled for every existing row; duplicates fail with 23505. */
  private TableInfo addUniqueKey(TableInfo table, String name, int slot, List<Integer> ids, boolean primaryKey)
      throws SQLException {
    SecureStore store = db.store();
    List<UniqueKey> keys = new ArrayList<>(table.uniqueKeys());
    keys.add(new UniqueKey(name, slot, primaryKey, List.copyOf(ids)));
    TableInfo updated = table.withUniqueKeys(keys, slot + 1);
    for (String shard : table.dataShards()) {
      Backend data = store.backend(shard);
      store.executeOn(data, data.dialect().addUniqueSlot(table.dataTable(), slot));
    }
    try {
      List<TableWriter.Update> rewrite = new ArrayList<>();
      for (Row r : fetcher.scan(table, true)) {
        rewrite.add(new TableWriter.Update(r.rowId(), r.values(), r.values()));
      }
      writer.apply(updated, List.of(), rewrite, List.of());
      session.commit();
    } catch (SQLException e) {
      session.rollback();
      for (String shard : table.dataShards()) {
        Backend data = store.backend(shard);
        store.executeOn(data, data.dialect().dropUniqueSlot(table.dataTable(), slot));
      }
      throw e;
    }
    return updated;
  }

  /** A new index table with the column's keywords in the new mode; the old one is dropped after the switch. */
  private TableInfo rebuild(TableInfo table, ColumnInfo column, KeywordMode mode) throws SQLException {
    if (mode != KeywordMode.NONE && column.type().type().lookup() == SqlType.Lookup.NONE) {
      throw SqlState.notSupported("a keyword index on a " + column.type().type() + " column");
    }
    SecureStore store = db.store();
    // A column keeps its index backends while they all still admit it (placement rules may have changed).
    String backendName = mode == KeywordMode.NONE ? null : column.indexBackend() != null
        && column.indexShards().stream().allMatch(b -> Placement.admitsIndex(store, b, table.name(), column.name()))
        ? column.indexBackend() : Placement.indexShardsFor(store, table.name(), column.name(), 0);
    ColumnInfo replaced = mode == KeywordMode.NONE ? column.withNewIndex(mode, null, null)
        : column.withNewIndex(mode, backendName, store.newPhysicalName('i'));
    List<ColumnInfo> columns = new ArrayList<>(table.columns());
    columns.set(table.columnIndex(column.id()), replaced);
    TableInfo updated = table.withColumns(columns, table.nextColumnId());
    if (replaced.indexTable() != null) {
      for (String shard : replaced.indexShards()) {
        store.createIndexTable(store.backend(shard), replaced);
      }
      try {
        writer.writeColumnEntries(updated, replaced, fetcher.scan(table, false));
        session.commit();
      } catch (SQLException e) {
        session.rollback();
        for (String shard : replaced.indexShards()) {
          dropQuietly(store, store.backend(shard), replaced.indexTable());
        }
        throw e;
      }
    }
    for (String shard : column.indexShards()) {
      Backend old = store.backend(shard);
      afterCommit.add(() -> dropQuietly(store, old, column.indexTable()));
    }
    return updated;
  }

  /** An index table no catalog names any more holds only encrypted entries; failing to drop it is not an error. */
  private static void dropQuietly(SecureStore store, Backend backend, String table) {
    try {
      store.executeOn(backend, backend.dialect().dropTable(table));
    } catch (SQLException e) {
      org.slf4j.LoggerFactory.getLogger(IndexDdl.class).warn("dropping an obsolete index table on backend {}"
          + " failed ({}); repair removes it", backend.name(), e.getSQLState());
    }
  }
}
