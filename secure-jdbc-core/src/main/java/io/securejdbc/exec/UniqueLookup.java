package io.securejdbc.exec;

import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.index.CompareOp;
import io.securejdbc.sql.Pred;
import io.securejdbc.store.Row;
import io.securejdbc.store.RowFetcher;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code WHERE key = ?} on a single-column unique key, answered by the key's uniqueness tag on the data backend
 * ({@link RowFetcher#fetchByUniqueKey}) instead of the keyword index plus a fetch: one backend round trip for point
 * lookups, point joins and updates by primary key. Only when the parameter is exactly a value of the column's type
 * (the tag is computed from the stored form); anything else takes the index.
 */
final class UniqueLookup {

  private UniqueLookup() {}

  /** The candidate rows (to be re-checked by the caller), or null when the index must be used. */
  static List<Row> rows(RowFetcher fetcher, TableInfo t, Pred where, Object[] params, boolean forUpdate)
      throws SQLException {
    if (!(where instanceof Pred.Compare c) || c.op() != CompareOp.EQ) {
      return null;
    }
    ColumnInfo column = t.column(c.column()).orElse(null);
    if (column == null) {
      return null;
    }
    for (UniqueKey k : t.uniqueKeys()) {
      if (k.columnIds().size() == 1 && k.columnIds().get(0) == column.id()) {
        Object v = c.value().value(params);
        Object exact = v == null || v == Parameters.OPAQUE ? null : DirectWrites.exactValue(column, v);
        return exact == null ? null : fetcher.fetchByUniqueKey(t, k, exact, forUpdate);
      }
    }
    return null;
  }
}
