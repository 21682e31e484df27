package io.securejdbc.exec;

import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.SqlType;
import io.securejdbc.store.IdentityAllocator;
import java.sql.SQLException;
import java.util.List;

/**
 * The identity values of a direct insert, drawn for all its rows at once and written into them in row order, as
 * the engine numbers a multi-row insert. A statement that fails keeps them used up, as in H2; a batch that is then
 * re-run set by set gives them back first (when nobody drew since), so its rows get H2's numbers.
 */
final class IdentityDraw implements Executor.Drawn {

  private final IdentityAllocator allocator;
  private final TableInfo table;
  private final List<ColumnInfo> columns;
  private final long[] first;
  private final long[] span;

  private IdentityDraw(IdentityAllocator allocator, TableInfo table, List<ColumnInfo> columns) {
    this.allocator = allocator;
    this.table = table;
    this.columns = columns;
    this.first = new long[columns.size()];
    this.span = new long[columns.size()];
  }

  /**
   * Draws and fills the values of {@code columns} (from {@link InsertShape#drawn}) in {@code rows}; null, with
   * nothing drawn, when a value would leave its column's type (the engine then reports the overflow).
   */
  static IdentityDraw fill(IdentityAllocator allocator, TableInfo table, List<ColumnInfo> columns, List<Object[]> rows)
      throws SQLException {
    IdentityDraw d = new IdentityDraw(allocator, table, columns);
    for (int i = 0; i < columns.size(); i++) {
      ColumnInfo c = columns.get(i);
      long increment = c.identity().increment();
      try {
        d.span[i] = Math.multiplyExact(increment, (long) rows.size());
      } catch (ArithmeticException e) {
        d.rewind(i);
        return null;
      }
      d.first[i] = allocator.draw(table.tableId(), c.id(), c.identity().start(), d.span[i]);
      long max = c.type().type() == SqlType.INTEGER ? Integer.MAX_VALUE : Long.MAX_VALUE;
      if (rows.size() > 0 && (max - d.first[i]) / increment < rows.size() - 1) {
        d.rewind(i + 1);
        return null;
      }
      int index = table.columnIndex(c.id());
      long v = d.first[i];
      for (Object[] row : rows) {
        row[index] = c.type().type() == SqlType.INTEGER ? (Object) (int) v : (Object) v;
        v += increment;
      }
    }
    return d;
  }

  @Override
  public void rewind() throws SQLException {
    rewind(columns.size());
  }

  private void rewind(int drawnColumns) throws SQLException {
    for (int i = 0; i < drawnColumns; i++) {
      ColumnInfo c = columns.get(i);
      allocator.rewind(table.tableId(), c.id(), c.identity().start(), first[i], first[i] + span[i]);
    }
  }
}
