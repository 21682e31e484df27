package io.securejdbc.catalog;

import io.securejdbc.ddl.DdlStatement.Identity;
import io.securejdbc.index.ColumnType;
import io.securejdbc.index.EntryFormat;
import io.securejdbc.index.KeywordMode;

/**
 * A logical column.
 *
 * @param id stable within its table (never reused), so rows written under older schemas still decode
 * @param indexBackend the index backends holding this column's keyword index, comma-separated in shard order
 *     (one name when the index is not sharded; null when not indexed)
 * @param indexTable physical index table name (random, meaningless)
 * @param entryFormat the format of the entries in the index table (fixed when the table is created)
 */
public record ColumnInfo(int id, String name, ColumnType type, boolean notNull, String defaultExpression,
    Identity identity, KeywordMode keywordMode, String indexBackend, String indexTable, EntryFormat entryFormat) {

  public boolean isIndexed() {
    return keywordMode != KeywordMode.NONE && indexTable != null;
  }

  /** The index backends of this column's keyword index, in shard order (empty when not indexed). */
  public java.util.List<String> indexShards() {
    return indexBackend == null ? java.util.List.of() : TableInfo.names(indexBackend);
  }

  public ColumnInfo withName(String newName) {
    return new ColumnInfo(id, newName, type, notNull, defaultExpression, identity, keywordMode, indexBackend,
        indexTable, entryFormat);
  }

  /** The same index table, now on {@code backend} (a list when sharded): its entries keep their format. */
  public ColumnInfo withIndexBackend(String backend) {
    return new ColumnInfo(id, name, type, notNull, defaultExpression, identity, keywordMode, backend, indexTable,
        entryFormat);
  }

  /** A new index table (or none, with null names): new tables take the current entry format. */
  public ColumnInfo withNewIndex(KeywordMode mode, String backend, String table) {
    return new ColumnInfo(id, name, type, notNull, defaultExpression, identity, mode, backend, table,
        EntryFormat.CURRENT);
  }

  public ColumnInfo withConstraints(boolean newNotNull, String newDefault) {
    return new ColumnInfo(id, name, type, newNotNull, newDefault, identity, keywordMode, indexBackend, indexTable,
        entryFormat);
  }
}
