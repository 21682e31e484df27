package io.securejdbc.exec;

import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.CompareOp;
import io.securejdbc.index.KeywordLookups;
import io.securejdbc.index.Keywords;
import io.securejdbc.index.SqlType;
import io.securejdbc.sql.Pred;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Evaluates a pushed-down predicate on decrypted rows with SQL's three-valued logic, for the fast path. It accepts
 * only comparisons whose result it can compute exactly as the engine would (same type family, lossless encodings);
 * {@link #supported} says so before any row is read, and the query otherwise goes through the working engine.
 */
final class ExactPredicate {

  private enum Tri { TRUE, FALSE, UNKNOWN }

  private ExactPredicate() {}

  static boolean supported(TableInfo t, Pred p, Object[] params) {
    if (p instanceof Pred.And a) {
      return a.parts().stream().allMatch(x -> supported(t, x, params));
    }
    if (p instanceof Pred.Or o) {
      return o.parts().stream().allMatch(x -> supported(t, x, params));
    }
    if (p instanceof Pred.IsNull) {
      return true;
    }
    if (p instanceof Pred.Like l) {
      SqlType type = type(t, l.column());
      Object pattern = l.pattern().value(params);
      Object escape = l.escape() == null ? "\\" : l.escape().value(params);
      return type == SqlType.VARCHAR && (pattern == null || pattern instanceof String s && validPattern(s, escape))
          && (escape == null || escape instanceof String e && e.length() <= 1);
    }
    Pred.Compare c = (Pred.Compare) p;
    Object constant = c.value().value(params);
    if (constant == null) {
      return true;
    }
    if (constant == Parameters.OPAQUE) {
      return false;
    }
    SqlType type = type(t, c.column());
    return switch (type) {
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, VARCHAR, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ ->
          KeywordLookups.exactConstant(type, constant) != null;
      case UUID, BINARY, VARBINARY -> c.op() == CompareOp.EQ && KeywordLookups.exactConstant(type, constant) != null;
      default -> false;
    };
  }

  static boolean matches(TableInfo t, Pred p, Object[] row, Object[] params) {
    return compile(t, p, params).matches(row);
  }

  /** A predicate ready for many rows: columns resolved and constants coerced once, not per row. */
  interface Compiled {
    boolean matches(Object[] row);
  }

  static Compiled compile(TableInfo t, Pred p, Object[] params) {
    Node node = node(t, p, params);
    return row -> node.eval(row) == Tri.TRUE;
  }

  private interface Node {
    Tri eval(Object[] row);
  }

  private static Node node(TableInfo t, Pred p, Object[] params) {
    if (p instanceof Pred.And a) {
      Node[] parts = a.parts().stream().map(x -> node(t, x, params)).toArray(Node[]::new);
      return row -> combine(parts, row, Tri.FALSE);
    }
    if (p instanceof Pred.Or o) {
      Node[] parts = o.parts().stream().map(x -> node(t, x, params)).toArray(Node[]::new);
      return row -> combine(parts, row, Tri.TRUE);
    }
    if (p instanceof Pred.IsNull n) {
      int i = index(t, n.column());
      return row -> row[i] == null ? Tri.TRUE : Tri.FALSE;
    }
    if (p instanceof Pred.Like l) {
      return like(index(t, l.column()), l, params);
    }
    Pred.Compare c = (Pred.Compare) p;
    int i = index(t, c.column());
    Object constant = c.value().value(params);
    if (constant == null) {
      return row -> Tri.UNKNOWN;
    }
    SqlType type = type(t, c.column());
    Object k = KeywordLookups.exactConstant(type, constant);
    CompareOp op = c.op();
    Long whole = type.isIntegral() ? wholeNumber((BigDecimal) k) : null;
    if (whole != null) {
      long kl = whole;
      return row -> row[i] == null ? Tri.UNKNOWN : test(op, Long.compare(((Number) row[i]).longValue(), kl));
    }
    return row -> row[i] == null ? Tri.UNKNOWN : test(op, compare(type, row[i], k));
  }

  /** AND (decided by a FALSE part) or OR (by a TRUE one), with SQL's UNKNOWN when no part decides and one is. */
  private static Tri combine(Node[] parts, Object[] row, Tri decisive) {
    Tri result = decisive == Tri.FALSE ? Tri.TRUE : Tri.FALSE;
    for (Node x : parts) {
      Tri v = x.eval(row);
      if (v == decisive) {
        return decisive;
      }
      if (v == Tri.UNKNOWN) {
        result = Tri.UNKNOWN;
      }
    }
    return result;
  }

  private static Node like(int i, Pred.Like l, Object[] params) {
    Object pattern = l.pattern().value(params);
    Object escape = l.escape() == null ? "\\" : l.escape().value(params);
    if (pattern == null || escape == null) {
      return row -> Tri.UNKNOWN;
    }
    String p = (String) pattern;
    String e = (String) escape;
    int esc = e.isEmpty() ? -1 : e.charAt(0);
    return row -> row[i] == null ? Tri.UNKNOWN : like((String) row[i], p, esc) ? Tri.TRUE : Tri.FALSE;
  }

  private static Tri test(CompareOp op, int cmp) {
    boolean r = switch (op) {
      case EQ -> cmp == 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
    };
    return r ? Tri.TRUE : Tri.FALSE;
  }

  /** The constant as a long when it is a whole number in range (then a long comparison is exact), else null. */
  private static Long wholeNumber(BigDecimal k) {
    try {
      return k.signum() == 0 ? 0L : k.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** Exact comparison of a stored value with a coerced constant of the same type family. */
  private static int compare(SqlType type, Object v, Object k) {
    return switch (type) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> BigDecimal.valueOf(((Number) v).longValue())
          .compareTo((BigDecimal) k);
      case DECIMAL -> ((BigDecimal) v).compareTo((BigDecimal) k);
      case VARCHAR -> ((String) v).compareTo((String) k);
      case BOOLEAN -> Boolean.compare((Boolean) v, (Boolean) k);
      case BINARY, VARBINARY -> Arrays.equals((byte[]) v, (byte[]) k) ? 0 : 1;
      case UUID -> v.equals(k) ? 0 : 1;
      default -> Arrays.compareUnsigned(Keywords.full(type, v), Keywords.full(type, k));
    };
  }

  /** SQL LIKE as H2 evaluates it: case-sensitive, '%' any run, '_' one character, an optional escape. */
  static boolean like(String s, String pattern, int escape) {
    return like(s, 0, pattern, 0, escape);
  }

  private static boolean like(String s, int si, String p, int pi, int escape) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == escape) {
        if (si >= s.length() || s.charAt(si) != p.charAt(pi + 1)) {
          return false;
        }
        si++;
        pi += 2;
      } else if (c == '%') {
        while (pi < p.length() && p.charAt(pi) == '%') {
          pi++;
        }
        if (pi == p.length()) {
          return true;
        }
        for (int k = si; k <= s.length(); k++) {
          if (like(s, k, p, pi, escape)) {
            return true;
          }
        }
        return false;
      } else if (c == '_') {
        if (si >= s.length()) {
          return false;
        }
        si++;
        pi++;
      } else {
        if (si >= s.length() || s.charAt(si) != c) {
          return false;
        }
        si++;
        pi++;
      }
    }
    return si == s.length();
  }

  /** Escapes must precede '%', '_' or the escape itself (the engine refuses anything else). */
  private static boolean validPattern(String pattern, Object escape) {
    if (!(escape instanceof String e) || e.isEmpty()) {
      return escape == null || escape instanceof String;
    }
    char esc = e.charAt(0);
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == esc) {
        if (i + 1 >= pattern.length()) {
          return false;
        }
        char next = pattern.charAt(++i);
        if (next != '%' && next != '_' && next != esc) {
          return false;
        }
      }
    }
    return true;
  }

  private static SqlType type(TableInfo t, String column) {
    return t.column(column).orElseThrow().type().type();
  }

  private static int index(TableInfo t, String column) {
    return t.columnIndex(t.column(column).orElseThrow().id());
  }
}
