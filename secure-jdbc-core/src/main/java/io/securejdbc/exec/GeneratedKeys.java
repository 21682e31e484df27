package io.securejdbc.exec;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import org.h2.tools.SimpleResultSet;

/**
 * Copies the engine's generated keys into a detached result set: the working tables are cleared after the
 * statement, and the application may read its keys later.
 */
final class GeneratedKeys {

  private GeneratedKeys() {}

  /** The rows of several statements' keys in one result (a batch's), with the first one's columns; null for none. */
  static ResultSet merge(java.util.List<ResultSet> keys) throws SQLException {
    SimpleResultSet out = null;
    for (ResultSet k : keys) {
      if (k == null) {
        continue;
      }
      if (out == null) {
        out = empty(k.getMetaData());
      }
      int n = k.getMetaData().getColumnCount();
      while (k.next()) {
        Object[] row = new Object[n];
        for (int i = 1; i <= n; i++) {
          row[i - 1] = k.getObject(i);
        }
        out.addRow(row);
      }
    }
    return out;
  }

  private static SimpleResultSet empty(ResultSetMetaData md) throws SQLException {
    SimpleResultSet out = new SimpleResultSet();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      out.addColumn(md.getColumnLabel(i), md.getColumnType(i), md.getColumnTypeName(i), md.getPrecision(i),
          md.getScale(i));
    }
    return out;
  }

  static ResultSet copy(ResultSet keys) throws SQLException {
    try (keys) {
      return merge(java.util.List.of(keys));
    }
  }
}
