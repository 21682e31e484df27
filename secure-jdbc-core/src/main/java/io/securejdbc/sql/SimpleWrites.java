package io.securejdbc.sql;

import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.index.SqlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;

/** Recognises {@link SimpleWrite}s; anything else (expressions, subqueries, partial column lists) is left alone. */
final class SimpleWrites {

  private SimpleWrites() {}

  /**
   * {@code INSERT INTO t [(c1, ..., cn)] VALUES (?, ..., ?)} naming distinct columns of t (all of them without a
   * list); what fills the others is the executor's to decide.
   */
  static SimpleWrite insert(SqlInsert insert, Catalog catalog) {
    try {
      return detectInsert(insert, catalog);
    } catch (RuntimeException e) {
      return null; // a shape this recogniser did not expect: the general path handles it
    }
  }

  /** {@code DELETE FROM t [alias] WHERE exact}. */
  static SimpleWrite delete(SqlDelete delete, Catalog catalog) {
    try {
      TableInfo table = table(delete.getTargetTable(), catalog);
      if (table == null || delete.getCondition() == null) {
        return null;
      }
      String qualifier = delete.getAlias() == null ? table.name() : delete.getAlias().getSimple();
      Pred where = where(delete.getCondition(), table, qualifier);
      return where == null ? null : new SimpleWrite(table.name(), List.of(), List.of(), where);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** As {@link #insert}, for UPDATE. */
  static SimpleWrite update(SqlUpdate update, Catalog catalog) {
    try {
      return detectUpdate(update, catalog);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static SimpleWrite detectInsert(SqlInsert insert, Catalog catalog) {
    TableInfo table = table(insert.getTargetTable(), catalog);
    if (table == null || insert.isUpsert()
        || insert.operand(0) instanceof SqlNodeList keywords && keywords.size() > 0
        || !(insert.getSource() instanceof SqlCall values) || values.getKind() != SqlKind.VALUES
        || values.operandCount() != 1 || !(values.operand(0) instanceof SqlCall row)
        || row.getKind() != SqlKind.ROW) {
      return null;
    }
    List<Integer> columns = new ArrayList<>();
    SqlNodeList names = insert.getTargetColumnList();
    if (names == null) {
      for (int i = 0; i < table.columns().size(); i++) {
        columns.add(i);
      }
    } else if (!resolve(names, table, null, columns)) {
      return null;
    }
    if (columns.size() != row.operandCount()) {
      return null;
    }
    // A column given DEFAULT (Hibernate's identity insert on H2: "values (?, ?, default)") counts as left out.
    List<Integer> given = new ArrayList<>();
    List<SqlNode> expressions = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (row.operand(i).getKind() != SqlKind.DEFAULT) {
        given.add(columns.get(i));
        expressions.add(row.operand(i));
      }
    }
    List<Integer> params = params(expressions);
    return params == null || given.isEmpty() ? null : new SimpleWrite(table.name(), given, params, null);
  }

  /**
   * {@code UPDATE t [alias] SET c = ?, ... WHERE exact}, where no assigned column belongs to a unique key (a key
   * change moves rows between shards and its duplicates are the engine's to report in statement order).
   */
  private static SimpleWrite detectUpdate(SqlUpdate update, Catalog catalog) {
    TableInfo table = table(update.getTargetTable(), catalog);
    if (table == null || update.getCondition() == null) {
      return null;
    }
    String qualifier = update.getAlias() == null ? table.name() : update.getAlias().getSimple();
    List<Integer> columns = new ArrayList<>();
    if (!resolve(update.getTargetColumnList(), table, qualifier, columns)) {
      return null;
    }
    Set<Integer> keyColumns = new HashSet<>();
    for (UniqueKey k : table.uniqueKeys()) {
      for (int id : k.columnIds()) {
        keyColumns.add(table.columnIndex(id));
      }
    }
    if (columns.stream().anyMatch(keyColumns::contains)) {
      return null;
    }
    List<Integer> params = params(update.getSourceExpressionList().getList());
    if (params == null || params.size() != columns.size()) {
      return null;
    }
    Pred where = where(update.getCondition(), table, qualifier);
    return where == null ? null : new SimpleWrite(table.name(), columns, params, where);
  }

  /** The exact filter of a WHERE clause on one table, or null when it is not one. */
  private static Pred where(SqlNode condition, TableInfo table, String qualifier) {
    return new PredicateTranslator(id -> column(id, table, qualifier), c -> table.column(c)
        .map(x -> x.type().type() == SqlType.BOOLEAN).orElse(false), true).translate(condition);
  }

  private static TableInfo table(SqlNode target, Catalog catalog) {
    if (!(target instanceof SqlIdentifier id) || id.names.size() > 2
        || id.names.size() == 2 && !id.names.get(0).equalsIgnoreCase("PUBLIC")) {
      return null;
    }
    return catalog.table(id.names.get(id.names.size() - 1)).orElse(null);
  }

  /** Column indexes of a list of distinct column names; false when one is unknown, qualified oddly or repeated. */
  private static boolean resolve(SqlNodeList names, TableInfo table, String qualifier, List<Integer> out) {
    Set<Integer> seen = new HashSet<>();
    for (SqlNode n : names) {
      String name = n instanceof SqlIdentifier id ? column(id, table, qualifier) : null;
      if (name == null) {
        return false;
      }
      int index = table.columnIndex(table.column(name).orElseThrow().id());
      if (!seen.add(index)) {
        return false;
      }
      out.add(index);
    }
    return true;
  }

  /** The parameter indexes of a list of expressions, or null unless every one is a bare {@code ?}. */
  private static List<Integer> params(List<SqlNode> expressions) {
    List<Integer> out = new ArrayList<>();
    for (SqlNode e : expressions) {
      if (!(e instanceof SqlDynamicParam p)) {
        return null;
      }
      out.add(p.getIndex());
    }
    return out;
  }

  private static String column(SqlIdentifier id, TableInfo table, String qualifier) {
    if (id.isStar() || id.names.size() > 2
        || id.names.size() == 2 && (qualifier == null || !id.names.get(0).equals(qualifier))) {
      return null;
    }
    return table.column(id.names.get(id.names.size() - 1)).map(ColumnInfo::name).orElse(null);
  }
}
