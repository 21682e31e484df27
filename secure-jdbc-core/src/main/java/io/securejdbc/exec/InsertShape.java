package io.securejdbc.exec;

import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.index.SqlType;
import io.securejdbc.sql.SimpleWrite;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a direct INSERT fills in besides its parameters, and which columns its generated keys hold. Omitted identity
 * columns draw their values from the allocator; omitted nullable columns without a default are NULL. Anything else
 * (an omitted default or NOT NULL column, an explicit value for an ALWAYS identity, a key request H2 would resolve
 * in a way not modelled here) makes {@link #of} return null, and the statement takes the engine.
 *
 * @param drawn the omitted identity columns, whose values the insert draws
 * @param keyColumns the column indexes of the generated keys in their order, or null when none are wanted
 */
record InsertShape(List<ColumnInfo> drawn, int[] keyColumns) {

  static InsertShape of(SimpleWrite w, TableInfo t, KeysRequest keys) {
    Set<Integer> named = new HashSet<>(w.columns());
    List<ColumnInfo> drawn = new ArrayList<>();
    for (int i = 0; i < t.columns().size(); i++) {
      ColumnInfo c = t.columns().get(i);
      if (c.identity() != null) {
        if (!drawable(c) || named.contains(i) && c.identity().always()) {
          return null;
        }
        if (!named.contains(i)) {
          drawn.add(c);
        }
      } else if (!named.contains(i) && (c.notNull() || c.defaultExpression() != null)) {
        return null;
      }
    }
    int[] keyColumns = keys.wanted() ? keyColumns(t, keys) : null;
    return keys.wanted() && keyColumns == null ? null : new InsertShape(List.copyOf(drawn), keyColumns);
  }

  /** Values the driver can compute as H2 would: ascending, and of a type whose bounds it checks. */
  static boolean drawable(ColumnInfo c) {
    SqlType type = c.type().type();
    return c.identity().increment() > 0 && (type == SqlType.INTEGER || type == SqlType.BIGINT);
  }

  /**
   * H2's choice: for {@code RETURN_GENERATED_KEYS}, the identity, primary key and non-constant default columns in
   * table order (null here when the table has a default, whose constancy is the engine's to judge); names match
   * exactly, else ignoring case; numbers count from 1.
   */
  private static int[] keyColumns(TableInfo t, KeysRequest keys) {
    List<ColumnInfo> columns = t.columns();
    if (keys.names() != null) {
      int[] out = new int[keys.names().size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = byName(columns, keys.names().get(i));
        if (out[i] < 0) {
          return null;
        }
      }
      return out;
    }
    if (keys.indexes() != null) {
      int[] out = keys.indexes().clone();
      for (int i = 0; i < out.length; i++) {
        if (out[i] < 1 || out[i] > columns.size()) {
          return null;
        }
        out[i]--;
      }
      return out;
    }
    Set<Integer> primary = new HashSet<>();
    t.primaryKey().map(UniqueKey::columnIds).orElse(List.of()).forEach(primary::add);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      ColumnInfo c = columns.get(i);
      if (c.defaultExpression() != null) {
        return null;
      }
      if (c.identity() != null || primary.contains(c.id())) {
        out.add(i);
      }
    }
    return out.isEmpty() ? null : out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int byName(List<ColumnInfo> columns, String name) {
    if (name == null) {
      return -1;
    }
    int found = -1;
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
      if (columns.get(i).name().equalsIgnoreCase(name)) {
        if (found >= 0) {
          return -1;
        }
        found = i;
      }
    }
    return found;
  }
}
