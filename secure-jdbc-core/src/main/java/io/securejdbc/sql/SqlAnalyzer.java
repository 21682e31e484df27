package io.securejdbc.sql;

import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.SqlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * Finds, for each encrypted table a statement reads, which rows it can possibly need: Calcite parses the statement,
 * and for every table reference the WHERE and JOIN ... ON conjuncts that mention only that reference become a
 * {@link Pred} for its keyword index. The rules keep the candidate set a superset of what the statement needs:
 * conjuncts only (never a branch of an OR that mentions other tables), ON conditions only on a join's
 * non-preserved side, and on the null-supplying side of an outer join only predicates that reject NULLs.
 */
public final class SqlAnalyzer {

  private final Catalog catalog;
  private final Map<String, List<Pred>> reads = new LinkedHashMap<>();
  private final Set<String> expandingViews = new HashSet<>();
  private final List<JoinLink> links = new ArrayList<>();

  private SqlAnalyzer(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Analyses a statement; never throws for SQL it cannot parse (see {@link Analysis#parsedByCalcite()}). */
  public static Analysis analyze(String sql, Catalog catalog) {
    SqlNode node;
    try {
      node = CalciteParser.parse(sql);
    } catch (SqlParseException | RuntimeException e) {
      return IdentifierScan.analyze(sql, catalog);
    }
    SqlAnalyzer a = new SqlAnalyzer(catalog);
    try {
      return a.statement(node);
    } catch (RuntimeException e) {
      // A shape we do not understand: fall back to reading every named table in full, which is always correct.
      return IdentifierScan.analyze(sql, catalog);
    }
  }

  private Analysis statement(SqlNode node) {
    switch (node.getKind()) {
      case INSERT -> {
        SqlInsert insert = (SqlInsert) node;
        String target = tableName(insert.getTargetTable());
        walk(insert.getSource(), Scope.ROOT);
        return new Analysis(Analysis.Kind.INSERT, target, reads, true, null, links,
            SimpleWrites.insert(insert, catalog));
      }
      case UPDATE -> {
        SqlUpdate update = (SqlUpdate) node;
        String target = tableName(update.getTargetTable());
        TableRef ref = targetRef(target, alias(update.getAlias(), target));
        pushWhere(List.of(ref), update.getCondition());
        walk(update.getCondition(), Scope.ROOT);
        walk(update.getSourceExpressionList(), Scope.ROOT);
        return new Analysis(Analysis.Kind.UPDATE, target, reads, true, null, links,
            SimpleWrites.update(update, catalog));
      }
      case DELETE -> {
        SqlDelete delete = (SqlDelete) node;
        String target = tableName(delete.getTargetTable());
        TableRef ref = targetRef(target, alias(delete.getAlias(), target));
        pushWhere(List.of(ref), delete.getCondition());
        walk(delete.getCondition(), Scope.ROOT);
        return new Analysis(Analysis.Kind.DELETE, target, reads, true, null, links,
            SimpleWrites.delete(delete, catalog));
      }
      case MERGE -> {
        SqlMerge merge = (SqlMerge) node;
        String target = tableName(merge.getTargetTable());
        read(target, null);
        walk(merge.getSourceTableRef(), Scope.ROOT);
        walk(merge.getCondition(), Scope.ROOT);
        walk(merge.getUpdateCall(), Scope.ROOT);
        walk(merge.getInsertCall(), Scope.ROOT);
        return new Analysis(Analysis.Kind.MERGE, target, reads, true, null, links);
      }
      default -> {
        if (!node.isA(SqlKind.QUERY) && node.getKind() != SqlKind.ORDER_BY && node.getKind() != SqlKind.WITH
            && node.getKind() != SqlKind.EXPLAIN) {
          return new Analysis(Analysis.Kind.OTHER, null, reads, true);
        }
        walk(node, Scope.ROOT);
        return new Analysis(Analysis.Kind.QUERY, null, reads, true, SimpleSelects.detect(node, catalog), links,
            null, SimpleJoins.detect(node, catalog));
      }
    }
  }

  /** Visits any node, analysing every SELECT in it. */
  private void walk(SqlNode node, Scope scope) {
    if (node == null) {
      return;
    }
    if (node instanceof SqlSelect select) {
      select(select, scope);
    } else if (node instanceof SqlWith with) {
      Scope inner = scope;
      for (SqlNode item : with.withList) {
        SqlWithItem w = (SqlWithItem) item;
        inner = inner.withCte(w.name.getSimple());
        walk(w.query, inner);
      }
      walk(with.body, inner);
    } else if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        walk(n, scope);
      }
    } else if (node.getKind() == SqlKind.EXPLICIT_TABLE && node instanceof SqlCall call) {
      tableReference(call.operand(0), null, false, scope, new ArrayList<>());
    } else if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        walk(operand, scope);
      }
    }
  }

  private void select(SqlSelect select, Scope scope) {
    List<TableRef> refs = new ArrayList<>();
    from(select.getFrom(), false, scope, refs);
    pushWhere(refs, select.getWhere());
    for (SqlNode part : new SqlNode[] {select.getWhere(), select.getSelectList(), select.getGroup(),
        select.getHaving(), select.getOrderList(), select.getQualify(), select.getWindowList()}) {
      walk(part, scope);
    }
  }

  /** Collects the table references of a FROM clause; {@code nullable} marks null-supplying sides. */
  private void from(SqlNode node, boolean nullable, Scope scope, List<TableRef> refs) {
    if (node == null) {
      return;
    }
    if (node instanceof SqlJoin join) {
      JoinType type = join.getJoinType();
      List<TableRef> left = new ArrayList<>();
      List<TableRef> right = new ArrayList<>();
      from(join.getLeft(), nullable || type == JoinType.RIGHT || type == JoinType.FULL, scope, left);
      from(join.getRight(), nullable || type == JoinType.LEFT || type == JoinType.FULL, scope, right);
      SqlNode on = join.getCondition();
      if (on != null) {
        List<TableRef> narrowable = new ArrayList<>();
        if (type == JoinType.INNER || type == JoinType.CROSS || type == JoinType.COMMA) {
          narrowable.addAll(left);
          narrowable.addAll(right);
        } else if (type == JoinType.LEFT) {
          narrowable.addAll(right);
        } else if (type == JoinType.RIGHT) {
          narrowable.addAll(left);
        }
        List<TableRef> all = new ArrayList<>(left);
        all.addAll(right);
        pushConjuncts(all, narrowable, on);
        walk(on, scope);
      }
      refs.addAll(left);
      refs.addAll(right);
      return;
    }
    if (node.getKind() == SqlKind.AS && node instanceof SqlCall as) {
      SqlNode inner = as.operand(0);
      String alias = ((SqlIdentifier) as.operand(1)).getSimple();
      if (inner instanceof SqlIdentifier) {
        tableReference(inner, alias, nullable, scope, refs);
      } else {
        walk(inner, scope);
        refs.add(TableRef.opaque(alias));
      }
      return;
    }
    if (node instanceof SqlIdentifier) {
      tableReference(node, null, nullable, scope, refs);
      return;
    }
    walk(node, scope);
    refs.add(TableRef.opaque(null));
  }

  private void tableReference(SqlNode node, String alias, boolean nullable, Scope scope, List<TableRef> refs) {
    SqlIdentifier id = (SqlIdentifier) node;
    String name = tableName(id);
    if (id.names.size() == 1 && scope.isCte(name)) {
      refs.add(TableRef.opaque(alias == null ? name : alias));
      return;
    }
    Optional<TableInfo> table = catalog.table(name);
    if (table.isPresent()) {
      TableRef ref = new TableRef(name, alias == null ? name : alias, nullable, table.get());
      refs.add(ref);
      read(name, null);
      ref.readIndex = reads.get(name).size() - 1;
      return;
    }
    String view = catalog.views().get(name);
    if (view != null && expandingViews.add(name)) {
      try {
        walk(CalciteParser.parse(view), Scope.ROOT);
      } catch (SqlParseException e) {
        IdentifierScan.analyze(view, catalog).reads().forEach((t, preds) -> preds.forEach(p -> read(t, p)));
      } finally {
        expandingViews.remove(name);
      }
    }
    refs.add(TableRef.opaque(alias == null ? name : alias));
  }

  private void pushWhere(List<TableRef> refs, SqlNode where) {
    if (where != null) {
      pushConjuncts(refs, refs, where);
    }
  }

  /**
   * For each top-level conjunct that mentions exactly one reference of {@code scope} and that reference may be
   * narrowed, intersects the reference's filter with the conjunct's predicate.
   */
  private void pushConjuncts(List<TableRef> scope, List<TableRef> narrowable, SqlNode condition) {
    for (SqlNode conjunct : conjuncts(condition)) {
      ColumnResolver resolver = new ColumnResolver(scope);
      link(resolver, narrowable, conjunct);
      TableRef only = resolver.soleReference(conjunct);
      if (only == null || only.table == null || !narrowable.contains(only)) {
        continue;
      }
      Pred p = new PredicateTranslator(id -> resolver.columnOf(id, only),
          col -> only.table.column(col).map(c -> c.type().type() == SqlType.BOOLEAN).orElse(false))
          .translate(conjunct);
      if (p == null || (only.nullable && !Pred.isStrict(p))) {
        continue;
      }
      narrow(only, p);
    }
  }

  /** {@code a.x = b.y} between two table references: each side may narrow the other if it may be narrowed. */
  private void link(ColumnResolver resolver, List<TableRef> narrowable, SqlNode conjunct) {
    if (!(conjunct instanceof SqlCall call) || call.getKind() != SqlKind.EQUALS
        || !(call.operand(0) instanceof SqlIdentifier left) || !(call.operand(1) instanceof SqlIdentifier right)) {
      return;
    }
    TableRef a = resolver.refOf(left);
    TableRef b = resolver.refOf(right);
    if (a == null || b == null || a == b || a.table == null || b.table == null) {
      return;
    }
    String ca = resolver.columnOf(left, a);
    String cb = resolver.columnOf(right, b);
    // Equality rejects NULLs, so even a null-supplying side may be narrowed by it.
    if (narrowable.contains(b)) {
      links.add(new JoinLink(b.name, b.readIndex, cb, a.name, a.readIndex, ca));
    }
    if (narrowable.contains(a)) {
      links.add(new JoinLink(a.name, a.readIndex, ca, b.name, b.readIndex, cb));
    }
  }

  private void narrow(TableRef ref, Pred p) {
    List<Pred> list = reads.get(ref.name);
    Pred current = list.get(ref.readIndex);
    list.set(ref.readIndex, current == null ? p : new Pred.And(List.of(current, p)));
  }

  private static List<SqlNode> conjuncts(SqlNode node) {
    List<SqlNode> out = new ArrayList<>();
    if (node instanceof SqlCall call && call.getKind() == SqlKind.AND) {
      for (SqlNode operand : call.getOperandList()) {
        out.addAll(conjuncts(operand));
      }
    } else if (node != null) {
      out.add(node);
    }
    return out;
  }

  private void read(String table, Pred filter) {
    reads.computeIfAbsent(table, t -> new ArrayList<>()).add(filter);
  }

  /** The table a DML statement changes, read (and narrowed by its WHERE) like any reference. */
  private TableRef targetRef(String name, String alias) {
    TableInfo t = catalog.table(name).orElse(null);
    TableRef ref = new TableRef(name, alias, false, t);
    if (t != null) {
      read(name, null);
      ref.readIndex = reads.get(name).size() - 1;
    }
    return ref;
  }

  private static String alias(SqlIdentifier alias, String table) {
    return alias == null ? table : alias.getSimple();
  }

  /** The table name of an identifier; a schema qualifier (PUBLIC) is dropped. */
  static String tableName(SqlNode node) {
    if (node instanceof SqlCall call && call.getKind() == SqlKind.AS) {
      node = call.operand(0);
    }
    SqlIdentifier id = (SqlIdentifier) node;
    return id.names.get(id.names.size() - 1);
  }

  /** CTE names in scope (they shadow tables of the same name). */
  private static final class Scope {
    static final Scope ROOT = new Scope(Set.of());
    private final Set<String> ctes;

    private Scope(Set<String> ctes) {
      this.ctes = ctes;
    }

    Scope withCte(String name) {
      Set<String> next = new HashSet<>(ctes);
      next.add(name);
      return new Scope(next);
    }

    boolean isCte(String name) {
      return ctes.contains(name);
    }
  }

  /** A reference to a table in a FROM clause; {@code table} is null for derived tables, CTEs and views. */
  static final class TableRef {
    final String name;
    final String alias;
    final boolean nullable;
    final TableInfo table;
    int readIndex = -1;

    TableRef(String name, String alias, boolean nullable, TableInfo table) {
      this.name = name;
      this.alias = alias;
      this.nullable = nullable;
      this.table = table;
    }

    static TableRef opaque(String alias) {
      return new TableRef(null, alias, true, null);
    }

    boolean hasColumn(String column) {
      if (table == null) {
        return false;
      }
      for (ColumnInfo c : table.columns()) {
        if (c.name().equals(column)) {
          return true;
        }
      }
      return false;
    }
  }
}
