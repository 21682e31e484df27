package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.backend.Dialect;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.ColumnIndex;
import io.securejdbc.index.KeyRange;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Answers keyword lookups on a column's index backend and decrypts the posting entries into row ids. */
public final class IndexLookup {

  private static final int MAX_IN = 256;

  private final BackendSession session;

  public IndexLookup(BackendSession session) {
    this.session = session;
  }

  /** The stored-keyword range of a plain range on this column, or empty if its index cannot answer it. */
  public Optional<KeyRange> stored(TableInfo table, ColumnInfo column, KeyRange plain) throws SQLException {
    if (!column.isIndexed()) {
      return Optional.empty();
    }
    return index(table, column).stored(plain);
  }

  /** Row ids of every entry in the given stored-keyword ranges (their union). */
  public RowIds rowIds(TableInfo table, ColumnInfo column, List<KeyRange> storedRanges)
      throws SQLException {
    Backend backend = session.store().backend(column.indexBackend());
    Dialect d = backend.dialect();
    ColumnIndex index = index(table, column);
    RowIds.Builder ids = new RowIds.Builder();
    List<byte[]> exact = new ArrayList<>();
    try {
      for (KeyRange r : storedRanges) {
        if (r.isEmpty()) {
          continue;
        }
        if (r.isExact()) {
          exact.add(r.lower());
          continue;
        }
        PreparedStatement ps = session.prepare(backend, d.lookupRange(column.indexTable(), r.lower() != null,
            r.lowerInclusive(), r.upper() != null, r.upperInclusive()));
        int p = 1;
        if (r.lower() != null) {
          ps.setBytes(p++, r.lower());
        }
        if (r.upper() != null) {
          ps.setBytes(p, r.upper());
        }
        collect(ps, index, table, column, ids);
      }
      for (int from = 0; from < exact.size(); from += MAX_IN) {
        List<byte[]> chunk = exact.subList(from, Math.min(exact.size(), from + MAX_IN));
        int n = paddedSize(chunk.size());
        PreparedStatement ps = session.prepare(backend, d.lookupExact(column.indexTable(), n));
        for (int i = 0; i < n; i++) {
          ps.setBytes(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
        }
        collect(ps, index, table, column, ids);
      }
    } catch (PassThrough e) {
      throw e.original();
    } catch (SQLException e) {
      throw BackendSession.failure(backend, "index lookup", e);
    }
    return ids.build();
  }

  private void collect(PreparedStatement ps, ColumnIndex index, TableInfo table, ColumnInfo column,
      RowIds.Builder ids) throws SQLException {
    boolean corrupted = false;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        try {
          ids.add(index.rowId(rs.getBytes(1), rs.getBytes(2)));
        } catch (GeneralSecurityException e) {
          corrupted = true;
        }
      }
    }
    if (corrupted) {
      throw new PassThrough(SqlState.DATA_CORRUPTED.exception("a posting entry in the index of "
          + table.name() + "." + column.name() + " failed authentication: the index backend altered or moved it"));
    }
  }

  ColumnIndex index(TableInfo table, ColumnInfo column) throws SQLException {
    return session.store().keys(table).columnIndex(table.keyGeneration(), column);
  }

  /** Few distinct statement shapes, so backends and our cache reuse prepared statements. */
  static int paddedSize(int n) {
    int size = 1;
    while (size < n) {
      size <<= 1;
    }
    return Math.min(size, MAX_IN);
  }
}
