package io.securejdbc.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A logical table and where its pieces live.
 *
 * @param tableId random identifier bound into every ciphertext's associated data; never shown to backends as a name
 * @param dataBackend the data backends holding the data table, comma-separated in shard order (one name when the
 *     table is not sharded); see {@code io.securejdbc.store.Shards}
 * @param dataTable physical data table name (random, meaningless)
 * @param schemaVersion bumped by every ALTER TABLE; bound into row ciphertexts
 * @param keyGeneration the current data key generation, at least 1 (rows name the generation they were written
 *     with; generation 0 keys the uniqueness tags only)
 * @param wrappedKeys the table's data keys, wrapped by the token's master key, by generation
 * @param nextColumnId next column id to assign (ids are never reused)
 */
public record TableInfo(String name, String tableId, String dataBackend, String dataTable, List<ColumnInfo> columns,
    List<UniqueKey> uniqueKeys, List<String> checks, int schemaVersion, int keyGeneration,
    List<byte[]> wrappedKeys, int nextColumnId, int nextUniqueSlot) {

  /** The data backends holding this table's rows, in shard order. */
  public List<String> dataShards() {
    return names(dataBackend);
  }

  /** A comma-separated list of backend names; asked on every write, and nearly always one name. */
  static List<String> names(String commaSeparated) {
    return commaSeparated.indexOf(',') < 0 ? List.of(commaSeparated) : List.of(commaSeparated.split(","));
  }

  public TableInfo withDataShards(List<String> shards) {
    return new TableInfo(name, tableId, String.join(",", shards), dataTable, columns, uniqueKeys, checks,
        schemaVersion, keyGeneration, wrappedKeys, nextColumnId, nextUniqueSlot);
  }

  public TableInfo withColumnsUnversioned(List<ColumnInfo> newColumns) {
    return new TableInfo(name, tableId, dataBackend, dataTable, List.copyOf(newColumns), uniqueKeys, checks,
        schemaVersion, keyGeneration, wrappedKeys, nextColumnId, nextUniqueSlot);
  }

  public Optional<ColumnInfo> column(String columnName) {
    for (ColumnInfo c : columns) {
      if (c.name().equals(columnName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  public ColumnInfo columnById(int id) {
    for (ColumnInfo c : columns) {
      if (c.id() == id) {
        return c;
      }
    }
    return null;
  }

  public int columnIndex(int columnId) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).id() == columnId) {
        return i;
      }
    }
    return -1;
  }

  public Optional<UniqueKey> primaryKey() {
    return uniqueKeys.stream().filter(UniqueKey::primaryKey).findFirst();
  }

  /** Highest unique slot + 1: the number of k-columns the data table has. */
  public int uniqueSlotCount() {
    return nextUniqueSlot;
  }

  public TableInfo withColumns(List<ColumnInfo> newColumns, int newNextColumnId) {
    return new TableInfo(name, tableId, dataBackend, dataTable, List.copyOf(newColumns), uniqueKeys, checks,
        schemaVersion + 1, keyGeneration, wrappedKeys, newNextColumnId, nextUniqueSlot);
  }

  public TableInfo withName(String newName) {
    return new TableInfo(newName, tableId, dataBackend, dataTable, columns, uniqueKeys, checks, schemaVersion + 1,
        keyGeneration, wrappedKeys, nextColumnId, nextUniqueSlot);
  }

  public TableInfo withUniqueKeys(List<UniqueKey> keys, int newNextSlot) {
    return new TableInfo(name, tableId, dataBackend, dataTable, columns, List.copyOf(keys), checks,
        schemaVersion + 1, keyGeneration, wrappedKeys, nextColumnId, newNextSlot);
  }

  public TableInfo withKeys(int generation, List<byte[]> keys) {
    return new TableInfo(name, tableId, dataBackend, dataTable, columns, uniqueKeys, checks, schemaVersion,
        generation, List.copyOf(keys), nextColumnId, nextUniqueSlot);
  }

  /**
   * Key generations that may still protect stored rows or entries, current first. Generation 0 is the table's
   * uniqueness-tag key, which never rotates (tags must stay comparable across all rows); data generations start at
   * 1. A retired generation keeps its slot in {@code wrappedKeys} with an empty array, so numbers never shift.
   */
  public List<Integer> liveGenerations() {
    List<Integer> live = new ArrayList<>();
    for (int g = keyGeneration; g >= 1; g--) {
      if (wrappedKeys.get(g).length > 0) {
        live.add(g);
      }
    }
    return live;
  }

  public List<String> columnNames() {
    List<String> names = new ArrayList<>(columns.size());
    columns.forEach(c -> names.add(c.name()));
    return names;
  }
}
