package io.securejdbc.backend;

import java.sql.SQLException;

/** PostgreSQL 12+ (and compatible engines): BYTEA keywords compare as unsigned bytes, like memcmp. */
public final class PostgresDialect implements Dialect {

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String createMetaTable(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table
        + " (mkey VARCHAR(64) PRIMARY KEY, mver BIGINT NOT NULL, mval BYTEA NOT NULL)";
  }

  @Override
  public String createDataTable(String table, int uniqueSlots) {
    StringBuilder sql = new StringBuilder("CREATE TABLE " + table + " (rid BIGINT PRIMARY KEY, ct BYTEA NOT NULL");
    for (int i = 0; i < uniqueSlots; i++) {
      sql.append(", k").append(i).append(" BYTEA UNIQUE");
    }
    return sql.append(")").toString();
  }

  @Override
  public String addUniqueSlot(String table, int slot) {
    return "ALTER TABLE " + table + " ADD COLUMN k" + slot + " BYTEA UNIQUE";
  }

  @Override
  public String dropUniqueSlot(String table, int slot) {
    return "ALTER TABLE " + table + " DROP COLUMN k" + slot;
  }

  @Override
  public String createIndexTable(String table) {
    return "CREATE TABLE " + table + " (kw BYTEA NOT NULL, entry BYTEA NOT NULL)";
  }

  @Override
  public String createIndexTableIndex(String table) {
    return "CREATE INDEX " + table + "_kw ON " + table + " (kw, entry)";
  }

  @Override
  public String createKeyIndexTable(String table) {
    return "CREATE TABLE " + table + " (k BYTEA NOT NULL)";
  }

  @Override
  public String createKeyIndexTableIndex(String table) {
    return "CREATE INDEX " + table + "_k ON " + table + " (k)";
  }

  @Override
  public String deleteOneKeyIn(String table) {
    return "DELETE FROM " + table + " WHERE ctid = (SELECT ctid FROM " + table + " WHERE k BETWEEN ? AND ? LIMIT 1)";
  }

  @Override
  public String selectRowsByIdArray(String table) {
    return "SELECT rid, ct FROM " + table + " WHERE rid = ANY(?)";
  }

  @Override
  public void bindIdArray(java.sql.PreparedStatement ps, int index, Long[] ids) throws SQLException {
    ps.setArray(index, ps.getConnection().createArrayOf("bigint", ids));
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
    return "23505".equals(e.getSQLState());
  }

  @Override
  public String lockTimeoutSql(long millis) {
    return "SET lock_timeout = " + millis;
  }

  /** 55P03: lock_timeout expired, which is how a deadlock across two backends ends. */
  @Override
  public boolean isTransactionConflict(SQLException e) {
    return "55P03".equals(e.getSQLState()) || Dialect.super.isTransactionConflict(e);
  }

  /** PostgreSQL's DELETE has no LIMIT: one physical row, by its ctid. */
  @Override
  public String deleteOneEntryIn(String table) {
    return "DELETE FROM " + table + " WHERE ctid = (SELECT ctid FROM " + table
        + " WHERE kw = ? AND entry BETWEEN ? AND ? LIMIT 1)";
  }

  @Override
  public String selectRowsForShare(String table, int n) {
    return selectRows(table, n) + " FOR KEY SHARE";
  }
}
