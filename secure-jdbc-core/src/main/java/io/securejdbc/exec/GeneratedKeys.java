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

  static ResultSet copy(ResultSet keys) throws SQLException {
    try (keys) {
      ResultSetMetaData md = keys.getMetaData();
      SimpleResultSet out = new SimpleResultSet();
      int n = md.getColumnCount();
      for (int i = 1; i <= n; i++) {
        out.addColumn(md.getColumnLabel(i), md.getColumnType(i), md.getColumnTypeName(i), md.getPrecision(i),
            md.getScale(i));
      }
      while (keys.next()) {
        Object[] row = new Object[n];
        for (int i = 1; i <= n; i++) {
          row[i - 1] = keys.getObject(i);
        }
        out.addRow(row);
      }
      return out;
    }
  }
}
