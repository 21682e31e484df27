package io.securejdbc.ddl;

import io.securejdbc.index.ColumnType;
import io.securejdbc.index.KeywordMode;
import java.util.List;
import java.util.Map;

/**
 * A parsed DDL statement. Identifiers are normalised the way H2 does it: unquoted names upper-cased, quoted names
 * kept as written. Expressions (DEFAULT, CHECK) are kept as raw SQL text for the in-memory engine to evaluate.
 */
public sealed interface DdlStatement {

  /** {@code CREATE TABLE}. Table-level and inline constraints are both folded into the lists below. */
  record CreateTable(String table, boolean ifNotExists, List<ColumnDef> columns, List<String> primaryKey,
      List<List<String>> uniqueKeys, List<String> checks, List<ForeignKeyDef> foreignKeys) implements DdlStatement {

    public CreateTable(String table, boolean ifNotExists, List<ColumnDef> columns, List<String> primaryKey,
        List<List<String>> uniqueKeys, List<String> checks) {
      this(table, ifNotExists, columns, primaryKey, uniqueKeys, checks, List.of());
    }
  }

  /**
   * A FOREIGN KEY / REFERENCES constraint, checked at the end of each statement.
   *
   * @param name the constraint's name, or null (one is generated)
   * @param parentColumns the referenced columns; empty for the parent's primary key
   * @param onDelete NO_ACTION (also RESTRICT), CASCADE or SET_NULL
   */
  record ForeignKeyDef(String name, List<String> columns, String parentTable, List<String> parentColumns,
      String onDelete) {

    public ForeignKeyDef(String name, List<String> columns, String parentTable, List<String> parentColumns) {
      this(name, columns, parentTable, parentColumns, "NO_ACTION");
    }
  }

  /** {@code ALTER TABLE t ADD [CONSTRAINT n] FOREIGN KEY (...) REFERENCES p [(...)]}. */
  record AddForeignKey(String table, ForeignKeyDef foreignKey) implements DdlStatement {}

  /** {@code ALTER TABLE t DROP CONSTRAINT [IF EXISTS] n}: foreign keys only. */
  record DropConstraint(String table, String name, boolean ifExists) implements DdlStatement {}

  /**
   * A column definition.
   *
   * @param defaultExpression raw SQL text of the DEFAULT expression, or null
   * @param identity non-null for IDENTITY / AUTO_INCREMENT / SERIAL / GENERATED ... AS IDENTITY columns
   */
  record ColumnDef(String name, ColumnType type, boolean notNull, String defaultExpression, Identity identity) {}

  /** An identity column's generator. {@code always} is GENERATED ALWAYS (explicit values refused). */
  record Identity(boolean always, long start, long increment) {}

  /** {@code cascade}: foreign keys of other tables that reference a dropped table are dropped with it. */
  record DropTable(List<String> tables, boolean ifExists, boolean cascade) implements DdlStatement {

    public DropTable(List<String> tables, boolean ifExists) {
      this(tables, ifExists, false);
    }
  }

  /**
   * {@code CREATE [UNIQUE] INDEX}. In secure-jdbc every column has a keyword index by default; this statement sets
   * how the named column's keywords are stored ({@code USING PLAIN|PROTECTED}, default PLAIN) and, when unique, adds
   * a uniqueness constraint over the columns.
   */
  record CreateIndex(String name, boolean ifNotExists, boolean unique, String table, List<String> columns,
      KeywordMode mode) implements DdlStatement {}

  record DropIndex(String name, boolean ifExists) implements DdlStatement {}

  record Truncate(String table, boolean restartIdentity) implements DdlStatement {}

  record AddColumn(String table, ColumnDef column, boolean ifNotExists) implements DdlStatement {}

  record DropColumn(String table, String column, boolean ifExists) implements DdlStatement {}

  record RenameColumn(String table, String column, String newName) implements DdlStatement {}

  record RenameTable(String table, String newName) implements DdlStatement {}

  /** {@code ALTER TABLE t ADD [CONSTRAINT c] PRIMARY KEY|UNIQUE (...)}. */
  record AddUniqueConstraint(String table, String constraintName, List<String> columns, boolean primaryKey)
      implements DdlStatement {}

  /** {@code ALTER TABLE t ALTER COLUMN c SET|DROP NOT NULL / SET DEFAULT / DROP DEFAULT}. */
  record AlterColumn(String table, String column, Map<String, String> changes) implements DdlStatement {}

  /** {@code CREATE [OR REPLACE] VIEW name [(columns)] AS query}; the query is kept as raw SQL text. */
  record CreateView(String name, boolean orReplace, List<String> columnNames, String query)
      implements DdlStatement {}

  record DropView(String name, boolean ifExists) implements DdlStatement {}

  /**
   * {@code CREATE SEQUENCE}. Null options were not given (the executor applies H2's defaults).
   *
   * @param dataType SMALLINT, INTEGER or BIGINT, or null
   */
  record CreateSequence(String name, boolean ifNotExists, String dataType, Long start, Long increment,
      Long minValue, Long maxValue, Long cache) implements DdlStatement {}

  record DropSequence(String name, boolean ifExists) implements DdlStatement {}

  /** {@code ALTER SEQUENCE name RESTART [WITH n]}; {@code restartWith} null restarts at the sequence's start. */
  record RestartSequence(String name, boolean ifExists, Long restartWith) implements DdlStatement {}
}
