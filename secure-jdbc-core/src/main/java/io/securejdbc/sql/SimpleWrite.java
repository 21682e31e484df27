package io.securejdbc.sql;

import java.util.List;

/**
 * A write simple enough to apply without the working engine: {@code INSERT INTO t [(columns)] VALUES (?, ...)},
 * {@code UPDATE t SET col = ?, ... WHERE exact} or {@code DELETE FROM t WHERE exact}, every new value a parameter.
 * Whether a given execution really takes this path also depends on the table (no CHECK for inserts and updates,
 * what fills an INSERT's other columns) and on the parameters' values (see the executor's {@code DirectWrites}).
 *
 * @param table the target table
 * @param columns for each assigned value, the index of its column in the table's column order (none for a DELETE)
 * @param params for each assigned value, the index (0-based) of the parameter that supplies it
 * @param where an UPDATE's or DELETE's exact filter (null for an INSERT)
 */
public record SimpleWrite(String table, List<Integer> columns, List<Integer> params, Pred where) {

  public SimpleWrite {
    columns = List.copyOf(columns);
    params = List.copyOf(params);
  }

  /** A DELETE: a filter and nothing assigned. */
  public boolean isDelete() {
    return where != null && columns.isEmpty();
  }
}
