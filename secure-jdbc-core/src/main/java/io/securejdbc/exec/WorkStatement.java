package io.securejdbc.exec;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The engine-side statement behind one application statement. Each application statement gets its own, so a
 * result set stays open until its own statement runs again, as JDBC requires.
 */
public final class WorkStatement implements AutoCloseable {

  private PreparedStatement current;
  private String currentSql;
  private int maxRows;
  private int queryTimeout;

  PreparedStatement prepare(Scratch scratch, String sql) throws SQLException {
    if (current == null || current.isClosed() || !sql.equals(currentSql)) {
      closeCurrent();
      current = scratch.connection().prepareStatement(sql);
      currentSql = sql;
    }
    current.clearParameters();
    current.setMaxRows(maxRows);
    current.setQueryTimeout(queryTimeout);
    return current;
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
