package io.securejdbc.backend;

import java.sql.SQLException;

/** MariaDB 10.5+ / MySQL 8 (InnoDB): VARBINARY keywords compare as unsigned bytes. */
public final class MariaDbDialect implements Dialect {

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
