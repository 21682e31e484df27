package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
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
import java.util.Map;
import java.util.Optional;

/** Answers keyword lookups on a column's index backend and decrypts the posting entries into row ids. */
public final class IndexLookup {

  private static final int MAX_IN = 256;

  private final BackendSession session;

  public IndexLookup(BackendSession session) {
    this.session = session;
  }

  /**
   * The stored-keyword ranges of a plain range on this column (one per live key generation for PROTECTED keywords,
   * whose keywords depend on the key), or empty if its index cannot answer it.
   */
  public Optional<List<KeyRange>> stored(TableInfo table, ColumnInfo column, KeyRange plain) throws SQLException {
    if (!column.isIndexed()) {
      return Optional.empty();
    }
    List<KeyRange> out = new ArrayList<>();
    for (ColumnIndex index : indexes(table, column)) {
      Optional<KeyRange> r = index.stored(plain);
      if (r.isEmpty()) {
        return Optional.empty();
      }
      if (!out.contains(r.get())) {
        out.add(r.get());
      }
    }
    return Optional.of(out);
  }

  /**
   * Row ids of every entry in the given stored-keyword ranges (their union). On a sharded index an exact keyword is
   * asked of the one backend owning it, a range of every backend of the column.
   */
  public RowIds rowIds(TableInfo table, ColumnInfo column, List<KeyRange> storedRanges)
      throws SQLException {
    return entries(table, column, storedRanges).rowIds();
  }

  /** The entries in the given stored-keyword ranges, read but not yet decrypted (see {@link Entries}). */
  public Entries entries(TableInfo table, ColumnInfo column, List<KeyRange> storedRanges) throws SQLException {
    Entries out = new Entries(table, column, indexes(table, column));
    List<byte[]> exact = new ArrayList<>();
    List<KeyRange> ranges = new ArrayList<>();
    for (KeyRange r : storedRanges) {
      if (r.isEmpty()) {
        continue;
      }
      if (r.isExact()) {
        exact.add(r.lower());
      } else {
        ranges.add(r);
      }
    }
    SecureStore store = session.store();
    Map<Backend, List<byte[]>> exactByShard = Shards.byIndexShard(store, column, exact);
    for (Backend backend : Shards.indexShards(store, column)) {
      List<byte[]> mine = exactByShard.getOrDefault(backend, List.of());
      if (!ranges.isEmpty() || !mine.isEmpty()) {
        lookup(backend, column, ranges, mine, out);
      }
    }
    return out;
  }

  private void lookup(Backend backend, ColumnInfo column, List<KeyRange> ranges, List<byte[]> exact, Entries out)
      throws SQLException {
    EntryTable table = EntryTable.of(backend.dialect(), column);
    try {
      for (KeyRange r : ranges) {
        PreparedStatement ps = session.prepare(backend, table.rangeSql(r));
        table.bindRange(ps, r);
        out.read(ps, table);
      }
      for (int from = 0; from < exact.size(); from += MAX_IN) {
        List<byte[]> chunk = exact.subList(from, Math.min(exact.size(), from + MAX_IN));
        int n = paddedSize(chunk.size());
        PreparedStatement ps = session.prepare(backend, table.lookupSql(n));
        table.bindLookup(ps, chunk, n);
        out.read(ps, table);
      }
    } catch (SQLException e) {
      throw BackendSession.failure(backend, "index lookup", e);
    }
  }

  /**
   * Posting entries read from the index backend(s) and not yet decrypted; {@link #rowIds()} decrypts them, on
   * several threads for long posting lists (most of a large lookup's cost on our side).
   */
  public final class Entries {
    private final TableInfo table;
    private final ColumnInfo column;
    private final List<ColumnIndex> indexes;
    private final List<byte[]> keywords = new ArrayList<>();
    private final List<byte[]> entries = new ArrayList<>();

    private Entries(TableInfo table, ColumnInfo column, List<ColumnIndex> indexes) {
      this.table = table;
      this.column = column;
      this.indexes = indexes;
    }

    private void read(PreparedStatement ps, EntryTable table) throws SQLException {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[][] e = table.readUnchecked(rs);
          keywords.add(e[0]);
          entries.add(e[1]);
        }
      }
    }

    public int size() {
      return entries.size();
    }

    /** The row ids of entries {@code from} to {@code to} (exclusive), in entry order, possibly repeated. */
    private long[] rowIds(int from, int to) throws SQLException {
      long[] out = new long[to - from];
      for (int i = from; i < to; i++) {
        Long rid = rowId(indexes, keywords.get(i), entries.get(i));
        if (rid == null) {
          rid = rowId(newerGenerations(), keywords.get(i), entries.get(i));
        }
        if (rid == null) {
          throw SqlState.DATA_CORRUPTED.exception("a posting entry in the index of " + table.name() + "."
              + column.name() + " failed authentication: the index backend altered or moved it");
        }
        out[i - from] = rid;
      }
      return out;
    }

    /**
     * Key generations that became live after this statement read the catalog: a rotation that began meanwhile
     * may already have re-encrypted entries under its new generation. Only tried when an entry fails under the
     * generations the statement knows, so an entry is still accepted only under a live key of its column.
     */
    private List<ColumnIndex> newerGenerations() throws SQLException {
      TableInfo latest = session.store().catalog().table(table.name()).orElse(null);
      if (latest == null || !latest.tableId().equals(table.tableId())
          || latest.liveGenerations().equals(table.liveGenerations())) {
        return List.of();
      }
      ColumnInfo current = latest.columnById(column.id());
      return current == null ? List.of() : indexes(latest, current);
    }

    /** Every entry's row id (decrypted on several threads for long posting lists). */
    public RowIds rowIds() throws SQLException {
      long[] out = new long[entries.size()];
      session.store().parallel().forRange(out.length, PARALLEL_THRESHOLD, PIECE, (from, to) ->
          System.arraycopy(rowIds(from, to), 0, out, from, to - from));
      return RowIds.of(out, out.length);
    }
  }

  private static final int PARALLEL_THRESHOLD = 512;
  private static final int PIECE = 64;

  /**
   * Tries each live key generation, current first: during a rotation entries of both exist. A null keyword is a
   * stored key that is no (keyword, entry) pair ({@link EntryTable#readUnchecked}).
   */
  private static Long rowId(List<ColumnIndex> indexes, byte[] keyword, byte[] entry) {
    if (keyword == null) {
      return null;
    }
    for (ColumnIndex index : indexes) {
      try {
        return index.rowId(keyword, entry);
      } catch (GeneralSecurityException e) {
        // not this generation's entry
      }
    }
    return null;
  }

  private List<ColumnIndex> indexes(TableInfo table, ColumnInfo column) throws SQLException {
    TableKeys keys = session.store().keys(table);
    List<ColumnIndex> out = new ArrayList<>();
    for (int g : table.liveGenerations()) {
      out.add(keys.columnIndex(g, column));
    }
    return out;
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
