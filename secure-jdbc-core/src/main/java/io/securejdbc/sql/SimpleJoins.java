package io.securejdbc.sql;

import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.SqlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

/** Recognises {@link SimpleJoin}s; anything it does not fully understand is left to the working engine. */
final class SimpleJoins {

  /** Join column types whose Java values are equal exactly when the engine finds them equal. */
  private static final Set<SqlType> JOINABLE = EnumSet.of(SqlType.TINYINT, SqlType.SMALLINT, SqlType.INTEGER,
      SqlType.BIGINT, SqlType.VARCHAR, SqlType.BOOLEAN, SqlType.DATE, SqlType.UUID);

  private SimpleJoins() {}

  static SimpleJoin detect(SqlNode node, Catalog catalog) {
    try {
      return node instanceof SqlSelect s ? select(s, catalog) : null;
    } catch (RuntimeException e) {
      return null; // a shape this recogniser did not expect: the engine answers
    }
  }

  private static SimpleJoin select(SqlSelect s, Catalog catalog) {
    if (s.isDistinct() || s.getGroup() != null || s.getHaving() != null
        || s.getOrderList() != null && s.getOrderList().size() > 0 || s.getFetch() != null || s.getOffset() != null
        || s.getWindowList() != null && s.getWindowList().size() > 0 || s.getQualify() != null
        || s.getOperandList().get(0) instanceof SqlNodeList k && k.size() > 0 || s.hasHints()
        || !(s.getFrom() instanceof SqlJoin join) || join.isNatural() || join.getJoinType() != JoinType.INNER
        || join.getConditionType() != JoinConditionType.ON) {
      return null;
    }
    Ref[] refs = {ref(join.getLeft(), catalog), ref(join.getRight(), catalog)};
    if (refs[0] == null || refs[1] == null || refs[0].qualifier.equals(refs[1].qualifier)) {
      return null;
    }
    if (!(join.getCondition() instanceof SqlCall on) || on.getKind() != SqlKind.EQUALS
        || !(on.operand(0) instanceof SqlIdentifier x) || !(on.operand(1) instanceof SqlIdentifier y)) {
      return null;
    }
    int[] xs = column(x, refs);
    int[] ys = column(y, refs);
    if (xs == null || ys == null || xs[0] == ys[0]) {
      return null;
    }
    int[] joinColumns = new int[2];
    joinColumns[xs[0]] = xs[1];
    joinColumns[ys[0]] = ys[1];
    SqlType t0 = refs[0].table.columns().get(joinColumns[0]).type().type();
    SqlType t1 = refs[1].table.columns().get(joinColumns[1]).type().type();
    if (t0 != t1 || !JOINABLE.contains(t0)) {
      return null;
    }
    Pred[] wheres = new Pred[2];
    if (s.getWhere() != null) {
      for (SqlNode conjunct : conjuncts(s.getWhere())) {
        if (!addConjunct(conjunct, refs, wheres)) {
          return null;
        }
      }
    }
    List<Integer> sources = new ArrayList<>();
    List<Integer> columns = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (SqlNode item : s.getSelectList()) {
      String label = null;
      if (item instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2) {
        label = ((SqlIdentifier) as.operand(1)).getSimple();
        item = as.operand(0);
      }
      int[] c = item instanceof SqlIdentifier id && !id.isStar() ? column(id, refs) : null;
      if (c == null) {
        return null;
      }
      ColumnInfo info = refs[c[0]].table.columns().get(c[1]);
      if (info.type().type().isLob() || info.type().type() == SqlType.CHAR) {
        return null;
      }
      sources.add(c[0]);
      columns.add(c[1]);
      labels.add(label == null ? info.name() : label);
    }
    return new SimpleJoin(List.of(refs[0].table.name(), refs[1].table.name()),
        List.of(joinColumns[0], joinColumns[1]), Arrays.asList(wheres), sources, columns, labels);
  }

  /** Translates one WHERE conjunct as an exact filter of the one table it concerns, ANDed to that table's. */
  private static boolean addConjunct(SqlNode conjunct, Ref[] refs, Pred[] wheres) {
    for (int i = 0; i < 2; i++) {
      Ref r = refs[i];
      int side = i;
      Pred p = new PredicateTranslator(id -> {
        int[] c = column(id, refs);
        return c != null && c[0] == side ? r.table.columns().get(c[1]).name() : null;
      }, col -> r.table.column(col).map(c -> c.type().type() == SqlType.BOOLEAN).orElse(false), true)
          .translate(conjunct);
      if (p != null && mentionsOnly(conjunct, refs, i)) {
        wheres[i] = wheres[i] == null ? p : new Pred.And(List.of(wheres[i], p));
        return true;
      }
    }
    return false;
  }

  /** True when every column the expression names belongs to table {@code i} (and names exist at all). */
  private static boolean mentionsOnly(SqlNode node, Ref[] refs, int i) {
    if (node instanceof SqlIdentifier id) {
      int[] c = column(id, refs);
      return c != null && c[0] == i;
    }
    if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        if (operand != null && !mentionsOnly(operand, refs, i)) {
          return false;
        }
      }
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        if (!mentionsOnly(n, refs, i)) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<SqlNode> conjuncts(SqlNode node) {
    if (node instanceof SqlCall call && call.getKind() == SqlKind.AND) {
      List<SqlNode> out = new ArrayList<>();
      for (SqlNode operand : call.getOperandList()) {
        out.addAll(conjuncts(operand));
      }
      return out;
    }
    return List.of(node);
  }

  /** A table reference: {@code table [AS] alias}. */
  private record Ref(TableInfo table, String qualifier) {}

  private static Ref ref(SqlNode from, Catalog catalog) {
    String alias = null;
    if (from instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2) {
      alias = ((SqlIdentifier) as.operand(1)).getSimple();
      from = as.operand(0);
    }
    if (!(from instanceof SqlIdentifier id) || id.names.size() > 2
        || id.names.size() == 2 && !id.names.get(0).equalsIgnoreCase("PUBLIC")) {
      return null;
    }
    TableInfo t = catalog.table(id.names.get(id.names.size() - 1)).orElse(null);
    return t == null ? null : new Ref(t, alias == null ? t.name() : alias);
  }

  /** {side, column index} of a column identifier (side: its table's position in refs); null if unknown/ambiguous. */
  private static int[] column(SqlIdentifier id, Ref[] refs) {
    if (id.isStar() || id.names.size() > 2) {
      return null;
    }
    String name = id.names.get(id.names.size() - 1);
    int[] found = null;
    for (int i = 0; i < refs.length; i++) {
      if (id.names.size() == 2 && !id.names.get(0).equals(refs[i].qualifier)) {
        continue;
      }
      ColumnInfo c = refs[i].table.column(name).orElse(null);
      if (c != null) {
        if (found != null) {
          return null;
        }
        found = new int[] {i, refs[i].table.columnIndex(c.id())};
      }
    }
    return found;
  }
}
