package io.securejdbc.catalog;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the logical schema: tables and views. Every DDL makes a new snapshot with a higher
 * {@link #version()}; the store swaps it in after it is persisted.
 */
public final class Catalog {

  private final long version;
  private final Map<String, TableInfo> tables;
  private final Map<String, String> views;
  private final Map<String, IndexInfo> indexes;
  private final Map<String, SequenceInfo> sequences;
  private final Map<String, ForeignKey> foreignKeys;

  public Catalog(long version, Map<String, TableInfo> tables, Map<String, String> views,
      Map<String, IndexInfo> indexes) {
    this(version, tables, views, indexes, Map.of(), Map.of());
  }

  public Catalog(long version, Map<String, TableInfo> tables, Map<String, String> views,
      Map<String, IndexInfo> indexes, Map<String, SequenceInfo> sequences, Map<String, ForeignKey> foreignKeys) {
    this.version = version;
    this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    this.views = Collections.unmodifiableMap(new LinkedHashMap<>(views));
    this.indexes = Collections.unmodifiableMap(new LinkedHashMap<>(indexes));
    this.sequences = Collections.unmodifiableMap(new LinkedHashMap<>(sequences));
    this.foreignKeys = Collections.unmodifiableMap(new LinkedHashMap<>(foreignKeys));
  }

  /** Foreign keys by constraint name. */
  public Map<String, ForeignKey> foreignKeys() {
    return foreignKeys;
  }

  public Catalog withForeignKey(ForeignKey fk) {
    Map<String, ForeignKey> next = new LinkedHashMap<>(foreignKeys);
    next.put(fk.name(), fk);
    return new Catalog(version + 1, tables, views, indexes, sequences, next);
  }

  public Catalog withoutForeignKey(String name) {
    Map<String, ForeignKey> next = new LinkedHashMap<>(foreignKeys);
    next.remove(name);
    return new Catalog(version + 1, tables, views, indexes, sequences, next);
  }

  /** The table with this id, if the catalog has it. */
  public Optional<TableInfo> tableById(String tableId) {
    return tables.values().stream().filter(t -> t.tableId().equals(tableId)).findFirst();
  }

  public static Catalog empty() {
    return new Catalog(0, Map.of(), Map.of(), Map.of());
  }

  public Map<String, SequenceInfo> sequences() {
    return sequences;
  }

  /** Adds or replaces (ALTER SEQUENCE) a sequence. */
  public Catalog withSequence(SequenceInfo sequence) {
    Map<String, SequenceInfo> next = new LinkedHashMap<>(sequences);
    next.put(sequence.name(), sequence);
    return new Catalog(version + 1, tables, views, indexes, next, foreignKeys);
  }

  public Catalog withoutSequence(String name) {
    Map<String, SequenceInfo> next = new LinkedHashMap<>(sequences);
    next.remove(name);
    return new Catalog(version + 1, tables, views, indexes, next, foreignKeys);
  }

  public Map<String, IndexInfo> indexes() {
    return indexes;
  }

  public Catalog withIndex(IndexInfo index) {
    Map<String, IndexInfo> next = new LinkedHashMap<>(indexes);
    next.put(index.name(), index);
    return new Catalog(version + 1, tables, views, next, sequences, foreignKeys);
  }

  public Catalog withoutIndex(String name) {
    Map<String, IndexInfo> next = new LinkedHashMap<>(indexes);
    next.remove(name);
    return new Catalog(version + 1, tables, views, next, sequences, foreignKeys);
  }

  public long version() {
    return version;
  }

  public Optional<TableInfo> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  public Collection<TableInfo> tables() {
    return tables.values();
  }

  public Map<String, String> views() {
    return views;
  }

  public Catalog withTable(TableInfo table) {
    Map<String, TableInfo> next = new LinkedHashMap<>(tables);
    next.put(table.name(), table);
    return new Catalog(version + 1, next, views, indexes, sequences, foreignKeys);
  }

  /** Replaces {@code oldName} (for renames the key changes). */
  public Catalog replacing(String oldName, TableInfo table) {
    Map<String, TableInfo> next = new LinkedHashMap<>();
    for (Map.Entry<String, TableInfo> e : tables.entrySet()) {
      if (e.getKey().equals(oldName)) {
        next.put(table.name(), table);
      } else {
        next.put(e.getKey(), e.getValue());
      }
    }
    return new Catalog(version + 1, next, views, indexes, sequences, foreignKeys);
  }

  /** Drops the table and the named indexes on it. */
  public Catalog withoutTable(String name) {
    Map<String, TableInfo> next = new LinkedHashMap<>(tables);
    next.remove(name);
    Map<String, IndexInfo> remaining = new LinkedHashMap<>(indexes);
    remaining.values().removeIf(i -> i.table().equals(name));
    Map<String, ForeignKey> keys = new LinkedHashMap<>(foreignKeys);
    TableInfo dropped = tables.get(name);
    if (dropped != null) {
      // the executor refuses (or, with CASCADE, accepts) dropping a table other tables still reference
      keys.values().removeIf(k -> k.childTableId().equals(dropped.tableId())
          || k.parentTableId().equals(dropped.tableId()));
    }
    return new Catalog(version + 1, next, views, remaining, sequences, keys);
  }

  public Catalog withView(String name, String query) {
    Map<String, String> next = new LinkedHashMap<>(views);
    next.put(name, query);
    return new Catalog(version + 1, tables, next, indexes, sequences, foreignKeys);
  }

  public Catalog withoutView(String name) {
    Map<String, String> next = new LinkedHashMap<>(views);
    next.remove(name);
    return new Catalog(version + 1, tables, next, indexes, sequences, foreignKeys);
  }
}
