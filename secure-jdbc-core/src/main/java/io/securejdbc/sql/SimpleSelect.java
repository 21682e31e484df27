package io.securejdbc.sql;

import java.util.List;

/**
 * A query simple enough to answer without the working engine: one table, plain columns or a single
 * {@code COUNT(*)} / {@code COUNT(column)}, a WHERE clause that {@code where} states exactly (not merely a superset
 * of), and optionally an ORDER BY on plain columns with OFFSET / FETCH FIRST (LIMIT).
 *
 * @param columns indexes of the projected columns in the table's column order
 * @param labels the result's column labels
 * @param where the exact filter, or null for none
 * @param order the sort keys, in order (empty for none)
 * @param offset rows to skip after sorting, or null
 * @param fetch the most rows to return after the offset, or null for all
 * @param count null for rows; for a {@code COUNT}, the counted column's index ({@link #COUNT_ROWS} for {@code *})
 */
public record SimpleSelect(String table, List<Integer> columns, List<String> labels, Pred where,
    List<SortKey> order, Bound offset, Bound fetch, Integer count) {

  /** {@link #count} of {@code COUNT(*)}. */
  public static final int COUNT_ROWS = -1;

  public SimpleSelect(String table, List<Integer> columns, List<String> labels, Pred where) {
    this(table, columns, labels, where, List.of(), null, null, null);
  }

  public SimpleSelect {
    order = List.copyOf(order);
  }

  /**
   * One ORDER BY key.
   *
   * @param column the column's index in the table's column order
   * @param sortType H2's sort type flags ({@code org.h2.result.SortOrder}: DESCENDING, NULLS_FIRST, NULLS_LAST)
   */
  public record SortKey(int column, int sortType) {}

  /** A row count given as a literal ({@code param < 0}) or by the 0-based parameter {@code param}. */
  public record Bound(long literal, int param) {

    /** The count for these parameters, or -1 when it is not a non-negative integer (the engine then decides). */
    public long value(Object[] params) {
      if (param < 0) {
        return literal;
      }
      Object v = param < params.length ? params[param] : null;
      return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
          ? Math.max(-1, ((Number) v).longValue()) : -1;
    }
  }
}
