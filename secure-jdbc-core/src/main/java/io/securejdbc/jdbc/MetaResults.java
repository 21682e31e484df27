package io.securejdbc.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import org.h2.tools.SimpleResultSet;

/**
 * Adjusts metadata result sets of the working engine: its database name (random, per connection) and the row-id
 * column are implementation details, so the copy names the driver's catalog and omits the row-id column.
 */
final class MetaResults {

  private MetaResults() {}

  /** The engine's catalog name for an application's catalog argument (ours maps to the engine's; others stay). */
  static String engineCatalog(Object argument, String engineCatalog) {
    return Proxies.CATALOG.equals(argument) ? engineCatalog : (String) argument;
  }

  /** The catalogs: only ours. */
  static ResultSet catalogs() {
    SimpleResultSet out = new SimpleResultSet();
    out.addColumn("TABLE_CAT", java.sql.Types.VARCHAR, "CHARACTER VARYING", Integer.MAX_VALUE, 0);
    out.addRow(Proxies.CATALOG);
    return out;
  }

  /**
   * Copies a metadata result, naming our catalog wherever the engine's appears; with {@code hideRowId}, the rows
   * describing the row-id column (a getColumns() result) are left out and column positions renumbered.
   */
  static ResultSet rewrite(ResultSet rs, String engineCatalog, boolean hideRowId) throws SQLException {
    try (rs) {
      ResultSetMetaData md = rs.getMetaData();
      SimpleResultSet out = new SimpleResultSet();
      int n = md.getColumnCount();
      boolean[] catalogColumn = new boolean[n + 1];
      for (int i = 1; i <= n; i++) {
        String label = md.getColumnLabel(i);
        out.addColumn(label, md.getColumnType(i), md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i));
        catalogColumn[i] = label.endsWith("_CAT") || label.equals("TABLE_CATALOG");
      }
      int nameColumn = hideRowId ? rs.findColumn("COLUMN_NAME") : -1;
      int ordinalColumn = hideRowId ? rs.findColumn("ORDINAL_POSITION") : -1;
      String ridTable = null;
      while (rs.next()) {
        String table = hideRowId ? rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") : null;
        if (hideRowId && "__RID".equals(rs.getString(nameColumn))) {
          ridTable = table;
          continue;
        }
        Object[] row = new Object[n];
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row[i - 1] = catalogColumn[i] && engineCatalog.equals(v) ? Proxies.CATALOG : v;
        }
        // H2 lists an invisible column only when asked for it by name, and then it is first in the working table:
        // the table's other positions shift so that they start at 1, as the application's table has them.
        if (table != null && table.equals(ridTable) && row[ordinalColumn - 1] instanceof Number num) {
          row[ordinalColumn - 1] = num.intValue() - 1;
        }
        out.addRow(row);
      }
      return out;
    }
  }

  /**
   * getImportedKeys / getExportedKeys / getCrossReference from the catalog (the working engine does not hold the
   * constraints, which it must not enforce on partly loaded tables). Null table names match any table.
   */
  static ResultSet foreignKeys(io.securejdbc.catalog.Catalog catalog, String parentTable, String childTable,
      boolean byParent) {
    SimpleResultSet out = new SimpleResultSet();
    for (String c : new String[] {"PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT",
        "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME"}) {
      out.addColumn(c, java.sql.Types.VARCHAR, "CHARACTER VARYING", Integer.MAX_VALUE, 0);
    }
    for (String c : new String[] {"KEY_SEQ", "UPDATE_RULE", "DELETE_RULE"}) {
      out.addColumn(c, java.sql.Types.SMALLINT, "SMALLINT", 16, 0);
    }
    out.addColumn("FK_NAME", java.sql.Types.VARCHAR, "CHARACTER VARYING", Integer.MAX_VALUE, 0);
    out.addColumn("PK_NAME", java.sql.Types.VARCHAR, "CHARACTER VARYING", Integer.MAX_VALUE, 0);
    out.addColumn("DEFERRABILITY", java.sql.Types.SMALLINT, "SMALLINT", 16, 0);
    java.util.List<Object[]> rows = new java.util.ArrayList<>();
    for (io.securejdbc.catalog.ForeignKey fk : catalog.foreignKeys().values()) {
      io.securejdbc.catalog.TableInfo parent = catalog.tableById(fk.parentTableId()).orElse(null);
      io.securejdbc.catalog.TableInfo child = catalog.tableById(fk.childTableId()).orElse(null);
      if (parent == null || child == null || parentTable != null && !parentTable.equals(parent.name())
          || childTable != null && !childTable.equals(child.name())) {
        continue;
      }
      String pkName = parent.uniqueKeys().stream()
          .filter(k -> new java.util.HashSet<>(k.columnIds()).equals(new java.util.HashSet<>(fk.parentColumnIds())))
          .map(io.securejdbc.catalog.UniqueKey::name).findFirst().orElse(null);
      short delete = (short) switch (fk.onDelete()) {
        case CASCADE -> java.sql.DatabaseMetaData.importedKeyCascade;
        case SET_NULL -> java.sql.DatabaseMetaData.importedKeySetNull;
        case NO_ACTION -> java.sql.DatabaseMetaData.importedKeyNoAction;
      };
      for (int i = 0; i < fk.columnIds().size(); i++) {
        rows.add(new Object[] {Proxies.CATALOG, "PUBLIC", parent.name(),
            parent.columnById(fk.parentColumnIds().get(i)).name(), Proxies.CATALOG, "PUBLIC", child.name(),
            child.columnById(fk.columnIds().get(i)).name(), (short) (i + 1),
            (short) java.sql.DatabaseMetaData.importedKeyNoAction, delete, fk.name(), pkName,
            (short) java.sql.DatabaseMetaData.importedKeyNotDeferrable});
      }
    }
    // JDBC's order: by the other side's table, then KEY_SEQ
    int table = byParent ? 6 : 2;
    rows.sort(java.util.Comparator.comparing((Object[] r) -> (String) r[table])
        .thenComparing(r -> (String) r[11]).thenComparing(r -> (Short) r[8]));
    rows.forEach(out::addRow);
    return out;
  }

  /** Whether catalog and schema arguments can name our tables (null matches anything). */
  static boolean ours(Object catalog, Object schema) {
    return (catalog == null || Proxies.CATALOG.equals(catalog) || "".equals(catalog))
        && (schema == null || "PUBLIC".equalsIgnoreCase((String) schema));
  }
}
