package io.securejdbc.sql;

import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.SqlType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;

/**
 * Recognises {@link SimpleSelect}s: {@code SELECT * | col [AS label], ... FROM table [alias] [WHERE exact]} with
 * nothing else (no DISTINCT, GROUP BY, ORDER BY, LIMIT, expressions, subqueries) and no LOB or CHAR column in the
 * result.
 */
final class SimpleSelects {

  private SimpleSelects() {}

  static SimpleSelect detect(SqlNode node, Catalog catalog) {
    if (!(node instanceof SqlSelect s) || s.isDistinct() || s.getGroup() != null || s.getHaving() != null
        || s.getOrderList() != null && s.getOrderList().size() > 0 || s.getFetch() != null || s.getOffset() != null
        || s.getWindowList() != null && s.getWindowList().size() > 0 || s.getQualify() != null
        || s.getOperandList().get(0) instanceof org.apache.calcite.sql.SqlNodeList k && k.size() > 0
        || s.hasHints()) {
      return null;
    }
    SqlNode from = s.getFrom();
    String alias = null;
    if (from instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2
        && as.operand(0) instanceof SqlIdentifier) {
      alias = ((SqlIdentifier) as.operand(1)).getSimple();
      from = as.operand(0);
    }
    if (!(from instanceof SqlIdentifier id) || id.names.size() > 2
        || id.names.size() == 2 && !id.names.get(0).equalsIgnoreCase("PUBLIC")) {
      return null;
    }
    TableInfo table = catalog.table(id.names.get(id.names.size() - 1)).orElse(null);
    if (table == null) {
      return null;
    }
    String qualifier = alias == null ? table.name() : alias;
    List<Integer> columns = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (SqlNode item : s.getSelectList()) {
      if (!project(item, table, qualifier, columns, labels)) {
        return null;
      }
    }
    for (int c : columns) {
      SqlType t = table.columns().get(c).type().type();
      // LOB values are engine objects tied to a session; CHAR padding is applied on assignment in the engine.
      if (t.isLob() || t == SqlType.CHAR) {
        return null;
      }
    }
    Pred where = null;
    if (s.getWhere() != null) {
      where = new PredicateTranslator(i -> column(i, table, qualifier), col -> table.column(col)
          .map(c -> c.type().type() == SqlType.BOOLEAN).orElse(false), true).translate(s.getWhere());
      if (where == null) {
        return null;
      }
    }
    return new SimpleSelect(table.name(), List.copyOf(columns), List.copyOf(labels), where);
  }

  private static boolean project(SqlNode item, TableInfo table, String qualifier, List<Integer> columns,
      List<String> labels) {
    String label = null;
    if (item instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2) {
      label = ((SqlIdentifier) as.operand(1)).getSimple();
      item = as.operand(0);
    }
    if (!(item instanceof SqlIdentifier id)) {
      return false;
    }
    if (id.isStar()) {
      if (label != null || id.names.size() > 2 || id.names.size() == 2 && !id.names.get(0).equals(qualifier)) {
        return false;
      }
      for (int i = 0; i < table.columns().size(); i++) {
        columns.add(i);
        labels.add(table.columns().get(i).name());
      }
      return true;
    }
    String name = column(id, table, qualifier);
    if (name == null) {
      return false;
    }
    columns.add(table.columnIndex(table.column(name).orElseThrow().id()));
    labels.add(label == null ? name : label);
    return true;
  }

  /** The column an identifier names in this single-table query, or null. */
  private static String column(SqlIdentifier id, TableInfo table, String qualifier) {
    if (id.names.size() > 2 || id.isStar()) {
      return null;
    }
    if (id.names.size() == 2 && !id.names.get(0).equals(qualifier)) {
      return null;
    }
    String name = id.names.get(id.names.size() - 1);
    return table.column(name).map(ColumnInfo::name).orElse(null);
  }
}
