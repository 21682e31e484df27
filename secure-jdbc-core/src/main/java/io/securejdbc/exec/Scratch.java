package io.securejdbc.exec;

import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.IndexInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.index.SqlType;
import io.securejdbc.index.Values;
import io.securejdbc.store.Row;
import io.securejdbc.store.SecureStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The trusted zone's working engine: a private in-memory H2 database per connection that holds the logical schema
 * (same table and column names and types, plus an invisible {@code __RID} column) and, only while a statement
 * runs, the decrypted candidate rows it needs. The application's SQL runs here unchanged, so it gets H2's full SQL
 * with H2's exact semantics; plaintext never leaves the process and is cleared after each statement.
 */
final class Scratch implements AutoCloseable {

  static final String RID = "__RID";

  private final Connection h2;
  /**
   * Which version of each table the working table was made for ({@link #version}): the table id as well as the
   * schema version, since a table dropped and created again elsewhere starts again at schema version 1.
   */
  private final Map<String, String> createdVersions = new HashMap<>();
  private final Map<String, String> createdViews = new HashMap<>();
  /** The application's named indexes, by name: their table and CREATE INDEX statement as run here. */
  private final Map<String, MirroredIndex> createdIndexes = new HashMap<>();

  private record MirroredIndex(String table, String sql) {}
  /** Prepared statements by SQL text, least recently used evicted (and closed) beyond 256. */
  private final Map<String, PreparedStatement> statements = new java.util.LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() <= 256) {
        return false;
      }
      try {
        eldest.getValue().close();
      } catch (SQLException ignored) {
        // an evicted statement that fails to close holds no data
      }
      return true;
    }
  };
  private long syncedCatalogVersion = -1;
  /** The catalog's sequences, in the working engine only (the read engine never runs statements that use them). */
  private SequenceMirror sequences;
  /** {@link #insertSql} by table name and schema version. */
  private final Map<String, String> insertSqls = new HashMap<>();
  /** Rows currently in each working table; -1 when unknown (after a DML statement ran on it). */
  private final Map<String, Integer> rowCounts = new HashMap<>();

  Scratch(String mode) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "sa");
    p.setProperty("password", "");
    String url = "jdbc:h2:mem:sj_work_" + SecureStore.randomHex(8) + ";DB_CLOSE_DELAY=0"
        + (mode == null || mode.isBlank() ? "" : ";MODE=" + mode);
    this.h2 = new org.h2.Driver().connect(url, p);
  }

  Connection connection() {
    return h2;
  }

  /** Makes this engine hold the catalog's sequences, drawing values from {@code allocator}. */
  void mirrorSequences(io.securejdbc.store.IdentityAllocator allocator) {
    sequences = new SequenceMirror(h2, allocator);
  }

  /** Before each attempt of a statement: see {@link SequenceMirror#mark}. */
  void markSequences(String sql, Catalog catalog) throws SQLException {
    if (sequences != null) {
      sync(catalog);
      sequences.mark(sql);
    }
  }

  /** After H2 reported an exhausted sequence: new blocks for the exhausted ones; false if there were none. */
  boolean refillSequences() throws SQLException {
    return sequences != null && sequences.refill();
  }

  /** Brings the working schema in line with the catalog (tables first, then views). */
  void sync(Catalog catalog) throws SQLException {
    if (catalog.version() == syncedCatalogVersion) {
      return;
    }
    try (Statement s = h2.createStatement()) {
      for (String view : new ArrayList<>(createdViews.keySet())) {
        if (!view.isEmpty()) {
          s.execute("DROP VIEW IF EXISTS " + quote(view) + " CASCADE");
        }
      }
      createdViews.clear();
      for (String name : new ArrayList<>(createdVersions.keySet())) {
        TableInfo t = catalog.table(name).orElse(null);
        if (t == null || !version(t).equals(createdVersions.get(name))) {
          s.execute("DROP TABLE IF EXISTS " + quote(name) + " CASCADE");
          forgetIndexesOf(name);
          createdVersions.remove(name);
          rowCounts.remove(name);
          dropCachedStatements();
        }
      }
      if (sequences != null) {
        // before tables: their column defaults may use the sequences
        sequences.sync(catalog);
      }
      for (TableInfo t : catalog.tables()) {
        if (!createdVersions.containsKey(t.name())) {
          s.execute(createTable(t, uniqueIndexes(catalog, t)));
          createdVersions.put(t.name(), version(t));
          rowCounts.put(t.name(), 0);
        }
      }
      syncIndexes(s, catalog);
      for (Map.Entry<String, String> v : catalog.views().entrySet()) {
        s.execute("CREATE VIEW " + quote(v.getKey()) + " AS " + v.getValue());
        createdViews.put(v.getKey(), v.getValue());
      }
    }
    syncedCatalogVersion = catalog.version();
  }

  /**
   * Named indexes exist here too, so that metadata lists them as plain H2 would and the engine can use them for
   * joins over loaded rows. A unique index enforces its key here instead of a table constraint (see createTable).
   */
  private void syncIndexes(Statement s, Catalog catalog) throws SQLException {
    Map<String, MirroredIndex> wanted = new HashMap<>();
    for (IndexInfo index : catalog.indexes().values()) {
      TableInfo t = catalog.table(index.table()).orElse(null);
      // Only a mirror: an index whose table or columns the catalog no longer has is simply not created here.
      if (t != null && index.columnIds().stream().allMatch(id -> t.columnById(id) != null)) {
        StringBuilder sql = new StringBuilder(index.unique() ? "CREATE UNIQUE INDEX " : "CREATE INDEX ")
            .append(quote(index.name())).append(" ON ").append(quote(t.name())).append(" (");
        for (int i = 0; i < index.columnIds().size(); i++) {
          sql.append(i == 0 ? "" : ", ").append(quote(t.columnById(index.columnIds().get(i)).name()));
        }
        wanted.put(index.name(), new MirroredIndex(t.name(), sql.append(')').toString()));
      }
    }
    for (Map.Entry<String, MirroredIndex> e : new ArrayList<>(createdIndexes.entrySet())) {
      if (!e.getValue().equals(wanted.get(e.getKey()))) {
        s.execute("DROP INDEX IF EXISTS " + quote(e.getKey()));
        createdIndexes.remove(e.getKey());
        dropCachedStatements();
      }
    }
    for (Map.Entry<String, MirroredIndex> e : wanted.entrySet()) {
      if (!createdIndexes.containsKey(e.getKey())) {
        s.execute(e.getValue().sql());
        createdIndexes.put(e.getKey(), e.getValue());
      }
    }
  }

  /** The unique keys of a table that named unique indexes stand for. */
  private static java.util.Set<String> uniqueIndexes(Catalog catalog, TableInfo t) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (IndexInfo index : catalog.indexes().values()) {
      if (index.unique() && index.table().equals(t.name())) {
        names.add(index.name());
      }
    }
    return names;
  }

  private void forgetIndexesOf(String table) {
    createdIndexes.values().removeIf(index -> index.table().equals(table));
  }

  static String createTable(TableInfo t) {
    return createTable(t, java.util.Set.of());
  }

  /** The working table; unique keys named in {@code indexBacked} are left to their unique index. */
  static String createTable(TableInfo t, java.util.Set<String> indexBacked) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quote(t.name())).append(" (")
        .append(quote(RID)).append(" BIGINT INVISIBLE");
    for (ColumnInfo c : t.columns()) {
      sql.append(", ").append(quote(c.name())).append(' ').append(c.type().toSql());
      if (c.identity() != null) {
        sql.append(" GENERATED ").append(c.identity().always() ? "ALWAYS" : "BY DEFAULT")
            .append(" AS IDENTITY (START WITH ").append(c.identity().start())
            .append(" INCREMENT BY ").append(c.identity().increment()).append(')');
      } else if (c.defaultExpression() != null) {
        sql.append(" DEFAULT ").append(c.defaultExpression());
      }
      if (c.notNull()) {
        sql.append(" NOT NULL");
      }
    }
    for (UniqueKey k : t.uniqueKeys()) {
      if (indexBacked.contains(k.name())) {
        continue;
      }
      sql.append(k.primaryKey() ? ", PRIMARY KEY (" : ", UNIQUE (");
      for (int i = 0; i < k.columnIds().size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(quote(t.columnById(k.columnIds().get(i)).name()));
      }
      sql.append(')');
    }
    for (String check : t.checks()) {
      sql.append(", CHECK (").append(check).append(')');
    }
    return sql.append(')').toString();
  }

  /**
   * For the read engine ({@link ReadEngine}): makes sure this engine has {@code t} as a plain heap table, with the
   * same columns, types, nullability and identities but no keys, indexes or checks, re-created when the schema
   * version changed. A single-table query scans its loaded candidates anyway; H2 inserting and then rolling back
   * each loaded row in every index was most of a large query's time (a GROUP BY over 10k rows: 7 index maps).
   */
  void ensureHeapTable(TableInfo t) throws SQLException {
    String version = createdVersions.get(t.name());
    if (version(t).equals(version)) {
      return;
    }
    try (Statement s = h2.createStatement()) {
      if (version != null) {
        s.execute("DROP TABLE IF EXISTS " + quote(t.name()));
        dropCachedStatements();
      }
      s.execute(heapTable(t));
    }
    createdVersions.put(t.name(), version(t));
    rowCounts.put(t.name(), 0);
  }

  private static String version(TableInfo t) {
    return t.tableId() + '#' + t.schemaVersion();
  }

  /** As {@link #createTable}, less keys and checks (key columns are NOT NULL in the catalog already). */
  static String heapTable(TableInfo t) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quote(t.name())).append(" (")
        .append(quote(RID)).append(" BIGINT INVISIBLE");
    for (ColumnInfo c : t.columns()) {
      sql.append(", ").append(quote(c.name())).append(' ').append(c.type().toSql());
      if (c.identity() != null) {
        sql.append(" GENERATED ").append(c.identity().always() ? "ALWAYS" : "BY DEFAULT").append(" AS IDENTITY");
      }
      sql.append(c.notNull() ? " NOT NULL" : "");
    }
    return sql.append(')').toString();
  }

  /** Replaces the table's working rows with {@code rows}. */
  void load(TableInfo t, List<Row> rows) throws SQLException {
    clear(t);
    if (rows.isEmpty()) {
      return;
    }
    rowCounts.put(t.name(), rows.size());
    PreparedStatement ps = prepare(insertSqls.computeIfAbsent(t.name() + '#' + version(t), k -> insertSql(t)));
    int n = t.columns().size();
    for (Row r : rows) {
      ps.setLong(1, r.rowId());
      Object[] v = r.values();
      for (int i = 0; i < n; i++) {
        ps.setObject(i + 2, v[i]);
      }
      ps.addBatch();
    }
    ps.executeBatch();
  }

  private static String insertSql(TableInfo t) {
    StringBuilder cols = new StringBuilder(quote(RID));
    StringBuilder vals = new StringBuilder("?");
    for (ColumnInfo c : t.columns()) {
      cols.append(", ").append(quote(c.name()));
      vals.append(", ?");
    }
    boolean always = t.columns().stream().anyMatch(c -> c.identity() != null && c.identity().always());
    return "INSERT INTO " + quote(t.name()) + " (" + cols + ")" + (always ? " OVERRIDING SYSTEM VALUE" : "")
        + " VALUES (" + vals + ")";
  }

  /**
   * Starts a statement whose working rows (those it loads, and those its DML writes here) are all removed by
   * {@link #endUndoable}'s rollback: cheaper than a DELETE, or a TRUNCATE (which makes H2 re-parse every prepared
   * statement), and nothing in between commits row by row. The caller must not run DDL here until then. Returns
   * false, and changes nothing, unless every working table is known to be empty.
   */
  boolean beginUndoable() throws SQLException {
    for (Integer count : rowCounts.values()) {
      if (count == null || count != 0) {
        return false;
      }
    }
    h2.setAutoCommit(false);
    return true;
  }

  /**
   * Ends what {@link #beginUndoable} started: removes every row loaded (or written) since. Many rows are truncated
   * instead: H2 rolls an insert back by removing its key from each B-tree again, and 10,000 loaded rows took
   * 10.2 ms to roll back against 2.6 ms to truncate (a GROUP BY over 10% of 100,000 rows spent a fifth of its time
   * in the rollback; docs/benchmarks.md). TRUNCATE commits first, which is safe: every table the statement wrote
   * here is in {@code loaded}, and it empties them all. Few rows keep the rollback, because after a TRUNCATE H2
   * re-parses each prepared statement, which would dominate small lookups.
   */
  void endUndoable(List<TableInfo> loaded) throws SQLException {
    boolean rolledBack = false;
    try {
      if (loadedRows(loaded) > TRUNCATE_ABOVE) {
        for (TableInfo t : loaded) {
          prepare("TRUNCATE TABLE " + quote(t.name())).executeUpdate();
        }
        h2.commit();
      } else {
        h2.rollback();
      }
      rolledBack = true;
    } finally {
      h2.setAutoCommit(true);
      for (TableInfo t : loaded) {
        rowCounts.put(t.name(), rolledBack ? 0 : -1);
      }
    }
  }

  private static final int TRUNCATE_ABOVE = 2000;

  private long loadedRows(List<TableInfo> loaded) {
    long n = 0;
    for (TableInfo t : loaded) {
      Integer count = rowCounts.get(t.name());
      n += count == null || count < 0 ? 0 : count;
    }
    return n;
  }

  /** Every working row of a table: rid (null for rows the statement inserted) and values. */
  List<Object[]> readAll(TableInfo t) throws SQLException {
    List<Object[]> rows = readRows(t);
    rowCounts.put(t.name(), rows.size());
    return rows;
  }

  /** A statement is about to change the table: its row count becomes unknown. */
  void changing(TableInfo t) {
    rowCounts.put(t.name(), -1);
  }

  private List<Object[]> readRows(TableInfo t) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(quote(RID));
    for (ColumnInfo c : t.columns()) {
      sql.append(", ").append(quote(c.name()));
    }
    sql.append(" FROM ").append(quote(t.name()));
    List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = prepare(sql.toString()).executeQuery()) {
      int n = t.columns().size();
      while (rs.next()) {
        Object[] row = new Object[n + 1];
        long rid = rs.getLong(1);
        row[0] = rs.wasNull() ? null : rid;
        for (int i = 0; i < n; i++) {
          SqlType type = t.columns().get(i).type().type();
          row[i + 1] = rs.getObject(i + 2, Values.javaClass(type));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * Empties a working table. TRUNCATE is DDL to H2 and makes it re-parse every prepared statement, which would
   * dominate small lookups; DELETE does not, and is cheap for the few rows lookups load.
   */
  void clear(TableInfo t) throws SQLException {
    Integer count = rowCounts.get(t.name());
    if (count != null && count == 0) {
      return;
    }
    if (count != null && count > 0 && count <= 2000) {
      prepare("DELETE FROM " + quote(t.name())).executeUpdate();
    } else {
      prepare("TRUNCATE TABLE " + quote(t.name())).executeUpdate();
    }
    rowCounts.put(t.name(), 0);
  }

  /** Drops a working table changed outside {@link #sync} (an ALTER run here), so the next sync re-creates it. */
  void forget(String table) throws SQLException {
    try (Statement s = h2.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + quote(table) + " CASCADE");
    }
    forgetIndexesOf(table);
    createdVersions.remove(table);
    rowCounts.remove(table);
    syncedCatalogVersion = -1;
    dropCachedStatements();
  }

  /** Restarts an identity column so the next generated value is {@code next}. */
  void restartIdentity(TableInfo t, ColumnInfo c, long next) throws SQLException {
    try (Statement s = h2.createStatement()) {
      s.execute("ALTER TABLE " + quote(t.name()) + " ALTER COLUMN " + quote(c.name()) + " RESTART WITH " + next);
    }
  }

  /** The value an identity column will generate next. */
  long identityBase(TableInfo t, ColumnInfo c) throws SQLException {
    PreparedStatement ps = prepare("SELECT IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'"
        + " AND TABLE_NAME = ? AND COLUMN_NAME = ?");
    ps.setString(1, t.name());
    ps.setString(2, c.name());
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("identity column missing in the working schema", "XX000");
      }
      return rs.getLong(1);
    }
  }

  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = h2.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  private void dropCachedStatements() throws SQLException {
    for (PreparedStatement ps : statements.values()) {
      ps.close();
    }
    statements.clear();
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() {
    try {
      h2.close();
    } catch (SQLException ignored) {
      // an in-memory database that failed to close is gone with its connection anyway
    }
  }
}
