package io.securejdbc.exec;

import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.h2.tools.SimpleResultSet;

/** The generated-keys result set of an INSERT: identity columns, else the primary key, or the requested columns. */
final class GeneratedKeys {

  private GeneratedKeys() {}

  static ResultSet of(TableInfo t, List<Object[]> inserted, KeysRequest request) throws SQLException {
    List<Integer> columns = columns(t, request);
    SimpleResultSet rs = new SimpleResultSet();
    for (int i : columns) {
      ColumnInfo c = t.columns().get(i);
      int precision = Math.max(0, c.type().precision());
      int scale = Math.max(0, c.type().scale());
      rs.addColumn(c.name(), c.type().type().jdbcType(), c.type().type().h2Name(), precision, scale);
    }
    for (Object[] row : inserted) {
      Object[] out = new Object[columns.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = row[columns.get(i)];
      }
      rs.addRow(out);
    }
    return rs;
  }

  private static List<Integer> columns(TableInfo t, KeysRequest request) throws SQLException {
    List<Integer> out = new ArrayList<>();
    if (request.names() != null) {
      for (String name : request.names()) {
        int idx = indexOf(t, name);
        if (idx < 0) {
          throw io.securejdbc.SqlState.UNDEFINED_COLUMN.exception("column " + name + " not found in table "
              + t.name() + " for generated keys");
        }
        out.add(idx);
      }
      return out;
    }
    if (request.indexes() != null) {
      for (int i : request.indexes()) {
        if (i < 1 || i > t.columns().size()) {
          throw io.securejdbc.SqlState.INVALID_PARAMETER_VALUE.exception("column index " + i
              + " is out of range for generated keys of table " + t.name());
        }
        out.add(i - 1);
      }
      return out;
    }
    for (int i = 0; i < t.columns().size(); i++) {
      if (t.columns().get(i).identity() != null) {
        out.add(i);
      }
    }
    if (out.isEmpty()) {
      t.primaryKey().map(UniqueKey::columnIds).orElse(List.of()).forEach(id -> out.add(t.columnIndex(id)));
    }
    return out;
  }

  private static int indexOf(TableInfo t, String name) {
    for (int i = 0; i < t.columns().size(); i++) {
      if (t.columns().get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }
}
