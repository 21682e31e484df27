package io.securejdbc.exec;

import io.securejdbc.SqlState;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.ForeignKey;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.catalog.UniqueKey;
import io.securejdbc.ddl.DdlStatement;
import io.securejdbc.store.Row;
import io.securejdbc.store.RowFetcher;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Foreign keys in DDL: resolving a declaration against the catalog, ALTER TABLE ADD (checking the rows already
 * there) and DROP CONSTRAINT, and the dependency rules H2 applies to DROP TABLE, TRUNCATE and DROP COLUMN.
 */
final class ForeignKeyDdl {

  private ForeignKeyDdl() {}

  /**
   * The catalog entry for a declaration on {@code child} (which may be the table being created, not yet in the
   * catalog). The referenced columns must be the parent's PRIMARY KEY (the default) or one of its UNIQUE keys.
   */
  static ForeignKey resolve(Catalog catalog, TableInfo child, DdlStatement.ForeignKeyDef def, List<String> taken)
      throws SQLException {
    TableInfo parent = def.parentTable().equals(child.name()) ? child : catalog.table(def.parentTable()).orElseThrow(
        () -> SqlState.UNDEFINED_TABLE.exception("Table \"" + def.parentTable() + "\" not found (referenced by a"
            + " foreign key of " + child.name() + ")"));
    List<Integer> childIds = ids(child, def.columns());
    List<Integer> parentIds;
    if (def.parentColumns().isEmpty()) {
      UniqueKey pk = parent.uniqueKeys().stream().filter(UniqueKey::primaryKey).findFirst().orElseThrow(
          () -> SqlState.SYNTAX_ERROR.exception("Table " + parent.name() + " has no PRIMARY KEY: name the"
              + " referenced columns in REFERENCES " + parent.name() + " (...)"));
      parentIds = pk.columnIds();
    } else {
      parentIds = ids(parent, def.parentColumns());
      boolean unique = parent.uniqueKeys().stream()
          .anyMatch(k -> new HashSet<>(k.columnIds()).equals(new HashSet<>(parentIds)));
      if (!unique) {
        throw SqlState.SYNTAX_ERROR.exception("A foreign key must reference the PRIMARY KEY or a UNIQUE key of "
            + parent.name() + "; add UNIQUE (" + String.join(", ", def.parentColumns()) + ") to it first");
      }
    }
    if (childIds.size() != parentIds.size()) {
      throw SqlState.SYNTAX_ERROR.exception("The foreign key of " + child.name() + " has " + childIds.size()
          + " column(s) but the referenced key of " + parent.name() + " has " + parentIds.size());
    }
    String name = def.name();
    if (name == null) {
      int n = 1;
      do {
        name = ("FK_" + child.name() + "_" + parent.name() + "_" + n++).toUpperCase(Locale.ROOT);
      } while (catalog.foreignKeys().containsKey(name) || taken.contains(name));
    } else if (catalog.foreignKeys().containsKey(name) || taken.contains(name)) {
      throw SqlState.DUPLICATE_OBJECT.exception("Constraint \"" + name + "\" already exists");
    }
    ForeignKey.OnDelete onDelete = ForeignKey.OnDelete.valueOf(def.onDelete());
    if (onDelete == ForeignKey.OnDelete.SET_NULL) {
      for (int id : childIds) {
        if (child.columnById(id).notNull()) {
          throw SqlState.SYNTAX_ERROR.exception("ON DELETE SET NULL on " + child.name() + "." + child.columnById(id)
              .name() + ", which is NOT NULL");
        }
      }
    }
    return new ForeignKey(name, child.tableId(), childIds, parent.tableId(), parentIds, onDelete);
  }

  private static List<Integer> ids(TableInfo t, List<String> names) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    for (String n : names) {
      ColumnInfo c = t.column(n).orElseThrow(() -> SqlState.UNDEFINED_COLUMN.exception(
          "Column \"" + n + "\" not found in table " + t.name()));
      ids.add(c.id());
    }
    return List.copyOf(ids);
  }

  /** ALTER TABLE ADD FOREIGN KEY: every existing child row must already have its parent. */
  static void add(Database db, RowFetcher fetcher, CandidateFinder finder, DdlStatement.AddForeignKey a)
      throws SQLException {
    Catalog catalog = db.store().catalog();
    TableInfo child = catalog.table(a.table()).orElseThrow(
        () -> SqlState.UNDEFINED_TABLE.exception("Table \"" + a.table() + "\" not found"));
    ForeignKey fk = resolve(catalog, child, a.foreignKey(), List.of());
    Catalog next = catalog.withForeignKey(fk);
    List<Object[]> existing = new ArrayList<>();
    for (Row r : fetcher.scan(child, false)) {
      existing.add(r.values());
    }
    // the existing rows, checked as if inserted under the new constraint
    new ForeignKeyCheck(() -> next, finder, fetcher, null).checkChildRows(next, fk, child, existing, List.of(), List.of());
    db.store().commitCatalog(catalog, next);
  }

  /** ALTER TABLE t DROP CONSTRAINT n, for foreign keys (other constraints are refused by name). */
  static void drop(Database db, DdlStatement.DropConstraint d) throws SQLException {
    Catalog catalog = db.store().catalog();
    TableInfo table = catalog.table(d.table()).orElseThrow(
        () -> SqlState.UNDEFINED_TABLE.exception("Table \"" + d.table() + "\" not found"));
    ForeignKey fk = catalog.foreignKeys().get(d.name());
    if (fk == null || !fk.childTableId().equals(table.tableId())) {
      if (d.ifExists()) {
        return;
      }
      throw SqlState.UNDEFINED_OBJECT.exception("Constraint \"" + d.name() + "\" not found on table " + d.table()
          + " (secure-jdbc drops foreign keys by name; PRIMARY KEY and UNIQUE constraints stay)");
    }
    db.store().commitCatalog(catalog, catalog.withoutForeignKey(d.name()));
  }

  /** The foreign keys of other tables (not in {@code alsoDropped}) that reference {@code table}. */
  static List<ForeignKey> referencesTo(Catalog catalog, TableInfo table, List<String> alsoDropped) {
    List<ForeignKey> out = new ArrayList<>();
    for (ForeignKey fk : catalog.foreignKeys().values()) {
      if (fk.parentTableId().equals(table.tableId()) && !fk.childTableId().equals(table.tableId())) {
        String child = catalog.tableById(fk.childTableId()).map(TableInfo::name).orElse("");
        if (!alsoDropped.contains(child)) {
          out.add(fk);
        }
      }
    }
    return out;
  }

  /** Refuses to drop a column a foreign key uses (on either side), as H2 does. */
  static void checkColumnDrop(Catalog catalog, String tableName, String column) throws SQLException {
    TableInfo t = catalog.table(tableName).orElse(null);
    ColumnInfo c = t == null ? null : t.column(column).orElse(null);
    if (c == null) {
      return;
    }
    for (ForeignKey fk : catalog.foreignKeys().values()) {
      if (fk.childTableId().equals(t.tableId()) && fk.columnIds().contains(c.id())
          || fk.parentTableId().equals(t.tableId()) && fk.parentColumnIds().contains(c.id())) {
        throw SqlState.DEPENDENT_OBJECTS_STILL_EXIST.exception("Cannot drop column " + column + " of " + tableName
            + ": foreign key " + fk.name() + " uses it; drop the constraint first");
      }
    }
  }
}
