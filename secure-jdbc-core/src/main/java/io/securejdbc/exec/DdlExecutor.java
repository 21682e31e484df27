package io.securejdbc.exec;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.backend.BackendRole;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.ddl.DdlStatement;
import io.securejdbc.index.EntryFormat;
import io.securejdbc.index.KeywordMode;
import io.securejdbc.index.SqlType;
import io.securejdbc.store.BackendSession;
import io.securejdbc.store.Placement;
import io.securejdbc.store.RowFetcher;
import io.securejdbc.store.SecureStore;
import io.securejdbc.store.TableWriter;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs DDL: changes the encrypted catalog and the physical tables behind it. DDL commits on its own, like in H2.
 * Order for safety: physical tables are created before the catalog names them, and dropped after it forgets them,
 * so a crash leaves at worst unreferenced tables (which hold only ciphertext) behind.
 */
final class DdlExecutor {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database db;
  private final BackendSession session;
  private final Scratch scratch;
  private final RowFetcher fetcher;
  private final TableWriter writer;

  DdlExecutor(Database db, BackendSession session, Scratch scratch, RowFetcher fetcher, TableWriter writer) {
    this.db = db;
    this.session = session;
    this.scratch = scratch;
    this.fetcher = fetcher;
    this.writer = writer;
  }

  long execute(DdlStatement statement) throws SQLException {
    db.ddlLock().lock();
    try {
      // A DROP must not leave queued removals to run against the tables it drops.
      db.store().awaitIndexCleanup();
      // validations in the working engine see the latest tables and sequences
      scratch.sync(db.store().catalog());
      if (statement instanceof DdlStatement.CreateTable c) {
        createTable(c);
      } else if (statement instanceof DdlStatement.DropTable d) {
        dropTables(d);
      } else if (statement instanceof DdlStatement.Truncate t) {
        return truncate(t);
      } else if (statement instanceof DdlStatement.CreateView v) {
        createView(v);
      } else if (statement instanceof DdlStatement.DropView v) {
        dropView(v);
      } else if (statement instanceof DdlStatement.AddForeignKey f) {
        ForeignKeyDdl.add(db, fetcher, new CandidateFinder(new io.securejdbc.store.IndexLookup(session)), f);
      } else if (statement instanceof DdlStatement.DropConstraint d) {
        ForeignKeyDdl.drop(db, d);
      } else if (statement instanceof DdlStatement.CreateSequence q) {
        new SequenceDdl(db, scratch).create(q);
      } else if (statement instanceof DdlStatement.DropSequence q) {
        new SequenceDdl(db, scratch).drop(q);
      } else if (statement instanceof DdlStatement.RestartSequence q) {
        new SequenceDdl(db, scratch).restart(q);
      } else if (statement instanceof DdlStatement.CreateIndex i) {
        new IndexDdl(db, session, fetcher, writer).create(i);
      } else if (statement instanceof DdlStatement.DropIndex i) {
        new IndexDdl(db, session, fetcher, writer).drop(i);
      } else if (statement instanceof DdlStatement.AddColumn || statement instanceof DdlStatement.DropColumn
          || statement instanceof DdlStatement.RenameColumn || statement instanceof DdlStatement.RenameTable
          || statement instanceof DdlStatement.AlterColumn
          || statement instanceof DdlStatement.AddUniqueConstraint) {
        if (statement instanceof DdlStatement.DropColumn d) {
          ForeignKeyDdl.checkColumnDrop(db.store().catalog(), d.table(), d.column());
        }
        new AlterDdl(db, session, scratch, fetcher, writer).execute(statement);
      } else {
        throw SqlState.notSupported(describe(statement));
      }
      return 0;
    } finally {
      db.ddlLock().unlock();
    }
  }

  private void createTable(DdlStatement.CreateTable c) throws SQLException {
    SecureStore store = db.store();
    Catalog catalog = store.catalog();
    if (catalog.table(c.table()).isPresent() || catalog.views().containsKey(c.table())) {
      if (c.ifNotExists()) {
        return;
      }
      throw SqlState.DUPLICATE_TABLE.exception("Table \"" + c.table() + "\" already exists");
    }
    TableInfo table = define(c, store);
    // the working engine must know the sequences a column default may use
    scratch.sync(catalog);
    validateInEngine(table);
    for (String shard : table.dataShards()) {
      Backend data = store.backend(shard);
      store.executeOn(data, data.dialect().createDataTable(table.dataTable(), table.uniqueSlotCount()));
    }
    for (ColumnInfo col : table.columns()) {
      for (String shard : col.indexShards()) {
        store.createIndexTable(store.backend(shard), col);
      }
    }
    Catalog next = catalog.withTable(table);
    List<String> names = new ArrayList<>();
    for (DdlStatement.ForeignKeyDef def : c.foreignKeys()) {
      io.securejdbc.catalog.ForeignKey fk = ForeignKeyDdl.resolve(catalog, table, def, names);
      names.add(fk.name());
      next = next.withForeignKey(fk);
    }
    store.commitCatalog(catalog, next);
  }

  /** The catalog entry: random ids and names, column indexes spread over the index backends. */
  private TableInfo define(DdlStatement.CreateTable c, SecureStore store) throws SQLException {
    String tableId = SecureStore.randomHex(8);
    List<Backend> indexBackends = store.backends(BackendRole.INDEX);
    int offset = RANDOM.nextInt(indexBackends.size());
    List<ColumnInfo> columns = new ArrayList<>();
    for (int i = 0; i < c.columns().size(); i++) {
      DdlStatement.ColumnDef def = c.columns().get(i);
      if (columns.stream().anyMatch(x -> x.name().equals(def.name()))) {
        throw SqlState.DUPLICATE_COLUMN.exception("Duplicate column name \"" + def.name() + "\"");
      }
      boolean notNull = def.notNull() || c.primaryKey().contains(def.name());
      KeywordMode mode = def.type().type().lookup() == SqlType.Lookup.NONE
          ? KeywordMode.NONE : store.config().modeFor(c.table(), def.name());
      String backend = null;
      String indexTable = null;
      if (mode != KeywordMode.NONE) {
        backend = Placement.indexShardsFor(store, c.table(), def.name(), offset + i);
        indexTable = store.newPhysicalName('i');
      }
      columns.add(new ColumnInfo(i + 1, def.name(), def.type(), notNull, def.defaultExpression(), def.identity(),
          mode, backend, indexTable, EntryFormat.CURRENT));
    }
    Placement.checkData(store, c.table(), columns.stream().map(ColumnInfo::name).toList());
    List<UniqueKey> keys = new ArrayList<>();
    if (!c.primaryKey().isEmpty()) {
      keys.add(new UniqueKey("PRIMARY_KEY", 0, true, columnIds(columns, c.primaryKey(), c.table())));
    }
    for (List<String> unique : c.uniqueKeys()) {
      keys.add(new UniqueKey("UNIQUE_" + keys.size(), keys.size(), false, columnIds(columns, unique, c.table())));
    }
    String dataBackend = String.join(",", store.backends(BackendRole.DATA).stream().map(Backend::name).toList());
    List<byte[]> wrapped = List.of(store.newWrappedTableKey(tableId, 0), store.newWrappedTableKey(tableId, 1));
    return new TableInfo(c.table(), tableId, dataBackend, store.newPhysicalName('d'), List.copyOf(columns),
        List.copyOf(keys), List.copyOf(c.checks()), 1, 1, wrapped, columns.size() + 1, keys.size());
  }

  private static List<Integer> columnIds(List<ColumnInfo> columns, List<String> names, String table)
      throws SQLException {
    List<Integer> ids = new ArrayList<>();
    for (String name : names) {
      ColumnInfo col = columns.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(
          () -> SqlState.UNDEFINED_COLUMN.exception("Column \"" + name + "\" not found in table " + table));
      ids.add(col.id());
    }
    return ids;
  }

  /** Lets the engine reject what it cannot run (bad DEFAULT or CHECK expressions) before anything is written. */
  private void validateInEngine(TableInfo table) throws SQLException {
    String probe = "__SJ_VALIDATE_" + SecureStore.randomHex(4);
    TableInfo renamed = table.withName(probe);
    try (Statement s = scratch.connection().createStatement()) {
      s.execute(Scratch.createTable(renamed));
      s.execute("DROP TABLE " + Scratch.quote(probe));
    } catch (SQLException e) {
      throw EngineErrors.translate(e, "", false);
    }
  }

  private void dropTables(DdlStatement.DropTable d) throws SQLException {
    SecureStore store = db.store();
    for (String name : d.tables()) {
      Catalog catalog = store.catalog();
      TableInfo table = catalog.table(name).orElse(null);
      if (table == null) {
        if (d.ifExists()) {
          continue;
        }
        throw SqlState.UNDEFINED_TABLE.exception("Table \"" + name + "\" not found");
      }
      List<io.securejdbc.catalog.ForeignKey> referencing = ForeignKeyDdl.referencesTo(catalog, table, d.tables());
      if (!referencing.isEmpty() && !d.cascade()) {
        throw SqlState.DEPENDENT_OBJECTS_STILL_EXIST.exception("Cannot drop table " + name + ": foreign key "
            + referencing.get(0).name() + " references it; drop that constraint first or use DROP TABLE ... CASCADE");
      }
      for (String view : catalog.views().keySet()) {
        if (io.securejdbc.sql.SqlAnalyzer.analyze(catalog.views().get(view), catalog).reads().containsKey(name)) {
          throw SqlState.GENERAL_ERROR.exception("Cannot drop table \"" + name + "\" because view \"" + view
              + "\" depends on it; drop the view first");
        }
      }
      store.commitCatalog(catalog, catalog.withoutTable(name));
      dropPhysical(table);
    }
  }

  private void dropPhysical(TableInfo table) throws SQLException {
    SecureStore store = db.store();
    for (String shard : table.dataShards()) {
      Backend data = store.backend(shard);
      store.executeOn(data, data.dialect().dropTable(table.dataTable()));
    }
    for (ColumnInfo col : table.columns()) {
      for (String shard : col.indexShards()) {
        Backend index = store.backend(shard);
        store.executeOn(index, index.dialect().dropTable(col.indexTable()));
      }
      if (col.identity() != null) {
        db.identities().reset(table.tableId(), col.id(), col.identity().start());
      }
    }
    store.forgetKeys(table.tableId());
  }

  /** TRUNCATE: empties the data table and every index table (not transactional, as in H2). */
  private long truncate(DdlStatement.Truncate t) throws SQLException {
    SecureStore store = db.store();
    TableInfo table = store.catalog().table(t.table()).orElseThrow(
        () -> SqlState.UNDEFINED_TABLE.exception("Table \"" + t.table() + "\" not found"));
    List<io.securejdbc.catalog.ForeignKey> referencing = ForeignKeyDdl.referencesTo(store.catalog(), table, List.of());
    if (!referencing.isEmpty()) {
      throw SqlState.DEPENDENT_OBJECTS_STILL_EXIST.exception("Cannot truncate table " + t.table() + ": foreign key "
          + referencing.get(0).name() + " references it (as in H2); delete its rows instead");
    }
    for (String shard : table.dataShards()) {
      Backend data = store.backend(shard);
      store.executeOn(data, data.dialect().truncateTable(table.dataTable()));
    }
    for (ColumnInfo col : table.columns()) {
      for (String shard : col.indexShards()) {
        Backend index = store.backend(shard);
        store.executeOn(index, index.dialect().truncateTable(col.indexTable()));
      }
      if (t.restartIdentity() && col.identity() != null) {
        db.identities().reset(table.tableId(), col.id(), col.identity().start());
      }
    }
    return 0;
  }

  private void createView(DdlStatement.CreateView v) throws SQLException {
    SecureStore store = db.store();
    Catalog catalog = store.catalog();
    if (catalog.table(v.name()).isPresent()) {
      throw SqlState.DUPLICATE_TABLE.exception("Table \"" + v.name() + "\" already exists");
    }
    if (catalog.views().containsKey(v.name()) && !v.orReplace()) {
      throw SqlState.DUPLICATE_TABLE.exception("View \"" + v.name() + "\" already exists");
    }
    String query = v.columnNames() == null || v.columnNames().isEmpty() ? v.query()
        : "SELECT * FROM (" + v.query() + ") AS __V(" + String.join(", ",
            v.columnNames().stream().map(Scratch::quote).toList()) + ")";
    try (Statement s = scratch.connection().createStatement()) {
      scratch.sync(catalog);
      String probe = "__SJ_VALIDATE_" + SecureStore.randomHex(4);
      s.execute("CREATE VIEW " + Scratch.quote(probe) + " AS " + query);
      s.execute("DROP VIEW " + Scratch.quote(probe));
    } catch (SQLException e) {
      throw EngineErrors.translate(e, query, false);
    }
    store.commitCatalog(catalog, catalog.withView(v.name(), query));
  }

  private void dropView(DdlStatement.DropView v) throws SQLException {
    SecureStore store = db.store();
    Catalog catalog = store.catalog();
    if (!catalog.views().containsKey(v.name())) {
      if (v.ifExists()) {
        return;
      }
      throw SqlState.UNDEFINED_TABLE.exception("View \"" + v.name() + "\" not found");
    }
    store.commitCatalog(catalog, catalog.withoutView(v.name()));
  }

  private static String describe(DdlStatement s) {
    String name = s.getClass().getSimpleName();
    return name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase();
  }
}
