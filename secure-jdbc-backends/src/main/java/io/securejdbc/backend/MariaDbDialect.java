package io.securejdbc.backend;

import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MariaDB 10.5+ / MySQL 8 (InnoDB): VARBINARY keywords compare as unsigned bytes. */
public final class MariaDbDialect implements Dialect {

  /**
   * Ids per JSON array and arrays per statement: 8 x 65,536 ids of up to 20 characters stay below the 16 MiB
   * {@code max_allowed_packet} MariaDB ships with. Larger fetches fall back to several IN-list statements.
   */
  private static final int IDS_PER_ARRAY = 65_536;
  private static final int MAX_ARRAYS = 8;
  private static final String IDS_TABLE = "JSON_TABLE(?, '$[*]' COLUMNS (x BIGINT PATH '$'))";
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

  /** JSON_TABLE exists from MariaDB 10.6 and MySQL 8.0.4; learnt from the first connection. */
  private volatile boolean jsonTable;

  @Override
  public void inspect(DatabaseMetaData server) throws SQLException {
    jsonTable = hasJsonTable(server.getDatabaseProductName(), server.getDatabaseProductVersion());
  }

  static boolean hasJsonTable(String product, String version) {
    String text = version == null ? "" : version;
    boolean mariaDb = (product != null && product.toLowerCase(Locale.ROOT).contains("mariadb"))
        || text.toLowerCase(Locale.ROOT).contains("mariadb");
    if (mariaDb && text.startsWith("5.5.5-")) {
      // MariaDB before 11 announces itself as "5.5.5-<version>" to old MySQL clients.
      text = text.substring("5.5.5-".length());
    }
    Matcher m = VERSION.matcher(text);
    if (!m.lookingAt()) {
      return false;
    }
    try {
      int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
      return Arrays.compare(v, mariaDb ? new int[] {10, 6, 0} : new int[] {8, 0, 4}) >= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The ids as JSON arrays unpacked by JSON_TABLE, joined to the data table by primary key: one statement, hence
   * one snapshot, for up to 8 arrays (see {@link #IDS_PER_ARRAY}); null (IN lists) without JSON_TABLE.
   */
  @Override
  public String selectRowsByIdArrays(String table, int arrays) {
    if (!jsonTable || arrays > MAX_ARRAYS) {
      return null;
    }
    return Dialect.rowsByIdSources(table, arrays, a -> IDS_TABLE);
  }

  @Override
  public String selectRowsByIdArray(String table) {
    return selectRowsByIdArrays(table, 1);
  }

  @Override
  public int maxIdArrayLength() {
    return IDS_PER_ARRAY;
  }

  @Override
  public void bindIdArray(PreparedStatement ps, int index, Long[] ids) throws SQLException {
    StringBuilder json = new StringBuilder(ids.length * 20 + 2).append('[');
    for (int i = 0; i < ids.length; i++) {
      json.append(i == 0 ? "" : ",").append(ids[i].longValue());
    }
    ps.setString(index, json.append(']').toString());
  }

  @Override
  public String name() {
    return "mariadb";
  }

  @Override
  public String createMetaTable(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table
        + " (mkey VARCHAR(64) PRIMARY KEY, mver BIGINT NOT NULL, mval LONGBLOB NOT NULL) ENGINE=InnoDB";
  }

  @Override
  public String createDataTable(String table, int uniqueSlots) {
    StringBuilder sql = new StringBuilder("CREATE TABLE " + table + " (rid BIGINT PRIMARY KEY, ct LONGBLOB NOT NULL");
    for (int i = 0; i < uniqueSlots; i++) {
      sql.append(", k").append(i).append(" VARBINARY(32) UNIQUE");
    }
    return sql.append(") ENGINE=InnoDB").toString();
  }

  @Override
  public String addUniqueSlot(String table, int slot) {
    return "ALTER TABLE " + table + " ADD COLUMN k" + slot + " VARBINARY(32) UNIQUE";
  }

  @Override
  public String dropUniqueSlot(String table, int slot) {
    return "ALTER TABLE " + table + " DROP COLUMN k" + slot;
  }

  @Override
  public String createIndexTable(String table) {
    return "CREATE TABLE " + table + " (kw VARBINARY(256) NOT NULL, entry VARBINARY(64) NOT NULL,"
        + " INDEX " + table + "_kw (kw, entry)) ENGINE=InnoDB";
  }

  @Override
  public String createKeyIndexTable(String table) {
    return "CREATE TABLE " + table + " (k VARBINARY(640) NOT NULL, INDEX " + table + "_k (k)) ENGINE=InnoDB";
  }

  @Override
  public String dropTable(String table) {
    return "DROP TABLE IF EXISTS " + table;
  }

  @Override
  public String truncateTable(String table) {
    return "TRUNCATE TABLE " + table;
  }

  @Override
  public boolean isUniqueViolation(SQLException e) {
    return e.getErrorCode() == 1062 || "23505".equals(e.getSQLState());
  }

  @Override
  public boolean isConnectionFailure(SQLException e) {
    return Dialect.super.isConnectionFailure(e) || e.getErrorCode() == 2006 || e.getErrorCode() == 2013;
  }

  @Override
  public boolean isTransactionConflict(SQLException e) {
    return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || Dialect.super.isTransactionConflict(e);
  }

  /**
   * 1665: with binary logging on and {@code binlog_format=STATEMENT}, InnoDB refuses every write under READ
   * COMMITTED, the isolation the driver sets on MariaDB/MySQL connections (docs/backends.md).
   */
  @Override
  public String remedy(SQLException e) {
    return e.getErrorCode() == 1665 ? "the server logs statements (binlog_format=STATEMENT), which InnoDB refuses"
        + " under READ COMMITTED; set binlog_format to ROW or MIXED on that server" : null;
  }

  @Override
  public String lockTimeoutSql(long millis) {
    return "SET SESSION innodb_lock_wait_timeout = " + Math.max(1, (millis + 999) / 1000);
  }

  @Override
  public String selectRowsForShare(String table, int n) {
    return selectRows(table, n) + " LOCK IN SHARE MODE";
  }

  /** InnoDB defaults to REPEATABLE READ (see {@link Dialect#transactionIsolation}). */
  @Override
  public String transactionIsolation() {
    return "TRANSACTION_READ_COMMITTED";
  }
}
