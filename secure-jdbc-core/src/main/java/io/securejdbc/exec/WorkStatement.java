package io.securejdbc.exec;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The engine-side statement behind one application statement. Each application statement gets its own, so a
 * result set stays open until its own statement runs again, as JDBC requires.
 */
public final class WorkStatement implements AutoCloseable {

  private PreparedStatement current;
  /** The engine {@link #current} belongs to: a query may run on the working engine or on the read engine. */
  private Scratch currentEngine;
  private String currentSql;
  private int maxRows;
  private int queryTimeout;
  private int appliedMaxRows;
  private int appliedTimeout;
  private String countedSql;
  private KeysRequest currentKeys = KeysRequest.NONE;
  private int parameterCount;

  /**
   * The engine statement for {@code sql}, parameters cleared. Limits are applied only when they change: H2 runs
   * setQueryTimeout as a SET command, which makes it re-parse every prepared statement of the session.
   */
  PreparedStatement prepare(Scratch scratch, String sql) throws SQLException {
    return prepare(scratch, sql, KeysRequest.NONE);
  }

  /** As {@link #prepare(Scratch, String)}, asking the engine for the generated keys the statement wants. */
  PreparedStatement prepare(Scratch scratch, String sql, KeysRequest keys) throws SQLException {
    if (current == null || current.isClosed() || scratch != currentEngine || !sql.equals(currentSql)
        || !keys.equals(currentKeys)) {
      closeCurrent();
      current = prepareWithKeys(scratch, sql, keys);
      currentEngine = scratch;
      currentSql = sql;
      currentKeys = keys;
      appliedMaxRows = 0;
      appliedTimeout = 0;
    }
    current.clearParameters();
    if (maxRows != appliedMaxRows) {
      current.setMaxRows(maxRows);
      appliedMaxRows = maxRows;
    }
    if (queryTimeout != appliedTimeout) {
      current.setQueryTimeout(queryTimeout);
      appliedTimeout = queryTimeout;
    }
    return current;
  }

  int maxRows() {
    return maxRows;
  }

  /**
   * The number of parameters the statement has (from the engine's own parse, cached), so that a missing parameter
   * fails as the engine would instead of being read as NULL.
   */
  int parameterCount(Scratch scratch, String sql) throws SQLException {
    if (sql.equals(countedSql)) {
      return parameterCount;
    }
    PreparedStatement ps = prepare(scratch, sql);
    parameterCount = ps.getParameterMetaData().getParameterCount();
    countedSql = sql;
    return parameterCount;
  }

  /**
   * The engine computes generated keys exactly as H2 does (also for UPDATE and MERGE). Column numbers are shifted
   * by one: the working table's first column is the hidden row id.
   */
  private static PreparedStatement prepareWithKeys(Scratch scratch, String sql, KeysRequest keys)
      throws SQLException {
    if (!keys.wanted()) {
      return scratch.connection().prepareStatement(sql);
    }
    if (keys.names() != null) {
      return scratch.connection().prepareStatement(sql, keys.names().toArray(new String[0]));
    }
    if (keys.indexes() != null) {
      int[] shifted = keys.indexes().clone();
      for (int i = 0; i < shifted.length; i++) {
        shifted[i]++;
      }
      return scratch.connection().prepareStatement(sql, shifted);
    }
    return scratch.connection().prepareStatement(sql, java.sql.Statement.RETURN_GENERATED_KEYS);
  }

  public void setMaxRows(int maxRows) {
    this.maxRows = maxRows;
  }

  public void setQueryTimeout(int seconds) {
    this.queryTimeout = seconds;
  }

  /** Cancels the engine-side execution, if one is running. */
  public void cancel() throws SQLException {
    PreparedStatement ps = current;
    if (ps != null) {
      ps.cancel();
    }
  }

  private void closeCurrent() throws SQLException {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  @Override
  public void close() throws SQLException {
    closeCurrent();
  }
}
