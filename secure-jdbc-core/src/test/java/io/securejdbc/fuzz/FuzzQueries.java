package io.securejdbc.fuzz;

import io.securejdbc.fuzz.FuzzSchema.Column;
import io.securejdbc.fuzz.FuzzSchema.Table;
import io.securejdbc.fuzz.FuzzSchema.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random SELECT statements over a {@link FuzzSchema}: joins, predicates of every form the index can answer and some
 * it cannot, grouping, set operations, subqueries, CASE and window functions. Some predicates take {@code ?}
 * parameters, whose values the query carries.
 *
 * <p>Conditions never fail on particular rows (no overflow, no string-to-number conversion of column values): which
 * rows such a condition is evaluated on depends on the plan. Plain H2 itself skips them when another conjunct can use
 * an index, and secure-jdbc likewise never loads rows its index excludes. Errors that do not depend on the plan (in
 * the select list, a scalar subquery of several rows, type errors) are generated and must match.
 */
final class FuzzQueries {

  /** A generated query: its SQL, parameter values, and whether its ORDER BY fixes the order of every row. */
  record Query(String sql, List<Object> params, boolean totallyOrdered) {}

  /** A column as a query sees it. */
  private record Ref(String alias, Column column) {
    String sql() {
      return alias.isEmpty() ? column.name() : alias + "." + column.name();
    }

    Type type() {
      return column.type();
    }
  }

  private final FuzzSchema schema;
  private final Random r;
  private List<Object> params;

  FuzzQueries(FuzzSchema schema, Random r) {
    this.schema = schema;
    this.r = r;
  }

  Query next() {
    params = new ArrayList<>();
    return switch (r.nextInt(10)) {
      case 0, 1 -> simple();
      case 2, 3 -> join();
      case 4 -> grouped();
      case 5 -> setOperation();
      case 6 -> subquery();
      case 7 -> scalarSubquery();
      case 8 -> window();
      default -> caseAndExpressions();
    };
  }

  /** SELECT [DISTINCT] cols FROM t WHERE p [ORDER BY all LIMIT/OFFSET]. */
  private Query simple() {
    Table t = table();
    // Sometimes unqualified column names: the analyzer resolves them itself.
    List<Ref> refs = refs(r.nextBoolean() ? "a" : "", t);
    List<String> out = project(refs, 1 + r.nextInt(4));
    List<String> items = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      // Labels, plain and quoted (case kept): the single-table fast path builds its result columns itself.
      items.add(out.get(i) + pick("", "", " AS L" + i, " AS \"Lbl" + i + "\"", " l" + i));
    }
    String sql = "SELECT " + (r.nextInt(4) == 0 ? "DISTINCT " : "") + String.join(", ", items) + " FROM "
        + (r.nextBoolean() ? t.name() + " a" : "PUBLIC." + t.name() + " AS a") + where(refs);
    return ordered(sql, out.size());
  }

  /** Two or three tables, inner or left joins on K or on same-typed columns. */
  private Query join() {
    Table t0 = table();
    Table t1 = table();
    List<Ref> left = refs("a", t0);
    List<Ref> right = refs("b", t1);
    String type = pick(" JOIN ", " LEFT JOIN ", " LEFT JOIN ", " RIGHT JOIN ", " INNER JOIN ");
    if (r.nextInt(8) == 0) {
      // USING: both sides' K, so the projection refers to them qualified (H2 accepts that).
      List<Ref> all = new ArrayList<>(left);
      all.addAll(right);
      List<String> out = project(all, 2 + r.nextInt(3));
      return ordered("SELECT " + String.join(", ", out) + " FROM " + t0.name() + " a" + type + t1.name()
          + " b USING (K)" + where(all), out.size());
    }
    if (r.nextInt(8) == 0) {
      List<Ref> all = new ArrayList<>(left);
      all.addAll(right);
      List<String> out = project(all, 2 + r.nextInt(3));
      return ordered("SELECT " + String.join(", ", out) + " FROM " + t0.name() + " a, " + t1.name() + " b WHERE "
          + joinCondition(left, right) + " AND " + predicate(all, 2), out.size());
    }
    String on = joinCondition(left, right);
    if (r.nextInt(3) == 0) {
      on += " AND " + predicate(r.nextBoolean() ? right : left, 1);
    }
    String from = t0.name() + " a" + type + t1.name() + " b ON " + on;
    List<Ref> all = new ArrayList<>(left);
    all.addAll(right);
    if (r.nextInt(3) == 0) {
      Table t2 = table();
      List<Ref> third = refs("c", t2);
      from += (r.nextBoolean() ? " JOIN " : " LEFT JOIN ") + t2.name() + " c ON " + joinCondition(all, third);
      all.addAll(third);
    }
    List<String> out = project(all, 2 + r.nextInt(4));
    return ordered("SELECT " + String.join(", ", out) + " FROM " + from + where(all), out.size());
  }

  /** GROUP BY one or two columns with aggregates, sometimes HAVING. */
  private Query grouped() {
    Table t = table();
    List<Ref> refs = refs("a", t);
    List<String> keys = project(refs, 1 + r.nextInt(2));
    List<String> out = new ArrayList<>(keys);
    Ref num = column(refs, true);
    Ref any = refs.get(r.nextInt(refs.size()));
    out.add("COUNT(*)");
    out.add(switch (r.nextInt(6)) {
      case 0 -> "SUM(" + num.sql() + ")";
      case 1 -> "MIN(" + any.sql() + ")";
      case 2 -> "MAX(" + any.sql() + ")";
      case 3 -> "AVG(" + num.sql() + ")";
      case 4 -> "COUNT(DISTINCT " + any.sql() + ")";
      default -> "COUNT(" + any.sql() + ")";
    });
    String sql = "SELECT " + String.join(", ", out) + " FROM " + t.name() + " a" + where(refs) + " GROUP BY "
        + String.join(", ", keys);
    if (r.nextInt(3) == 0) {
      sql += " HAVING COUNT(*) > " + r.nextInt(3) + (r.nextBoolean() ? "" : " OR MIN(" + num.sql() + ") IS NULL");
    }
    return ordered(sql, out.size());
  }

  /** UNION [ALL] / EXCEPT / INTERSECT of two filtered selects of K and one more same-typed column. */
  private Query setOperation() {
    Table t0 = table();
    Table t1 = table();
    List<Ref> a = refs("a", t0);
    List<Ref> b = refs("b", t1);
    String op = pick("UNION", "UNION ALL", "EXCEPT", "INTERSECT");
    String sql = "SELECT a.K, a.ID FROM " + t0.name() + " a" + where(a) + " " + op + " SELECT b.K, b.ID FROM "
        + t1.name() + " b" + where(b);
    return ordered(sql, 2);
  }

  /** [NOT] IN / [NOT] EXISTS subqueries, correlated or not. */
  private Query subquery() {
    Table t0 = table();
    Table t1 = table();
    List<Ref> a = refs("a", t0);
    List<Ref> b = refs("b", t1);
    String not = r.nextInt(3) == 0 ? "NOT " : "";
    String cond = r.nextBoolean()
        ? "a.K " + not + "IN (SELECT b.K FROM " + t1.name() + " b" + where(b) + ")"
        : not + "EXISTS (SELECT 1 FROM " + t1.name() + " b WHERE " + joinCondition(a, b) + " AND "
            + predicate(r.nextBoolean() ? b : refs("", t1), 2) + ")";
    List<String> out = project(a, 1 + r.nextInt(3));
    String sql = "SELECT " + String.join(", ", out) + " FROM " + t0.name() + " a WHERE " + cond
        + (r.nextBoolean() ? " AND " + predicate(a, 1) : "");
    return ordered(sql, out.size());
  }

  /** A correlated scalar subquery in the select list, or an uncorrelated one compared in WHERE. */
  private Query scalarSubquery() {
    Table t0 = table();
    Table t1 = table();
    List<Ref> a = refs("a", t0);
    List<Ref> b = refs("b", t1);
    List<String> out = project(a, 1 + r.nextInt(2));
    Ref bc = b.get(r.nextInt(b.size()));
    if (r.nextBoolean()) {
      out.add("(SELECT " + pick("MAX", "MIN", "COUNT") + "(" + bc.sql() + ") FROM " + t1.name() + " b WHERE b.K = a.K"
          + (r.nextBoolean() ? " AND " + predicate(b, 1) : "") + ")");
      return ordered("SELECT " + String.join(", ", out) + " FROM " + t0.name() + " a" + where(a), out.size());
    }
    Ref ac = column(a, true);
    Ref bn = column(b, true);
    // Sometimes not an aggregate: more than one row is an error plain H2 raises, and so must we.
    String sub = r.nextInt(4) == 0 ? "SELECT " + bn.sql() + " FROM " + t1.name() + " b" + where(b)
        : "SELECT " + pick("AVG", "MAX", "MIN") + "(" + bn.sql() + ") FROM " + t1.name() + " b" + where(b);
    return ordered("SELECT " + String.join(", ", out) + " FROM " + t0.name() + " a WHERE " + ac.sql() + " "
        + pick("<", ">", "=", "<=") + " (" + sub + ")", out.size());
  }

  /** ROW_NUMBER / RANK / SUM OVER (PARTITION BY ...) on a table with a key (deterministic numbering). */
  private Query window() {
    Table t = schema.tables.get(r.nextInt(2));
    List<Ref> refs = refs("a", t);
    Ref part = refs.get(1 + r.nextInt(refs.size() - 1));
    Ref num = column(refs, true);
    String fn = switch (r.nextInt(4)) {
      case 0 -> "ROW_NUMBER() OVER (PARTITION BY " + part.sql() + " ORDER BY a.ID)";
      case 1 -> "RANK() OVER (PARTITION BY " + part.sql() + " ORDER BY " + num.sql() + ")";
      case 2 -> "SUM(" + num.sql() + ") OVER (PARTITION BY " + part.sql() + ")";
      default -> "COUNT(*) OVER (PARTITION BY " + part.sql() + " ORDER BY a.ID)";
    };
    String sql = "SELECT a.ID, " + part.sql() + ", " + fn + " FROM " + t.name() + " a" + where(refs);
    return ordered(sql, 3);
  }

  /** CASE, arithmetic and string functions in the select list, some of which fail (division by zero). */
  private Query caseAndExpressions() {
    Table t = table();
    List<Ref> refs = refs("a", t);
    Ref num = column(refs, true);
    List<String> out = new ArrayList<>(project(refs, 1));
    out.add("CASE WHEN " + predicate(refs, 1) + " THEN 'y' WHEN " + predicate(refs, 1) + " THEN 'n' ELSE NULL END");
    out.add(switch (r.nextInt(4)) {
      case 0 -> num.sql() + " + a.K";
      case 1 -> "a.K * 2 - " + num.sql();
      case 2 -> "COALESCE(" + num.sql() + ", -1)";
      default -> "10 / a.K"; // K may be 0: an error in both engines
    });
    return ordered("SELECT " + String.join(", ", out) + " FROM " + t.name() + " a" + where(refs), out.size());
  }

  /**
   * Sometimes ORDER BY every output column, with LIMIT/OFFSET: rows equal in every output column are
   * indistinguishable, so the order of the result is then fixed.
   */
  private Query ordered(String sql, int columns) {
    if (r.nextInt(3) != 0) {
      return new Query(sql, params, false);
    }
    StringBuilder order = new StringBuilder(" ORDER BY ");
    for (int i = 1; i <= columns; i++) {
      order.append(i == 1 ? "" : ", ").append(i).append(r.nextBoolean() ? "" : " DESC")
          .append(r.nextInt(4) == 0 ? " NULLS FIRST" : "");
    }
    if (r.nextBoolean()) {
      order.append(" LIMIT ").append(r.nextInt(8));
      if (r.nextBoolean()) {
        order.append(" OFFSET ").append(r.nextInt(5));
      }
    }
    return new Query(sql + order, params, true);
  }

  private String where(List<Ref> refs) {
    return r.nextInt(6) == 0 ? "" : " WHERE " + predicate(refs, 3);
  }

  /** A boolean expression over the columns, nested up to {@code depth}. */
  private String predicate(List<Ref> refs, int depth) {
    if (depth > 0 && r.nextInt(3) == 0) {
      return switch (r.nextInt(3)) {
        case 0 -> "(" + predicate(refs, depth - 1) + " AND " + predicate(refs, depth - 1) + ")";
        case 1 -> "(" + predicate(refs, depth - 1) + " OR " + predicate(refs, depth - 1) + ")";
        default -> "NOT (" + predicate(refs, depth - 1) + ")";
      };
    }
    Ref c = refs.get(r.nextInt(refs.size()));
    Type type = c.type();
    if (r.nextInt(6) == 0) {
      return unusualPredicate(c, refs);
    }
    int form = r.nextInt(type.ordered() ? 9 : 4);
    return switch (form) {
      case 0 -> c.sql() + " = " + operand(type);
      case 1 -> c.sql() + (r.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      case 2 -> c.sql() + " IN (" + operand(type) + ", " + schema.literal(type) + (r.nextBoolean() ? ", NULL" : "")
          + ")";
      case 3 -> c.sql() + " <> " + operand(type);
      case 4 -> c.sql() + " " + pick("<", "<=", ">", ">=") + " " + operand(type);
      case 5 -> c.sql() + (r.nextInt(4) == 0 ? " NOT" : "") + " BETWEEN " + operand(type) + " AND "
          + schema.literal(type);
      case 6 -> type.text() ? c.sql() + " LIKE " + likePattern() : c.sql() + " = " + crossTyped(type);
      case 7 -> type.numeric() ? c.sql() + " " + pick("=", "<", ">=") + " " + crossTyped(type)
          : c.sql() + " = " + operand(type);
      default -> c.sql() + " " + pick("<", ">=") + " " + operand(type);
    };
  }

  /** Forms the index cannot answer, or answers only in part: the engine must still see every row they need. */
  private String unusualPredicate(Ref c, List<Ref> refs) {
    Type type = c.type();
    Ref other = refs.get(r.nextInt(refs.size()));
    return switch (r.nextInt(8)) {
      case 0 -> type == Type.BOOL ? (r.nextBoolean() ? "" : "NOT ") + c.sql() : c.sql() + " IS NOT DISTINCT FROM "
          + operand(type);
      case 1 -> type.text() ? c.sql() + " NOT LIKE " + likePattern() : c.sql() + " IS DISTINCT FROM "
          + schema.literal(type);
      case 2 -> type.text() ? "UPPER(" + c.sql() + ") = " + pick("'A'", "'AB'", "'B'") : "COALESCE(" + c.sql()
          + ", " + schema.literal(type) + ") = " + operand(type);
      case 3 -> other.type() == type ? c.sql() + " = " + other.sql() : c.sql() + " IS NULL";
      case 4 -> type.numeric() ? c.sql() + " - 1 = " + operand(type) : "CAST(" + c.sql() + " AS VARCHAR) = "
          + pick("'a'", "'2020-01-01'", "'TRUE'", "'ab'");
      case 5 -> c.sql() + " IN (" + operand(type) + ", " + operand(type) + ")";
      case 6 -> type.text() ? c.sql() + " = " + pick("'a '", "'a'", "' a'") : c.sql() + " BETWEEN "
          + schema.literal(type) + " AND " + schema.literal(type) + " OR " + c.sql() + " IS NULL";
      default -> type.text() ? c.sql() + " LIKE " + pick("'a\\%'", "'a%' ESCAPE '!'", "'%a%'", "'_'") : "NOT (" + c.sql() + " " + pick("<", "=", ">") + " " + operand(type) + ")";
    };
  }

  /**
   * A literal, or (one time in four) a ? parameter: a value of the column's type, or sometimes a Java object of
   * another type that the engine converts (a String for a number, a LocalDateTime for a DATE, ...).
   */
  private String operand(Type type) {
    if (r.nextInt(4) != 0) {
      return schema.literal(type);
    }
    Object v = schema.value(type);
    params.add(r.nextInt(3) == 0 ? otherJavaType(v) : v);
    return "?";
  }

  private Object otherJavaType(Object v) {
    if (v instanceof Integer i) {
      return pick((Object) String.valueOf(i), java.math.BigDecimal.valueOf(i).setScale(1), (long) i, (double) i);
    }
    if (v instanceof Long l) {
      return pick((Object) String.valueOf(l), java.math.BigDecimal.valueOf(l));
    }
    if (v instanceof java.math.BigDecimal d) {
      return pick((Object) d.toPlainString(), d.doubleValue(), d.setScale(4));
    }
    if (v instanceof Double d) {
      return pick((Object) String.valueOf(d), java.math.BigDecimal.valueOf(d));
    }
    if (v instanceof java.time.LocalDate d) {
      return pick((Object) d.toString(), d.atStartOfDay(), java.sql.Date.valueOf(d));
    }
    if (v instanceof java.time.LocalDateTime ts) {
      return pick((Object) java.sql.Timestamp.valueOf(ts), ts.toLocalDate());
    }
    if (v instanceof Boolean b) {
      return pick((Object) b.toString(), b ? 1 : 0);
    }
    return v;
  }

  /** A literal of another type, as applications write them ('5' for a number, 2 for a decimal, '2020-01-01'). */
  private String crossTyped(Type type) {
    return switch (type) {
      case INT, BIG -> pick("2.0", "2.5", "'3'", "-1E0", "3000000000");
      case DEC -> pick("2", "1.5E0", "'1.50'", "-0.010");
      case DBL -> pick("0", "3", "1.50", "'2.25'", "1E10");
      case DT -> pick("'2020-01-01'", "TIMESTAMP '2020-01-02 00:00:00'", "TIMESTAMP '2020-01-01 12:00:00'");
      case TS -> pick("DATE '2020-01-02'", "'2020-01-01 01:00:00'", "DATE '2020-01-01'");
      case BOOL -> pick("'TRUE'", "1");
      case STR, CHR -> pick("'A'", "'a'", "'1'", "'ab '");
    };
  }

  private String likePattern() {
    return pick("'a%'", "'ab%'", "'%'", "'a\\_%' ESCAPE '\\'", "'a_%'", "'A%'", "'%b'", "'x y%'", "''", "'a%c'");
  }

  private String joinCondition(List<Ref> left, List<Ref> right) {
    if (r.nextInt(3) != 0) {
      return left.get(r.nextInt(left.size())).alias() + ".K = " + right.get(1).sql();
    }
    Ref b = right.get(r.nextInt(right.size()));
    List<Ref> same = left.stream().filter(x -> x.type() == b.type()).toList();
    Ref a = same.isEmpty() ? left.get(1) : same.get(r.nextInt(same.size()));
    return same.isEmpty() ? a.sql() + " = " + right.get(1).sql() : a.sql() + " = " + b.sql();
  }

  private List<String> project(List<Ref> refs, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String c = refs.get(r.nextInt(refs.size())).sql();
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }

  private Ref column(List<Ref> refs, boolean numeric) {
    List<Ref> fit = refs.stream().filter(x -> !numeric || x.type().numeric()).toList();
    return fit.get(r.nextInt(fit.size()));
  }

  private static List<Ref> refs(String alias, Table t) {
    return t.columns().stream().map(c -> new Ref(alias, c)).toList();
  }

  private Table table() {
    return schema.tables.get(r.nextInt(schema.tables.size()));
  }

  @SafeVarargs
  private <T> T pick(T... values) {
    return values[r.nextInt(values.length)];
  }
}
