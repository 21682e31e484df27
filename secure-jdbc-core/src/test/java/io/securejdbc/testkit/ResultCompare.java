package io.securejdbc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Compares two query results the way differential tests need: DECIMAL by value (scale ignored), DOUBLE/REAL within a
 * small relative tolerance, and either as ordered lists or as multisets.
 */
public final class ResultCompare {

  /** Relative tolerance for floating point: both engines are H2, but aggregation order over rows may differ. */
  private static final double TOLERANCE = 1e-9;

  private ResultCompare() {}

  /** Asserts equality: in order when {@code ordered}, otherwise as multisets. */
  public static void assertSame(List<List<Object>> actual, List<List<Object>> expected, boolean ordered,
      String description) {
    List<List<Object>> a = ordered ? actual : sorted(actual);
    List<List<Object>> e = ordered ? expected : sorted(expected);
    assertThat(a.size()).as("%s: row count", description).isEqualTo(e.size());
    for (int i = 0; i < a.size(); i++) {
      int row = i;
      assertThat(rowsEqual(a.get(i), e.get(i))).as("%s: row %d is %s, expected %s", description, row, a.get(row),
          e.get(row)).isTrue();
    }
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    // Ties of the rounded key (two doubles equal to 7 digits) are broken by the exact values, so that the pairing
    // does not depend on the order either engine returned the rows in.
    copy.sort(Comparator.comparing(ResultCompare::sortKey).thenComparing(ResultCompare::exactFloats));
    return copy;
  }

  /** A text key that puts equal rows (by the rules above, floating point rounded) next to each other. */
  private static String sortKey(List<Object> row) {
    StringBuilder sb = new StringBuilder();
    for (Object v : row) {
      sb.append(canonical(v)).append('\u0001');
    }
    return sb.toString();
  }

  /** Compares the floating-point values of two rows exactly, column by column (other columns compare equal). */
  private static int exactFloats(List<Object> a, List<Object> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if ((a.get(i) instanceof Double || a.get(i) instanceof Float)
          && (b.get(i) instanceof Double || b.get(i) instanceof Float)) {
        int c = Double.compare(((Number) a.get(i)).doubleValue(), ((Number) b.get(i)).doubleValue());
        if (c != 0) {
          return c;
        }
      }
    }
    return 0;
  }

  private static String canonical(Object v) {
    if (v == null) {
      return "\u0000null";
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (v instanceof Double || v instanceof Float) {
      return String.format(Locale.ROOT, "%.6e", ((Number) v).doubleValue());
    }
    return v.getClass().getSimpleName() + ":" + v;
  }

  static boolean rowsEqual(List<Object> a, List<Object> e) {
    if (a.size() != e.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!valuesEqual(a.get(i), e.get(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean valuesEqual(Object a, Object e) {
    if (a == null || e == null) {
      return a == e;
    }
    if (a instanceof BigDecimal x && e instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    if ((a instanceof Double || a instanceof Float) && (e instanceof Double || e instanceof Float)) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) e).doubleValue();
      return x == y || Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
    }
    return a.getClass() == e.getClass() && a.equals(e);
  }
}
