package io.securejdbc.sql;

import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.SqlType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.h2.result.SortOrder;

/**
 * Recognises {@link SimpleSelect}s: {@code SELECT * | col [AS label], ... FROM table [alias] [WHERE exact]
 * [ORDER BY col | position [ASC | DESC] [NULLS FIRST | LAST], ... [OFFSET n] [FETCH FIRST n ROWS ONLY | LIMIT n]]}
 * with nothing else (no DISTINCT, GROUP BY, expressions, subqueries, LIMIT without ORDER BY) and no LOB or CHAR
 * column in the result or the sort keys.
 */
final class SimpleSelects {

  private SimpleSelects() {}

  static SimpleSelect detect(SqlNode node, Catalog catalog) {
    SqlNodeList orderList = null;
    SimpleSelect.Bound offset = null;
    SimpleSelect.Bound fetch = null;
    if (node instanceof SqlOrderBy ob) {
      orderList = ob.orderList;
      offset = bound(ob.offset);
      fetch = bound(ob.fetch);
      if (orderList == null || orderList.isEmpty() || ob.offset != null && offset == null
          || ob.fetch != null && fetch == null) {
        return null;
      }
      node = ob.query;
    }
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
    Integer count = s.getSelectList().size() == 1 && orderList == null ? count(s.getSelectList().get(0), table,
        qualifier) : null;
    for (SqlNode item : count != null ? List.<SqlNode>of() : s.getSelectList()) {
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
    List<SimpleSelect.SortKey> order = new ArrayList<>();
    for (SqlNode item : orderList == null ? List.<SqlNode>of() : orderList) {
      SimpleSelect.SortKey key = sortKey(item, table, qualifier, columns, labels);
      if (key == null) {
        return null;
      }
      order.add(key);
    }
    return new SimpleSelect(table.name(), List.copyOf(columns), List.copyOf(labels), where, order, offset, fetch,
        count);
  }

  /**
   * For {@code COUNT(*)} or {@code COUNT(column)} (not DISTINCT), optionally labelled, {@link SimpleSelect#COUNT_ROWS}
   * or the column's index; null for anything else. The label is the engine's to give (see FastPath).
   */
  private static Integer count(SqlNode item, TableInfo table, String qualifier) {
    if (item instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2) {
      item = as.operand(0);
    }
    // Parsed without validation, COUNT is an unresolved function: known by its name.
    if (!(item instanceof SqlBasicCall call) || !call.getOperator().getName().equalsIgnoreCase("COUNT")
        || call.operandCount() != 1
        || call.getFunctionQuantifier() != null || !(call.operand(0) instanceof SqlIdentifier id)) {
      return null;
    }
    if (id.isStar()) {
      return id.names.size() == 1 ? SimpleSelect.COUNT_ROWS : null;
    }
    String name = column(id, table, qualifier);
    return name == null ? null : table.columnIndex(table.column(name).orElseThrow().id());
  }

  /** An ORDER BY item on a plain column, by name or by position in the select list; null otherwise. */
  private static SimpleSelect.SortKey sortKey(SqlNode item, TableInfo table, String qualifier, List<Integer> columns,
      List<String> labels) {
    int type = SortOrder.ASCENDING;
    while (item instanceof SqlCall call && call.operandCount() == 1) {
      switch (call.getKind()) {
        case DESCENDING -> type |= SortOrder.DESCENDING;
        case NULLS_FIRST -> type |= SortOrder.NULLS_FIRST;
        case NULLS_LAST -> type |= SortOrder.NULLS_LAST;
        default -> {
          return null;
        }
      }
      item = call.operand(0);
    }
    int column;
    if (item instanceof SqlNumericLiteral n && n.isInteger()) {
      int position = n.intValue(true);
      if (position < 1 || position > columns.size()) {
        return null;
      }
      column = columns.get(position - 1);
    } else if (item instanceof SqlIdentifier id) {
      String name = column(id, table, qualifier);
      if (name == null) {
        return null;
      }
      column = table.columnIndex(table.column(name).orElseThrow().id());
      // The engine resolves a bare name against the select list's labels first: a label naming another column
      // would sort by that one.
      for (int i = 0; i < labels.size(); i++) {
        if (id.names.size() == 1 && labels.get(i).equalsIgnoreCase(name) && columns.get(i) != column) {
          return null;
        }
      }
    } else {
      return null;
    }
    SqlType t = table.columns().get(column).type().type();
    return t.isLob() || t == SqlType.CHAR ? null : new SimpleSelect.SortKey(column, type);
  }

  /** An OFFSET or FETCH count given as a non-negative integer literal or a parameter; null otherwise. */
  private static SimpleSelect.Bound bound(SqlNode n) {
    if (n instanceof SqlNumericLiteral literal && literal.isInteger() && literal.longValue(true) >= 0) {
      return new SimpleSelect.Bound(literal.longValue(true), -1);
    }
    return n instanceof SqlDynamicParam p ? new SimpleSelect.Bound(0, p.getIndex()) : null;
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
