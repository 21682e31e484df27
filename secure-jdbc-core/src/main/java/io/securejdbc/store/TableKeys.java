package io.securejdbc.store;

import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.crypto.Aead;
import io.securejdbc.crypto.DataKey;
import io.securejdbc.index.ColumnIndex;
import io.securejdbc.index.EntryFormat;
import io.securejdbc.index.KeywordMode;
import io.securejdbc.index.UniqueTags;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The unwrapped keys of one table and the primitives derived from them, cached while the table is in use. Every
 * derived key comes from the generation's data key through HKDF with a distinct purpose string: {@code row},
 * {@code posting/<column id>}, {@code keyword/<column id>}, {@code unique/<slot>}.
 */
final class TableKeys {

  /** Unwraps a generation's data key from the catalog through the token. */
  interface Unwrapper {
    DataKey unwrap(TableInfo table, int generation) throws SQLException;
  }

  private final String tableId;
  private final Unwrapper unwrapper;
  private final Map<Integer, DataKey> keys = new ConcurrentHashMap<>();
  private final Map<Integer, Aead> rowAeads = new ConcurrentHashMap<>();
  private final Map<IndexKey, ColumnIndex> columnIndexes = new ConcurrentHashMap<>();
  private final Map<Long, UniqueTags> uniqueTags = new ConcurrentHashMap<>();
  private volatile TableInfo table;

  TableKeys(TableInfo table, Unwrapper unwrapper) {
    this.tableId = table.tableId();
    this.table = table;
    this.unwrapper = unwrapper;
  }

  String tableId() {
    return tableId;
  }

  /** Keeps the latest definition (columns and key generations change with DDL and rotation). */
  void refresh(TableInfo latest) {
    this.table = latest;
  }

  DataKey key(int generation) throws SQLException {
    DataKey k = keys.get(generation);
    if (k == null) {
      synchronized (this) {
        k = keys.get(generation);
        if (k == null) {
          k = unwrapper.unwrap(table, generation);
          keys.put(generation, k);
        }
      }
    }
    return k;
  }

  Aead rowAead(int generation) throws SQLException {
    Aead a = rowAeads.get(generation);
    if (a == null) {
      DataKey rowKey = key(generation).derive("row");
      a = rowKey.aead();
      rowKey.destroy();
      rowAeads.put(generation, a);
    }
    return a;
  }

  ColumnIndex columnIndex(int generation, ColumnInfo column) throws SQLException {
    IndexKey cacheKey = new IndexKey(generation, column.id(), column.keywordMode(), column.entryFormat());
    ColumnIndex ci = columnIndexes.get(cacheKey);
    if (ci == null) {
      ci = new ColumnIndex(tableId, column.id(), column.type(), column.keywordMode(), column.entryFormat(),
          key(generation));
      columnIndexes.put(cacheKey, ci);
    }
    return ci;
  }

  UniqueTags uniqueTags(int generation, UniqueKey key) throws SQLException {
    Long cacheKey = ((long) generation << 32) | (key.slot() & 0xffffffffL);
    UniqueTags t = uniqueTags.get(cacheKey);
    if (t == null) {
      t = new UniqueTags(key(generation), key.slot());
      uniqueTags.put(cacheKey, t);
    }
    return t;
  }

  /** What a column's index primitives depend on (a record: no string built per write, as a concatenated key was). */
  private record IndexKey(int generation, int columnId, KeywordMode keywordMode, EntryFormat entryFormat) {}

  /** Zeroes every unwrapped key; derived primitives become unreachable with this object. */
  void destroy() {
    keys.values().forEach(DataKey::destroy);
    keys.clear();
    rowAeads.clear();
    columnIndexes.clear();
    uniqueTags.clear();
  }
}
