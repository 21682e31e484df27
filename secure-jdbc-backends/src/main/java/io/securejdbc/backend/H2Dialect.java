package io.securejdbc.backend;

import java.sql.SQLException;

/** H2 2.x (embedded, file or server). */
public final class H2Dialect implements Dialect {

  @Override
  public String name() {
    return "h2";
  }

  @Override
  public String createMetaTable(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table
        + " (mkey VARCHAR(64) PRIMARY KEY, mver BIGINT NOT NULL, mval VARBINARY NOT NULL)";
  }

  @Override
  public String createDataTable(String table, int uniqueSlots) {
    StringBuilder sql = new StringBuilder("CREATE TABLE " + table + " (rid BIGINT PRIMARY KEY, ct VARBINARY NOT NULL");
    for (int i = 0; i < uniqueSlots; i++) {
      sql.append(", k").append(i).append(" VARBINARY(32) UNIQUE");
    }
    return sql.append(")").toString();
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
    return "CREATE TABLE " + table + " (kw VARBINARY(256) NOT NULL, entry VARBINARY(64) NOT NULL)";
  }

  @Override
  public String createIndexTableIndex(String table) {
    return "CREATE INDEX " + table + "_kw ON " + table + " (kw, entry)";
  }

  /** Keywords are at most 256 bytes; escaping at most doubles them, plus terminator and a 52-byte entry. */
  @Override
  public String createKeyIndexTable(String table) {
    return "CREATE TABLE " + table + " (k VARBINARY(640) NOT NULL)";
  }

  @Override
  public String createKeyIndexTableIndex(String table) {
    return "CREATE INDEX " + table + "_k ON " + table + " (k)";
  }

  @Override
  public String selectRowsByIdArray(String table) {
    return selectRowsByIdArrays(table, 1);
  }

  /** H2 refuses longer arrays with 22001 (its maximum array cardinality). */
  @Override
  public int maxIdArrayLength() {
    return 65_536;
  }

  /** The arrays' ids as one derived table (UNION ALL keeps their order); still a primary-key probe per id. */
  @Override
  public String selectRowsByIdArrays(String table, int arrays) {
    return Dialect.rowsByIdSources(table, arrays, a -> "TABLE(x BIGINT = ?)");
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
    return e.getErrorCode() == 23505 || "23505".equals(e.getSQLState());
  }

  /** 40001 deadlock, 50200 lock timeout (HYT00): the transaction lost a race and may be retried. */
  @Override
  public boolean isTransactionConflict(SQLException e) {
    return e.getErrorCode() == 40001 || e.getErrorCode() == 50200 || Dialect.super.isTransactionConflict(e);
  }

  @Override
  public boolean isConnectionFailure(SQLException e) {
    int code = e.getErrorCode();
    // 90067 connection broken, 90098 database closed, 90121 database closed on shutdown, 90028/90031 I/O error (a
    // TCP server's socket cut mid-statement surfaces as 90028 first)
    return Dialect.super.isConnectionFailure(e) || code == 90067 || code == 90098 || code == 90121
        || code == 90028 || code == 90031;
  }

  @Override
  public String lockTimeoutSql(long millis) {
    return "SET LOCK_TIMEOUT " + millis;
  }
}
