package io.securejdbc.ddl;

import io.securejdbc.SqlState;
import io.securejdbc.ddl.DdlStatement.ColumnDef;
import io.securejdbc.ddl.DdlStatement.Identity;
import io.securejdbc.index.ColumnType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** CREATE TABLE bodies and column definitions (also used by ALTER TABLE ADD COLUMN). */
final class CreateTableParser {

  /** Words that end a DEFAULT expression. */
  private static final Set<String> CONSTRAINT_WORDS = Set.of("NOT", "NULL", "PRIMARY", "UNIQUE", "CHECK",
      "REFERENCES", "CONSTRAINT", "GENERATED", "AUTO_INCREMENT", "IDENTITY", "COMMENT", "COLLATE", "ON",
      "DEFAULT", "SELECTIVITY", "INVISIBLE", "VISIBLE");
  /** MySQL/MariaDB table options after the closing parenthesis, accepted and ignored. */
  private static final Set<String> TABLE_OPTIONS = Set.of("ENGINE", "DEFAULT", "CHARSET", "CHARACTER", "COLLATE",
      "AUTO_INCREMENT", "COMMENT", "ROW_FORMAT", "STATS_PERSISTENT", "SET");

  /** Type names that take a length, so that "KEY VARCHAR(10)" is read as a column. */
  private static final Set<String> TYPE_WORDS = Set.of("CHAR", "CHARACTER", "VARCHAR", "VARCHAR2", "NVARCHAR",
      "NCHAR", "BINARY", "VARBINARY", "DECIMAL", "NUMERIC", "NUMBER", "DEC", "FLOAT", "TIME", "TIMESTAMP",
      "DATETIME", "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BIT", "RAW");

  private final DdlCursor c;
  private final TypeParser types;

  CreateTableParser(DdlCursor c) {
    this.c = c;
    this.types = new TypeParser(c);
  }

  /** After {@code CREATE TABLE}. */
  DdlStatement.CreateTable parse() throws SQLException {
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    String table = c.qualifiedName();
    if (c.peek().is("AS")) {
      throw SqlState.notSupported("CREATE TABLE ... AS SELECT");
    }
    c.expectSymbol("(");
    List<ColumnDef> columns = new ArrayList<>();
    List<String> primaryKey = new ArrayList<>();
    List<List<String>> uniques = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    List<DdlStatement.ForeignKeyDef> foreignKeys = new ArrayList<>();
    do {
      element(columns, primaryKey, uniques, checks, foreignKeys);
    } while (c.acceptSymbol(","));
    c.expectSymbol(")");
    tableOptions();
    c.expectEnd();
    if (columns.isEmpty()) {
      throw SqlState.SYNTAX_ERROR.exception("CREATE TABLE " + table + " defines no column");
    }
    List<ColumnDef> finalColumns = new ArrayList<>();
    for (ColumnDef col : columns) {
      boolean pk = primaryKey.contains(col.name());
      finalColumns.add(pk && !col.notNull() ? new ColumnDef(col.name(), col.type(), true, col.defaultExpression(),
          col.identity()) : col);
    }
    return new DdlStatement.CreateTable(table, ifNotExists, List.copyOf(finalColumns), List.copyOf(primaryKey),
        List.copyOf(uniques), List.copyOf(checks), List.copyOf(foreignKeys));
  }

  private void element(List<ColumnDef> columns, List<String> primaryKey, List<List<String>> uniques,
      List<String> checks, List<DdlStatement.ForeignKeyDef> foreignKeys) throws SQLException {
    if (c.accept("CONSTRAINT")) {
      String name = c.identifier();
      if (c.accept("FOREIGN", "KEY")) {
        foreignKeys.add(references(name, columnList()));
        return;
      }
      tableConstraint(primaryKey, uniques, checks);
      return;
    }
    if (c.accept("FOREIGN", "KEY")) {
      foreignKeys.add(references(null, columnList()));
      return;
    }
    if (c.peek().is("PRIMARY") || c.peek().is("UNIQUE") || c.peek().is("CHECK") || isInlineIndex()) {
      tableConstraint(primaryKey, uniques, checks);
      return;
    }
    ColumnInline inline = new ColumnInline();
    columns.add(column(inline));
    if (inline.primaryKey) {
      if (!primaryKey.isEmpty()) {
        throw SqlState.SYNTAX_ERROR.exception("the table declares more than one PRIMARY KEY");
      }
      primaryKey.add(inline.name);
    }
    if (inline.unique) {
      uniques.add(List.of(inline.name));
    }
    checks.addAll(inline.checks);
    foreignKeys.addAll(inline.foreignKeys);
  }

  /**
   * After {@code FOREIGN KEY (columns)}: {@code REFERENCES parent [(columns)]} and its options. ON DELETE may be
   * NO ACTION, RESTRICT, CASCADE or SET NULL; ON UPDATE only NO ACTION or RESTRICT. MATCH FULL and deferred
   * checking are refused.
   */
  DdlStatement.ForeignKeyDef references(String name, List<String> columns) throws SQLException {
    c.expect("REFERENCES");
    String parent = c.qualifiedName();
    List<String> parentColumns = c.peek().isSymbol("(") ? columnList() : List.of();
    String onDelete = "NO_ACTION";
    while (true) {
      if (c.accept("ON", "DELETE")) {
        if (c.accept("CASCADE")) {
          onDelete = "CASCADE";
        } else if (c.accept("SET", "NULL")) {
          onDelete = "SET_NULL";
        } else if (c.accept("RESTRICT") || c.accept("NO", "ACTION")) {
          onDelete = "NO_ACTION";
        } else {
          throw SqlState.notSupported("referential action ON DELETE " + (c.atEnd() ? "" : c.peek().text() + " ")
              + "(NO ACTION, RESTRICT, CASCADE and SET NULL are supported)");
        }
      } else if (c.accept("ON", "UPDATE")) {
        if (!c.accept("RESTRICT") && !c.accept("NO", "ACTION")) {
          throw SqlState.notSupported("referential action ON UPDATE " + (c.atEnd() ? "" : c.peek().text() + " ")
              + "(only NO ACTION and RESTRICT; change the referencing rows in the application)");
        }
      } else if (c.accept("MATCH")) {
        if (!c.accept("SIMPLE")) {
          throw SqlState.notSupported("MATCH " + (c.atEnd() ? "" : c.peek().text()) + " (only MATCH SIMPLE)");
        }
      } else if (c.accept("NOT", "DEFERRABLE") || c.accept("INITIALLY", "IMMEDIATE")) {
        continue;
      } else if (c.peek().is("DEFERRABLE") || c.peek().is("INITIALLY")) {
        throw SqlState.notSupported("deferred foreign key checks");
      } else {
        break;
      }
    }
    if (!parentColumns.isEmpty() && parentColumns.size() != columns.size()) {
      throw SqlState.SYNTAX_ERROR.exception("the foreign key names " + columns.size() + " column(s) but references "
          + parentColumns.size());
    }
    return new DdlStatement.ForeignKeyDef(name, List.copyOf(columns), parent, List.copyOf(parentColumns),
        onDelete);
  }

  /** MySQL's {@code INDEX name (cols)} / {@code KEY (cols)}, as opposed to a column named KEY or INDEX. */
  private boolean isInlineIndex() {
    if (!c.peek().is("INDEX") && !c.peek().is("KEY")) {
      return false;
    }
    return c.peek(1).isSymbol("(") || (c.peek(2).isSymbol("(") && !TYPE_WORDS.contains(c.peek(1).text()));
  }

  private void tableConstraint(List<String> primaryKey, List<List<String>> uniques, List<String> checks)
      throws SQLException {
    if (c.accept("PRIMARY", "KEY")) {
      if (!primaryKey.isEmpty()) {
        throw SqlState.SYNTAX_ERROR.exception("the table declares more than one PRIMARY KEY");
      }
      primaryKey.addAll(columnList());
    } else if (c.accept("UNIQUE")) {
      if (!c.accept("KEY")) {
        c.accept("INDEX");
      }
      if (!c.peek().isSymbol("(")) {
        c.identifier();
      }
      uniques.add(columnList());
    } else if (c.accept("CHECK")) {
      checks.add(c.parenthesised());
    } else if (c.accept("INDEX") || c.accept("KEY")) {
      // MySQL's inline secondary index: every column already has a keyword index.
      if (!c.peek().isSymbol("(")) {
        c.identifier();
      }
      columnList();
    } else {
      throw c.expected("PRIMARY KEY, UNIQUE or CHECK");
    }
  }

  /** What a column definition declared inline besides the column itself. */
  static final class ColumnInline {
    String name;
    boolean primaryKey;
    boolean unique;
    final List<String> checks = new ArrayList<>();
    final List<DdlStatement.ForeignKeyDef> foreignKeys = new ArrayList<>();
  }

  ColumnDef column(ColumnInline inline) throws SQLException {
    String name = c.identifier();
    inline.name = name;
    ColumnType type = types.parse();
    boolean notNull = false;
    String defaultExpression = null;
    Identity identity = types.serial() ? new Identity(false, 1, 1) : null;
    while (true) {
      if (c.accept("NOT", "NULL")) {
        notNull = true;
      } else if (c.accept("NULL")) {
        notNull = false;
      } else if (c.accept("DEFAULT")) {
        defaultExpression = c.peek().is("NULL") ? nullDefault() : c.expressionUntil(CONSTRAINT_WORDS);
      } else if (c.accept("PRIMARY", "KEY")) {
        inline.primaryKey = true;
        notNull = true;
        if (!c.accept("ASC")) {
          c.accept("DESC");
        }
      } else if (c.accept("UNIQUE")) {
        c.accept("KEY");
        inline.unique = true;
      } else if (c.accept("CHECK")) {
        inline.checks.add(c.parenthesised());
      } else if (c.accept("CONSTRAINT")) {
        c.identifier();
      } else if (c.accept("AUTO_INCREMENT") || c.accept("AUTOINCREMENT")) {
        identity = new Identity(false, 1, 1);
      } else if (c.accept("IDENTITY")) {
        identity = identityOptions(false);
      } else if (c.accept("GENERATED")) {
        boolean always = c.accept("ALWAYS");
        if (!always) {
          c.expect("BY");
          c.expect("DEFAULT");
        }
        c.expect("AS");
        if (!c.accept("IDENTITY")) {
          throw SqlState.notSupported("generated (computed) columns");
        }
        identity = identityOptions(always);
      } else if (c.peek().is("REFERENCES")) {
        inline.foreignKeys.add(references(null, List.of(name)));
      } else if (c.peek().is("COLLATE")) {
        throw SqlState.notSupported("COLLATE (collations)");
      } else if (c.peek().is("ON") && c.peek(1).is("UPDATE")) {
        throw SqlState.notSupported("ON UPDATE column defaults");
      } else if (c.accept("COMMENT")) {
        c.next();
      } else if (c.accept("SELECTIVITY")) {
        c.integer();
      } else {
        break;
      }
    }
    if (identity != null) {
      notNull = true;
    }
    return new ColumnDef(name, type, notNull, defaultExpression, identity);
  }

  private String nullDefault() {
    c.next();
    return null;
  }

  /** [( START WITH n [INCREMENT BY m] ... )] or H2's IDENTITY(start, increment). */
  private Identity identityOptions(boolean always) throws SQLException {
    long start = 1;
    long increment = 1;
    if (c.acceptSymbol("(")) {
      if (c.peek().kind() == DdlTokenizer.Kind.NUMBER || c.peek().isSymbol("-")) {
        start = c.integer();
        if (c.acceptSymbol(",")) {
          increment = c.integer();
        }
      } else {
        while (!c.peek().isSymbol(")")) {
          if (c.accept("START", "WITH")) {
            start = c.integer();
          } else if (c.accept("INCREMENT", "BY")) {
            increment = c.integer();
          } else if (c.accept("MINVALUE") || c.accept("MAXVALUE") || c.accept("CACHE")) {
            c.integer();
          } else if (c.accept("NO", "MINVALUE") || c.accept("NO", "MAXVALUE") || c.accept("NO", "CYCLE")
              || c.accept("NO", "CACHE")) {
            continue;
          } else if (c.accept("CYCLE")) {
            throw SqlState.notSupported("cycling identity columns");
          } else {
            throw c.expected("START WITH or INCREMENT BY");
          }
        }
      }
      c.expectSymbol(")");
    }
    if (increment == 0) {
      throw SqlState.SYNTAX_ERROR.exception("an identity increment cannot be 0");
    }
    return new Identity(always, start, increment);
  }

  List<String> columnList() throws SQLException {
    c.expectSymbol("(");
    List<String> names = new ArrayList<>();
    do {
      names.add(c.identifier());
      if (!c.accept("ASC")) {
        c.accept("DESC");
      }
    } while (c.acceptSymbol(","));
    c.expectSymbol(")");
    return List.copyOf(names);
  }

  private void tableOptions() throws SQLException {
    while (!c.atEnd()) {
      if (c.peek().is("PARTITION")) {
        throw SqlState.notSupported("PARTITION BY");
      }
      if (c.peek().kind() == DdlTokenizer.Kind.WORD && TABLE_OPTIONS.contains(c.peek().text())) {
        c.next();
        c.acceptSymbol("=");
        if (!c.atEnd() && !TABLE_OPTIONS.contains(c.peek().text())) {
          c.next();
        }
        continue;
      }
      throw c.expected("end of statement");
    }
  }
}
