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
    return eval(t, p, row, params) == Tri.TRUE;
  }

  private static Tri eval(TableInfo t, Pred p, Object[] row, Object[] params) {
    if (p instanceof Pred.And a) {
      Tri result = Tri.TRUE;
      for (Pred x : a.parts()) {
        Tri v = eval(t, x, row, params);
        if (v == Tri.FALSE) {
          return Tri.FALSE;
        }
        if (v == Tri.UNKNOWN) {
          result = Tri.UNKNOWN;
        }
      }
      return result;
    }
    if (p instanceof Pred.Or o) {
      Tri result = Tri.FALSE;
      for (Pred x : o.parts()) {
        Tri v = eval(t, x, row, params);
        if (v == Tri.TRUE) {
          return Tri.TRUE;
        }
        if (v == Tri.UNKNOWN) {
          result = Tri.UNKNOWN;
        }
      }
      return result;
    }
    if (p instanceof Pred.IsNull n) {
      return value(t, n.column(), row) == null ? Tri.TRUE : Tri.FALSE;
    }
    if (p instanceof Pred.Like l) {
      Object v = value(t, l.column(), row);
      Object pattern = l.pattern().value(params);
      if (v == null || pattern == null) {
        return Tri.UNKNOWN;
      }
      Object escape = l.escape() == null ? "\\" : l.escape().value(params);
      if (escape == null) {
        return Tri.UNKNOWN;
      }
      String e = (String) escape;
      return like((String) v, (String) pattern, e.isEmpty() ? -1 : e.charAt(0)) ? Tri.TRUE : Tri.FALSE;
    }
    Pred.Compare c = (Pred.Compare) p;
    Object v = value(t, c.column(), row);
    Object constant = c.value().value(params);
    if (v == null || constant == null) {
      return Tri.UNKNOWN;
    }
    SqlType type = type(t, c.column());
    Object k = KeywordLookups.exactConstant(type, constant);
    int cmp = compare(type, v, k);
    boolean r = switch (c.op()) {
      case EQ -> cmp == 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
    };
    return r ? Tri.TRUE : Tri.FALSE;
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

  private static Object value(TableInfo t, String column, Object[] row) {
    return row[t.columnIndex(t.column(column).orElseThrow().id())];
  }
}
