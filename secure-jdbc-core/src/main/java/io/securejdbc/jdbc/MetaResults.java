package io.securejdbc.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import org.h2.tools.SimpleResultSet;

/** Adjusts metadata result sets of the working engine: the row-id column is an implementation detail. */
final class MetaResults {

  private MetaResults() {}

  /** Copies a getColumns() result without the rows describing the invisible row-id column. */
  static ResultSet hideRowIdColumn(ResultSet rs) throws SQLException {
    try (rs) {
      ResultSetMetaData md = rs.getMetaData();
      SimpleResultSet out = new SimpleResultSet();
      int n = md.getColumnCount();
      for (int i = 1; i <= n; i++) {
        out.addColumn(md.getColumnLabel(i), md.getColumnType(i), md.getColumnTypeName(i),
            md.getPrecision(i), md.getScale(i));
      }
      int nameColumn = rs.findColumn("COLUMN_NAME");
      int ordinalColumn = rs.findColumn("ORDINAL_POSITION");
      while (rs.next()) {
        if ("__RID".equals(rs.getString(nameColumn))) {
          continue;
        }
        Object[] row = new Object[n];
        for (int i = 1; i <= n; i++) {
          row[i - 1] = rs.getObject(i);
        }
        // The hidden column comes first in the working table: shift positions so they start at 1.
        Object ordinal = row[ordinalColumn - 1];
        if (ordinal instanceof Number num) {
          row[ordinalColumn - 1] = num.intValue() - 1;
        }
        out.addRow(row);
      }
      return out;
    }
  }
}
