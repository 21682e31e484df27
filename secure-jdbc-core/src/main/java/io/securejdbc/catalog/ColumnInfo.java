package io.securejdbc.catalog;

import io.securejdbc.ddl.DdlStatement.Identity;
import io.securejdbc.index.ColumnType;
import io.securejdbc.index.KeywordMode;

/**
 * A logical column.
 *
 * @param id stable within its table (never reused), so rows written under older schemas still decode
 * @param indexBackend the index backends holding this column's keyword index, comma-separated in shard order
 *     (one name when the index is not sharded; null when not indexed)
 * @param indexTable physical index table name (random, meaningless)
 */
public record ColumnInfo(int id, String name, ColumnType type, boolean notNull, String defaultExpression,
    Identity identity, KeywordMode keywordMode, String indexBackend, String indexTable) {

  public boolean isIndexed() {
    return keywordMode != KeywordMode.NONE && indexTable != null;
  }

  /** The index backends of this column's keyword index, in shard order (empty when not indexed). */
  public java.util.List<String> indexShards() {
    return indexBackend == null ? java.util.List.of() : java.util.List.of(indexBackend.split(","));
  }

  public ColumnInfo withName(String newName) {
    return new ColumnInfo(id, newName, type, notNull, defaultExpression, identity, keywordMode, indexBackend,
        indexTable);
  }

  public ColumnInfo withIndex(KeywordMode mode, String backend, String table) {
    return new ColumnInfo(id, name, type, notNull, defaultExpression, identity, mode, backend, table);
  }

  public ColumnInfo withConstraints(boolean newNotNull, String newDefault) {
    return new ColumnInfo(id, name, type, newNotNull, newDefault, identity, keywordMode, indexBackend, indexTable);
  }
}
