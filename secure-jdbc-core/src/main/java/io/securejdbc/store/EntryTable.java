package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Dialect;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.index.KeyRange;
import io.securejdbc.index.PostingKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * One column's index table on one backend, in the layout its entry format fixed when the table was created:
 * {@code (kw, entry)}, or one key column {@code k} ({@link PostingKey}) for {@code TAGGED_GCM_ONE_KEY}. Callers
 * read and write (keyword, entry) pairs and never see the layout.
 */
final class EntryTable {

  private final Dialect dialect;
  private final ColumnInfo column;
  private final String table;
  private final boolean oneKey;

  private EntryTable(Dialect dialect, ColumnInfo column) {
    this.dialect = dialect;
    this.column = column;
    this.table = column.indexTable();
    this.oneKey = column.entryFormat().oneKey();
  }

  static EntryTable of(Dialect dialect, ColumnInfo column) {
    return new EntryTable(dialect, column);
  }

  /** The statements creating the table (and its index, where separate; null then omitted). */
  static String[] create(Dialect dialect, ColumnInfo column) {
    String table = column.indexTable();
    return column.entryFormat().oneKey()
        ? new String[] {dialect.createKeyIndexTable(table), dialect.createKeyIndexTableIndex(table)}
        : new String[] {dialect.createIndexTable(table), dialect.createIndexTableIndex(table)};
  }

  String insertSql() {
    return oneKey ? dialect.insertKey(table) : dialect.insertEntry(table);
  }

  /** Binds one entry to {@link #insertSql} (no addBatch). */
  void bindInsert(PreparedStatement ps, byte[] keyword, byte[] entry) throws SQLException {
    bindPair(ps, 1, keyword, entry);
  }

  String scanSql() {
    return oneKey ? dialect.scanKeys(table) : dialect.scanIndex(table);
  }

  /** The (keyword, entry) of the current row of a scan or lookup. */
  byte[][] read(ResultSet rs) throws SQLException {
    byte[][] pair = readUnchecked(rs);
    if (pair[0] == null) {
      throw SqlState.DATA_CORRUPTED.exception("a posting entry in the index of column " + column.name()
          + " is malformed: the index backend altered it; run repair");
    }
    return pair;
  }

  /**
   * As {@link #read}, but a malformed key comes back as (null, the stored key) instead of failing: a lookup treats
   * it as an entry that fails authentication, verify counts it and repair deletes it ({@link #bindDelete} takes such
   * a pair back).
   */
  byte[][] readUnchecked(ResultSet rs) throws SQLException {
    if (!oneKey) {
      return new byte[][] {rs.getBytes(1), rs.getBytes(2)};
    }
    byte[] key = rs.getBytes(1);
    try {
      return PostingKey.split(key);
    } catch (IllegalArgumentException e) {
      return new byte[][] {null, key};
    }
  }

  /** Deletes an entry read from the table (every copy). */
  String deleteSql() {
    return oneKey ? dialect.deleteKey(table) : dialect.deleteEntry(table);
  }

  void bindDelete(PreparedStatement ps, byte[] keyword, byte[] entry) throws SQLException {
    if (oneKey && keyword == null) {
      ps.setBytes(1, entry);
    } else {
      bindPair(ps, 1, keyword, entry);
    }
  }

  /** Deletes the entries of a keyword between two entries (inclusive): every copy, or one. */
  String deleteRangeSql(boolean oneCopy) {
    if (oneKey) {
      return oneCopy ? dialect.deleteOneKeyIn(table) : dialect.deleteKeysIn(table);
    }
    return oneCopy ? dialect.deleteOneEntryIn(table) : dialect.deleteEntriesIn(table);
  }

  void bindDeleteRange(PreparedStatement ps, byte[] keyword, byte[] from, byte[] to) throws SQLException {
    if (oneKey) {
      ps.setBytes(1, PostingKey.of(keyword, from));
      ps.setBytes(2, PostingKey.of(keyword, to));
    } else {
      ps.setBytes(1, keyword);
      ps.setBytes(2, from);
      ps.setBytes(3, to);
    }
  }

  /** The entries of {@code n} keywords (see {@link #bindLookup}). */
  String lookupSql(int n) {
    return oneKey ? dialect.lookupKeys(table, n) : dialect.lookupExact(table, n);
  }

  /** Binds {@code keywords} to {@link #lookupSql}{@code (n)}; the places beyond them match nothing new. */
  void bindLookup(PreparedStatement ps, List<byte[]> keywords, int n) throws SQLException {
    for (int i = 0; i < n; i++) {
      byte[] kw = keywords.get(Math.min(i, keywords.size() - 1));
      if (!oneKey) {
        ps.setBytes(i + 1, kw);
      } else if (i < keywords.size()) {
        ps.setBytes(2 * i + 1, PostingKey.first(kw));
        ps.setBytes(2 * i + 2, PostingKey.after(kw));
      } else {
        // An empty range: repeating a keyword here would read its entries again.
        byte[] first = PostingKey.first(kw);
        ps.setBytes(2 * i + 1, first);
        ps.setBytes(2 * i + 2, first);
      }
    }
  }

  String rangeSql(KeyRange r) {
    return oneKey ? dialect.lookupKeyRange(table, r.lower() != null, r.upper() != null)
        : dialect.lookupRange(table, r.lower() != null, r.lowerInclusive(), r.upper() != null, r.upperInclusive());
  }

  void bindRange(PreparedStatement ps, KeyRange r) throws SQLException {
    byte[][] bounds = oneKey ? PostingKey.bounds(r) : new byte[][] {r.lower(), r.upper()};
    int p = 1;
    if (bounds[0] != null) {
      ps.setBytes(p++, bounds[0]);
    }
    if (bounds[1] != null) {
      ps.setBytes(p, bounds[1]);
    }
  }

  private void bindPair(PreparedStatement ps, int at, byte[] keyword, byte[] entry) throws SQLException {
    if (oneKey) {
      ps.setBytes(at, PostingKey.of(keyword, entry));
    } else {
      ps.setBytes(at, keyword);
      ps.setBytes(at + 1, entry);
    }
  }
}
