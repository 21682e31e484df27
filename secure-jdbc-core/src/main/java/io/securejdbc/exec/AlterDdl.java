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
import io.securejdbc.store.Row;
import io.securejdbc.store.RowFetcher;
import io.securejdbc.store.SecureStore;
import io.securejdbc.store.TableWriter;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ALTER TABLE. Changes that give existing rows new values (ADD COLUMN, which also needs an index entry per row) run
 * through the working engine, which computes the values exactly as H2 would (DEFAULT expressions, NOT NULL checks),
 * and rewrite every row with the exclusive schema lock held; the others change only the catalog.
 */
final class AlterDdl {

  private final Database db;
  private final BackendSession session;
  private final Scratch scratch;
  private final RowFetcher fetcher;
  private final TableWriter writer;

  AlterDdl(Database db, BackendSession session, Scratch scratch, RowFetcher fetcher, TableWriter writer) {
    this.db = db;
    this.session = session;
    this.scratch = scratch;
    this.fetcher = fetcher;
    this.writer = writer;
  }

  void execute(DdlStatement statement) throws SQLException {
    db.schemaLock().acquireExclusive();
    try {
      if (statement instanceof DdlStatement.AddColumn a) {
        addColumn(a);
      } else if (statement instanceof DdlStatement.DropColumn d) {
        dropColumn(d);
      } else if (statement instanceof DdlStatement.RenameColumn r) {
        renameColumn(r);
      } else if (statement instanceof DdlStatement.RenameTable r) {
        renameTable(r);
      } else if (statement instanceof DdlStatement.AlterColumn a) {
        alterColumn(a);
      } else if (statement instanceof DdlStatement.AddUniqueConstraint u) {
        addUnique(u);
      } else {
        throw SqlState.notSupported(statement.getClass().getSimpleName());
      }
    } finally {
      db.schemaLock().releaseExclusive();
    }
  }

  private TableInfo table(String name) throws SQLException {
    return db.store().catalog().table(name).orElseThrow(
        () -> SqlState.UNDEFINED_TABLE.exception("Table \"" + name + "\" not found"));
  }

  private static ColumnInfo column(TableInfo t, String name) throws SQLException {
    return t.column(name).orElseThrow(() -> SqlState.UNDEFINED_COLUMN.exception("Column \"" + name
        + "\" not found in table " + t.name()));
  }

  /** New column: its values for existing rows come from the engine; every row is rewritten and indexed. */
  private void addColumn(DdlStatement.AddColumn a) throws SQLException {
    SecureStore store = db.store();
    TableInfo t = table(a.table());
    DdlStatement.ColumnDef def = a.column();
    if (t.column(def.name()).isPresent()) {
      if (a.ifNotExists()) {
        return;
      }
      throw SqlState.DUPLICATE_COLUMN.exception("Duplicate column name \"" + def.name() + "\"");
    }
    KeywordMode mode = def.type().type().lookup() == SqlType.Lookup.NONE
        ? KeywordMode.NONE : store.config().modeFor(t.name(), def.name());
    Placement.checkData(store, t.name(), List.of(def.name()));
    String backend = null;
    String indexTable = null;
    if (mode != KeywordMode.NONE) {
      backend = Placement.indexShardsFor(store, t.name(), def.name(), t.columns().size());
      indexTable = store.newPhysicalName('i');
    }
    ColumnInfo added = new ColumnInfo(t.nextColumnId(), def.name(), def.type(), def.notNull(),
        def.defaultExpression(), def.identity(), mode, backend, indexTable, EntryFormat.CURRENT);
    List<ColumnInfo> columns = new ArrayList<>(t.columns());
    columns.add(added);
    TableInfo next = t.withColumns(columns, t.nextColumnId() + 1);
    List<Row> rows = fetcher.scan(t, true);
    List<TableWriter.Update> updates = new ArrayList<>();
    try (Statement s = scratch.connection().createStatement()) {
      scratch.sync(store.catalog());
      scratch.load(t, rows);
      s.execute("ALTER TABLE " + Scratch.quote(t.name()) + " ADD COLUMN " + columnSql(added));
      scratch.changing(t);
      for (Object[] r : scratch.readAll(next)) {
        Object[] values = java.util.Arrays.copyOfRange(r, 1, r.length);
        // old = new: the other columns' entries stay; the new column's entries are written below, for every row.
        updates.add(new TableWriter.Update((Long) r[0], values, values));
      }
    } catch (SQLException e) {
      session.rollback();
      throw e instanceof org.h2.jdbc.JdbcException ? EngineErrors.translate(e, "", false) : e;
    } finally {
      scratch.clear(t);
      scratch.forget(t.name());
    }
    for (String shard : added.indexShards()) {
      store.createIndexTable(store.backend(shard), added);
    }
    try {
      writer.apply(next, List.of(), updates, List.of());
      if (indexTable != null) {
        List<Row> rewritten = new ArrayList<>();
        updates.forEach(u -> rewritten.add(new Row(u.rowId(), u.newValues())));
        writer.writeColumnEntries(next, added, rewritten);
      }
      session.commit();
    } catch (SQLException e) {
      session.rollback();
      throw e;
    }
    Catalog current = store.catalog();
    store.commitCatalog(current, current.replacing(t.name(), next));
  }

  /** The column's definition for the engine (the catalog holds it, the engine computes with it). */
  private static String columnSql(ColumnInfo c) {
    StringBuilder sql = new StringBuilder(Scratch.quote(c.name())).append(' ').append(c.type().toSql());
    if (c.identity() != null) {
      throw new IllegalStateException("identity columns cannot be added");
    }
    if (c.defaultExpression() != null) {
      sql.append(" DEFAULT ").append(c.defaultExpression());
    }
    if (c.notNull()) {
      sql.append(" NOT NULL");
    }
    return sql.toString();
  }

  private void dropColumn(DdlStatement.DropColumn d) throws SQLException {
    SecureStore store = db.store();
    TableInfo t = table(d.table());
    ColumnInfo c = t.column(d.column()).orElse(null);
    if (c == null) {
      if (d.ifExists()) {
        return;
      }
      throw SqlState.UNDEFINED_COLUMN.exception("Column \"" + d.column() + "\" not found in table " + t.name());
    }
    if (t.columns().size() == 1) {
      throw SqlState.SYNTAX_ERROR.exception("cannot drop the only column of table " + t.name());
    }
    // As in H2: a key of this column alone goes with it; a key it shares with other columns blocks the drop.
    List<UniqueKey> keys = new ArrayList<>();
    for (UniqueKey k : t.uniqueKeys()) {
      if (!k.columnIds().contains(c.id())) {
        keys.add(k);
      } else if (k.columnIds().size() > 1) {
        throw SqlState.INTEGRITY_CONSTRAINT_VIOLATION.exception("Column \"" + c.name() + "\" is used by the "
            + (k.primaryKey() ? "PRIMARY KEY" : "UNIQUE constraint " + k.name()) + "; drop the constraint first");
      }
    }
    // Stored rows keep the value until rewritten: decoding skips column ids the catalog no longer has. A dropped
    // key's tag column stays and is written as NULL from now on.
    List<ColumnInfo> columns = new ArrayList<>(t.columns());
    columns.removeIf(x -> x.id() == c.id());
    Catalog current = store.catalog();
    Catalog next = current.replacing(t.name(), t.withColumns(columns, t.nextColumnId())
        .withUniqueKeys(keys, t.nextUniqueSlot()));
    for (IndexInfo i : current.indexes().values()) {
      if (i.table().equals(t.name()) && i.columnIds().contains(c.id())) {
        next = next.withoutIndex(i.name());
      }
    }
    store.commitCatalog(current, next);
    for (String shard : c.indexShards()) {
      Backend b = store.backend(shard);
      store.executeOn(b, b.dialect().dropTable(c.indexTable()));
    }
  }

  private void renameColumn(DdlStatement.RenameColumn r) throws SQLException {
    TableInfo t = table(r.table());
    ColumnInfo c = column(t, r.column());
    if (t.column(r.newName()).isPresent()) {
      throw SqlState.DUPLICATE_COLUMN.exception("Duplicate column name \"" + r.newName() + "\"");
    }
    mentions(t, c.name());
    List<ColumnInfo> columns = new ArrayList<>(t.columns());
    columns.set(t.columnIndex(c.id()), c.withName(r.newName()));
    Catalog current = db.store().catalog();
    db.store().commitCatalog(current, current.replacing(t.name(), t.withColumns(columns, t.nextColumnId())));
  }

  /** CHECK and DEFAULT texts are kept verbatim: refuse a rename they would still spell the old way. */
  private static void mentions(TableInfo t, String name) throws SQLException {
    String upper = name.toUpperCase(Locale.ROOT);
    List<String> texts = new ArrayList<>(t.checks());
    t.columns().stream().map(ColumnInfo::defaultExpression).filter(java.util.Objects::nonNull).forEach(texts::add);
    for (String text : texts) {
      if (text.toUpperCase(Locale.ROOT).contains(upper)) {
        throw SqlState.notSupported("renaming a column that a CHECK or DEFAULT expression refers to");
      }
    }
  }

  private void renameTable(DdlStatement.RenameTable r) throws SQLException {
    SecureStore store = db.store();
    TableInfo t = table(r.table());
    Catalog current = store.catalog();
    if (current.table(r.newName()).isPresent() || current.views().containsKey(r.newName())) {
      throw SqlState.DUPLICATE_TABLE.exception("Table \"" + r.newName() + "\" already exists");
    }
    Catalog next = current.replacing(t.name(), t.withName(r.newName()));
    for (IndexInfo i : current.indexes().values()) {
      if (i.table().equals(t.name())) {
        next = next.withIndex(new IndexInfo(i.name(), r.newName(), i.columnIds(), i.unique(), i.uniqueSlot()));
      }
    }
    store.commitCatalog(current, next);
  }

  private void alterColumn(DdlStatement.AlterColumn a) throws SQLException {
    TableInfo t = table(a.table());
    ColumnInfo c = column(t, a.column());
    Map<String, String> changes = a.changes();
    boolean notNull = changes.containsKey("notNull") ? Boolean.parseBoolean(changes.get("notNull")) : c.notNull();
    String dflt = changes.containsKey("default") ? changes.get("default")
        : changes.containsKey("dropDefault") ? null : c.defaultExpression();
    if (notNull && !c.notNull()) {
      int index = t.columnIndex(c.id());
      for (Row r : fetcher.scan(t, false)) {
        if (r.values()[index] == null) {
          session.endReadOnly();
          throw SqlState.NOT_NULL_VIOLATION.exception("Column \"" + c.name() + "\" contains NULL values");
        }
      }
      session.endReadOnly();
    }
    if (!notNull && t.primaryKey().map(k -> k.columnIds().contains(c.id())).orElse(false)) {
      throw SqlState.INTEGRITY_CONSTRAINT_VIOLATION.exception("Column \"" + c.name()
          + "\" is part of the PRIMARY KEY and cannot allow NULL");
    }
    List<ColumnInfo> columns = new ArrayList<>(t.columns());
    columns.set(t.columnIndex(c.id()), c.withConstraints(notNull, dflt));
    TableInfo next = t.withColumns(columns, t.nextColumnId());
    validate(next);
    Catalog current = db.store().catalog();
    db.store().commitCatalog(current, current.replacing(t.name(), next));
  }

  private void addUnique(DdlStatement.AddUniqueConstraint u) throws SQLException {
    TableInfo t = table(u.table());
    if (u.primaryKey() && t.primaryKey().isPresent()) {
      throw SqlState.DUPLICATE_OBJECT.exception("Table " + t.name() + " already has a PRIMARY KEY");
    }
    List<Integer> ids = new ArrayList<>();
    for (String name : u.columns()) {
      ids.add(column(t, name).id());
    }
    if (u.primaryKey()) {
      for (int id : ids) {
        alterColumn(new DdlStatement.AlterColumn(t.name(), t.columnById(id).name(), Map.of("notNull", "true")));
      }
      t = table(u.table());
    }
    String name = u.constraintName() != null ? u.constraintName() : (u.primaryKey() ? "PRIMARY_KEY"
        : "UNIQUE_" + t.nextUniqueSlot());
    if (u.constraintName() != null) {
      // Constraint names are per schema, as in H2.
      for (TableInfo other : db.store().catalog().tables()) {
        if (other.uniqueKeys().stream().anyMatch(k -> k.name().equals(name))) {
          throw SqlState.DUPLICATE_OBJECT.exception("Constraint \"" + name + "\" already exists");
        }
      }
    }
    new IndexDdl(db, session, fetcher, writer).addConstraint(t, name, ids, u.primaryKey());
  }

  /** Lets the engine refuse a definition it could not run. */
  private void validate(TableInfo t) throws SQLException {
    String probe = "__SJ_VALIDATE_" + SecureStore.randomHex(4);
    try (Statement s = scratch.connection().createStatement()) {
      s.execute(Scratch.createTable(t.withName(probe)));
      s.execute("DROP TABLE " + Scratch.quote(probe));
    } catch (SQLException e) {
      throw EngineErrors.translate(e, "", false);
    }
  }
}
