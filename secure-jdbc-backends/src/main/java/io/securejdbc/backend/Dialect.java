package io.securejdbc.backend;

import java.sql.SQLException;

/**
 * The vendor SQL for the physical tables secure-jdbc keeps on a backend. Core never writes vendor SQL itself.
 *
 * <p>Physical tables: a meta table {@code (mkey, mver, mval)} for the encrypted catalog and wrapped keys; data
 * tables {@code (rid, ct, k0..kN)} with the row ciphertext and uniqueness tags under UNIQUE constraints; index tables
 * {@code (k)} with a plain (non-unique) index on {@code k} (keyword and entry in one value), or, when created before
 * that form, {@code (kw, entry)} with a plain index on {@code (kw, entry)}; all compared as unsigned bytes by every
 * supported engine.
 * Table names are chosen by the caller (random, meaningless) and are plain lower-case identifiers.
 */
public interface Dialect {

  String name();

  String createMetaTable(String table);

  String createDataTable(String table, int uniqueSlots);

  /** Adds uniqueness tag column {@code k<slot>} with a UNIQUE constraint. */
  String addUniqueSlot(String table, int slot);

  String dropUniqueSlot(String table, int slot);

  String createIndexTable(String table);

  /** The (kw, entry) index of an index table, when the engine creates it in a separate statement (else null). */
  default String createIndexTableIndex(String table) {
    return null;
  }

  String dropTable(String table);

  String truncateTable(String table);

  /** {@code SELECT rid, ct FROM t WHERE rid IN (? x n)}. */
  default String selectRows(String table, int n) {
    return "SELECT rid, ct FROM " + table + " WHERE rid IN (" + placeholders(n) + ")";
  }

  /**
   * {@code SELECT rid, ct} of the rows whose ids are in one array parameter, or null when the engine has no such
   * form (then {@link #selectRows} with a list of parameters is used). One statement shape for any number of ids,
   * and, on H2, an index lookup per id instead of a linear IN-list check per row.
   */
  default String selectRowsByIdArray(String table) {
    return null;
  }

  /** Most ids one array parameter of {@link #selectRowsByIdArray} may hold. */
  default int maxIdArrayLength() {
    return Integer.MAX_VALUE;
  }

  /**
   * {@link #selectRowsByIdArray} over {@code arrays} array parameters, for more ids than one array holds: still one
   * statement, so the rows come from one snapshot of the backend. Null when the engine has no such form.
   */
  default String selectRowsByIdArrays(String table, int arrays) {
    return arrays == 1 ? selectRowsByIdArray(table) : null;
  }

  /**
   * Learns what the server can do from its first connection (the dialect is chosen by the URL alone). Failures
   * leave the conservative forms in place.
   */
  default void inspect(java.sql.DatabaseMetaData server) throws SQLException {}

  /** Binds the ids for {@link #selectRowsByIdArray}. */
  default void bindIdArray(java.sql.PreparedStatement ps, int index, Long[] ids) throws SQLException {
    ps.setObject(index, ids);
  }

  /** {@code SELECT rid, ct FROM t WHERE k<slot> = ?}: the row holding a uniqueness tag. */
  default String selectRowByTag(String table, int slot, boolean forUpdate) {
    return "SELECT rid, ct FROM " + table + " WHERE k" + slot + " = ?" + (forUpdate ? " FOR UPDATE" : "");
  }

  /** As {@link #selectRows} but locking the rows for update until the transaction ends. */
  default String selectRowsForUpdate(String table, int n) {
    return selectRows(table, n) + " FOR UPDATE";
  }

  /**
   * As {@link #selectRows} with a shared lock until the transaction ends: it keeps the rows from being deleted or
   * locked for update, but several transactions may hold it at once (a parent row that foreign key checks read).
   * H2 has only exclusive row locks, so by default this is {@link #selectRowsForUpdate}.
   */
  default String selectRowsForShare(String table, int n) {
    return selectRowsForUpdate(table, n);
  }

  default String scanRows(String table) {
    return "SELECT rid, ct FROM " + table;
  }

  default String countRows(String table) {
    return "SELECT COUNT(*) FROM " + table;
  }

  default String insertRow(String table, int uniqueSlots) {
    StringBuilder cols = new StringBuilder("rid, ct");
    StringBuilder vals = new StringBuilder("?, ?");
    for (int i = 0; i < uniqueSlots; i++) {
      cols.append(", k").append(i);
      vals.append(", ?");
    }
    return "INSERT INTO " + table + " (" + cols + ") VALUES (" + vals + ")";
  }

  default String updateRow(String table, int uniqueSlots) {
    StringBuilder sql = new StringBuilder("UPDATE " + table + " SET ct = ?");
    for (int i = 0; i < uniqueSlots; i++) {
      sql.append(", k").append(i).append(" = ?");
    }
    return sql.append(" WHERE rid = ?").toString();
  }

  /** Compare-and-set of a row's ciphertext: changes nothing if a writer replaced the row meanwhile. */
  default String replaceCiphertext(String table) {
    return "UPDATE " + table + " SET ct = ? WHERE rid = ? AND ct = ?";
  }

  default String deleteRow(String table) {
    return "DELETE FROM " + table + " WHERE rid = ?";
  }

  /** Inserts a posting entry (duplicates are harmless, see the class comment). */
  default String insertEntry(String table) {
    return "INSERT INTO " + table + " (kw, entry) VALUES (?, ?)";
  }

  /** Deletes an entry read from the index (every copy of it). */
  default String deleteEntry(String table) {
    return "DELETE FROM " + table + " WHERE kw = ? AND entry = ?";
  }

  /**
   * Deletes every entry of a keyword between two bounds: the entries of one (keyword, row) pair, whose bounds the
   * driver computes without reading the list.
   */
  default String deleteEntriesIn(String table) {
    return "DELETE FROM " + table + " WHERE kw = ? AND entry BETWEEN ? AND ?";
  }

  /**
   * As {@link #deleteEntriesIn}, one copy only (the index is a multiset: each write that sets a value adds a copy,
   * each write that changes it away removes one, so a copy another transaction added for the same value survives).
   */
  default String deleteOneEntryIn(String table) {
    return "DELETE FROM " + table + " WHERE kw = ? AND entry BETWEEN ? AND ? LIMIT 1";
  }

  default String lookupExact(String table, int n) {
    return "SELECT kw, entry FROM " + table + " WHERE kw IN (" + placeholders(n) + ")";
  }

  /** Keywords in a range; a side is bound by a parameter only when present. */
  default String lookupRange(String table, boolean hasLower, boolean lowerInclusive, boolean hasUpper,
      boolean upperInclusive) {
    StringBuilder sql = new StringBuilder("SELECT kw, entry FROM " + table);
    String glue = " WHERE ";
    if (hasLower) {
      sql.append(glue).append("kw ").append(lowerInclusive ? ">=" : ">").append(" ?");
      glue = " AND ";
    }
    if (hasUpper) {
      sql.append(glue).append("kw ").append(upperInclusive ? "<=" : "<").append(" ?");
    }
    return sql.toString();
  }

  default String scanIndex(String table) {
    return "SELECT kw, entry FROM " + table;
  }

  /**
   * An index table in the one-key layout (see {@code PostingKey} in the index module): {@code (k)}, keyword and
   * entry in one value, under a plain index on k.
   */
  String createKeyIndexTable(String table);

  /** The index on k, when the engine creates it in a separate statement (else null). */
  default String createKeyIndexTableIndex(String table) {
    return null;
  }

  default String insertKey(String table) {
    return "INSERT INTO " + table + " (k) VALUES (?)";
  }

  /** Deletes a key read from the index (every copy of it). */
  default String deleteKey(String table) {
    return "DELETE FROM " + table + " WHERE k = ?";
  }

  /** Deletes every key between two bounds (the keys of one (keyword, row) pair). */
  default String deleteKeysIn(String table) {
    return "DELETE FROM " + table + " WHERE k BETWEEN ? AND ?";
  }

  /** As {@link #deleteKeysIn}, one copy only (see {@link #deleteOneEntryIn}). */
  default String deleteOneKeyIn(String table) {
    return "DELETE FROM " + table + " WHERE k BETWEEN ? AND ? LIMIT 1";
  }

  /**
   * Keys in {@code n} half-open ranges {@code [?, ?)}, each an index range scan (a UNION ALL: engines do not all
   * turn an OR of ranges into index ranges).
   */
  default String lookupKeys(String table, int n) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT k FROM ").append(table).append(" WHERE k >= ? AND k < ?");
    }
    return sql.toString();
  }

  /** Keys in one range {@code [lower, upper)}; a side is bound by a parameter only when present. */
  default String lookupKeyRange(String table, boolean hasLower, boolean hasUpper) {
    StringBuilder sql = new StringBuilder("SELECT k FROM " + table);
    if (hasLower) {
      sql.append(" WHERE k >= ?");
    }
    if (hasUpper) {
      sql.append(hasLower ? " AND" : " WHERE").append(" k < ?");
    }
    return sql.toString();
  }

  default String scanKeys(String table) {
    return "SELECT k FROM " + table;
  }

  default String selectMeta(String table) {
    return "SELECT mver, mval FROM " + table + " WHERE mkey = ?";
  }

  default String insertMeta(String table) {
    return "INSERT INTO " + table + " (mkey, mver, mval) VALUES (?, ?, ?)";
  }

  /** Compare-and-set on the version, so two writers of the catalog cannot overwrite each other. */
  default String updateMeta(String table) {
    return "UPDATE " + table + " SET mver = ?, mval = ? WHERE mkey = ? AND mver = ?";
  }

  /** True when the backend refused a write because a UNIQUE/PRIMARY KEY constraint was violated. */
  boolean isUniqueViolation(SQLException e);

  /**
   * True when the error means the connection or server is gone (as opposed to a refused statement): SQLState class
   * 08, JDBC's connection exception classes, or a network I/O error underneath (a socket reset or closed mid-reply).
   */
  default boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("08") || e instanceof java.sql.SQLTransientConnectionException
        || e instanceof java.sql.SQLNonTransientConnectionException) {
      return true;
    }
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof java.net.SocketException || t instanceof java.io.EOFException
          || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** True when the backend aborted the transaction to break a deadlock or a serialisation conflict. */
  /**
   * The JDBC isolation level name the pool sets on every connection, or null to keep the server's default.
   * secure-jdbc needs READ COMMITTED on every backend: a statement must see what other transactions committed
   * while it waited for a row lock (a foreign key check that waited for a parent row must then find the children
   * committed meanwhile), which a REPEATABLE READ snapshot taken earlier in the transaction would hide.
   */
  default String transactionIsolation() {
    return null;
  }

  /** The session statement that bounds lock waits (see {@code PoolSettings.lockTimeoutMillis}), or null. */
  default String lockTimeoutSql(long millis) {
    return null;
  }

  /**
   * What the operator must change when an error comes from the server's configuration rather than the statement
   * (appended to the driver's message, which never echoes the backend's own), or null.
   */
  default String remedy(SQLException e) {
    return null;
  }

  default boolean isTransactionConflict(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.equals("40001") || state.equals("40P01") || state.startsWith("40"));
  }

  /**
   * {@code SELECT rid, ct} of the rows whose ids {@code arrays} id sources yield (a UNION ALL when several), joined to
   * the data table by primary key: one statement, so the rows come from one snapshot. {@code source} is a derived
   * table with one BIGINT column {@code x} over one array parameter; this adds the aliases.
   */
  static String rowsByIdSources(String table, int arrays, java.util.function.IntFunction<String> source) {
    String ids;
    if (arrays == 1) {
      ids = source.apply(0);
    } else {
      StringBuilder union = new StringBuilder("(");
      for (int a = 0; a < arrays; a++) {
        union.append(a == 0 ? "" : " UNION ALL ").append("SELECT x FROM ").append(source.apply(a)).append(" j")
            .append(a);
      }
      ids = union.append(')').toString();
    }
    return "SELECT d.rid, d.ct FROM " + ids + " ids JOIN " + table + " d ON d.rid = ids.x";
  }

  static String placeholders(int n) {
    StringBuilder sb = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "?" : ", ?");
    }
    return sb.toString();
  }

  /** The dialect for a JDBC URL. */
  static Dialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return new H2Dialect();
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect();
    }
    if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
      return new MariaDbDialect();
    }
    throw new IllegalArgumentException("no secure-jdbc dialect for this JDBC URL scheme (supported: h2, postgresql,"
        + " mariadb, mysql)");
  }
}
