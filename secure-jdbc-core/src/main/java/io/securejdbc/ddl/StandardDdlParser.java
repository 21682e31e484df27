package io.securejdbc.ddl;

import io.securejdbc.SqlState;
import io.securejdbc.ddl.DdlTokenizer.Kind;
import io.securejdbc.index.KeywordMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The DDL parser: a tokenizer and recursive descent over the statements applications send (H2, PostgreSQL and
 * MySQL/MariaDB style). Syntax errors are 42000 with the 1-based position; recognised but unsupported constructs
 * are 0A000 naming them.
 */
public final class StandardDdlParser implements DdlParser {

  private static final Set<String> DDL_WORDS = Set.of("CREATE", "DROP", "ALTER", "TRUNCATE", "COMMENT");
  private static final Set<String> DEFAULT_STOP = Set.of();

  @Override
  public boolean isDdl(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char ch = sql.charAt(i);
      if (Character.isWhitespace(ch) || ch == '(') {
        i++;
      } else if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return DDL_WORDS.contains(sql.substring(start, i).toUpperCase(Locale.ROOT));
  }

  @Override
  public DdlStatement parse(String sql) throws SQLException {
    DdlCursor c = new DdlCursor(sql);
    if (c.accept("CREATE")) {
      return create(c);
    }
    if (c.accept("DROP")) {
      return drop(c);
    }
    if (c.accept("ALTER")) {
      return alter(c);
    }
    if (c.accept("TRUNCATE")) {
      c.accept("TABLE");
      String table = c.qualifiedName();
      boolean restart = false;
      if (c.accept("RESTART", "IDENTITY")) {
        restart = true;
      } else {
        c.accept("CONTINUE", "IDENTITY");
      }
      c.expectEnd();
      return new DdlStatement.Truncate(table, restart);
    }
    if (c.accept("COMMENT")) {
      throw SqlState.notSupported("COMMENT ON");
    }
    throw c.expected("CREATE, DROP, ALTER or TRUNCATE");
  }

  private DdlStatement create(DdlCursor c) throws SQLException {
    boolean orReplace = c.accept("OR", "REPLACE");
    c.accept("FORCE");
    if (c.accept("CACHED") || c.accept("MEMORY")) {
      c.expect("TABLE");
      return new CreateTableParser(c).parse();
    }
    if (c.peek().is("TEMPORARY") || c.peek().is("TEMP") || c.peek().is("GLOBAL") || c.peek().is("LOCAL")) {
      throw SqlState.notSupported("temporary tables");
    }
    if (c.accept("TABLE")) {
      return new CreateTableParser(c).parse();
    }
    if (c.accept("VIEW")) {
      boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
      String name = c.qualifiedName();
      List<String> columns = null;
      if (c.peek().isSymbol("(")) {
        columns = new CreateTableParser(c).columnList();
      }
      c.expect("AS");
      if (c.atEnd()) {
        throw c.expected("a query");
      }
      if (ifNotExists && orReplace) {
        throw SqlState.SYNTAX_ERROR.exception("OR REPLACE and IF NOT EXISTS cannot be combined");
      }
      return new DdlStatement.CreateView(name, orReplace, columns, c.rest());
    }
    if (!orReplace && c.accept("SEQUENCE")) {
      return new SequenceParser(c).create();
    }
    boolean unique = c.accept("UNIQUE");
    c.accept("HASH");
    if (c.accept("INDEX")) {
      return createIndex(c, unique);
    }
    String what = c.peek().kind() == Kind.END ? "CREATE" : "CREATE " + c.peek().text();
    throw SqlState.notSupported(what);
  }

  private DdlStatement createIndex(DdlCursor c, boolean unique) throws SQLException {
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    String name = c.qualifiedName();
    c.expect("ON");
    String table = c.qualifiedName();
    if (c.accept("USING")) {
      c.identifier();
    }
    List<String> columns = new CreateTableParser(c).columnList();
    KeywordMode mode = null;
    if (c.accept("USING")) {
      String m = c.identifier();
      try {
        mode = KeywordMode.valueOf(m);
      } catch (IllegalArgumentException e) {
        throw SqlState.SYNTAX_ERROR.exception("index keyword mode must be PLAIN, PROTECTED or NONE, not " + m);
      }
    }
    c.expectEnd();
    return new DdlStatement.CreateIndex(name, ifNotExists, unique, table, columns, mode);
  }

  private DdlStatement drop(DdlCursor c) throws SQLException {
    if (c.accept("TABLE")) {
      boolean ifExists = c.accept("IF", "EXISTS");
      List<String> tables = new ArrayList<>();
      do {
        tables.add(c.qualifiedName());
      } while (c.acceptSymbol(","));
      boolean cascade = c.accept("CASCADE");
      if (!cascade) {
        c.accept("RESTRICT");
      }
      c.expectEnd();
      return new DdlStatement.DropTable(List.copyOf(tables), ifExists, cascade);
    }
    if (c.accept("VIEW")) {
      boolean ifExists = c.accept("IF", "EXISTS");
      String name = c.qualifiedName();
      if (!c.accept("CASCADE")) {
        c.accept("RESTRICT");
      }
      c.expectEnd();
      return new DdlStatement.DropView(name, ifExists);
    }
    if (c.accept("SEQUENCE")) {
      boolean ifExists = c.accept("IF", "EXISTS");
      String name = c.qualifiedName();
      if (!c.accept("CASCADE")) {
        c.accept("RESTRICT");
      }
      c.expectEnd();
      return new DdlStatement.DropSequence(name, ifExists);
    }
    if (c.accept("INDEX")) {
      boolean ifExists = c.accept("IF", "EXISTS");
      String name = c.qualifiedName();
      if (c.accept("ON")) {
        c.qualifiedName();
      }
      c.expectEnd();
      return new DdlStatement.DropIndex(name, ifExists);
    }
    throw SqlState.notSupported(c.peek().kind() == Kind.END ? "DROP" : "DROP " + c.peek().text());
  }

  private DdlStatement alter(DdlCursor c) throws SQLException {
    if (c.accept("SEQUENCE")) {
      return new SequenceParser(c).alter();
    }
    if (!c.accept("TABLE")) {
      throw SqlState.notSupported(c.peek().kind() == Kind.END ? "ALTER" : "ALTER " + c.peek().text());
    }
    c.accept("IF", "EXISTS");
    String table = c.qualifiedName();
    DdlStatement result;
    if (c.accept("ADD")) {
      result = alterAdd(c, table);
    } else if (c.accept("DROP")) {
      if (c.accept("CONSTRAINT")) {
        boolean ifExists = c.accept("IF", "EXISTS");
        String name = c.identifier();
        if (!c.accept("CASCADE")) {
          c.accept("RESTRICT");
        }
        c.expectEnd();
        return new DdlStatement.DropConstraint(table, name, ifExists);
      }
      if (c.peek().is("PRIMARY") || c.peek().is("FOREIGN")) {
        throw SqlState.notSupported("ALTER TABLE DROP " + c.peek().text());
      }
      c.accept("COLUMN");
      boolean ifExists = c.accept("IF", "EXISTS");
      result = new DdlStatement.DropColumn(table, c.identifier(), ifExists);
      if (!c.accept("CASCADE")) {
        c.accept("RESTRICT");
      }
    } else if (c.accept("RENAME")) {
      if (c.accept("TO")) {
        result = new DdlStatement.RenameTable(table, c.qualifiedName());
      } else {
        c.accept("COLUMN");
        String column = c.identifier();
        c.expect("TO");
        result = new DdlStatement.RenameColumn(table, column, c.identifier());
      }
    } else if (c.accept("ALTER")) {
      c.accept("COLUMN");
      result = alterColumn(c, table, c.identifier());
    } else if (c.peek().is("MODIFY") || c.peek().is("CHANGE")) {
      throw SqlState.notSupported("ALTER TABLE " + c.peek().text() + " (changing a column's definition)");
    } else {
      throw c.expected("ADD, DROP, RENAME or ALTER");
    }
    c.expectEnd();
    return result;
  }

  private DdlStatement alterAdd(DdlCursor c, String table) throws SQLException {
    String constraintName = null;
    if (c.accept("CONSTRAINT")) {
      constraintName = c.identifier();
    }
    if (c.accept("PRIMARY", "KEY")) {
      return new DdlStatement.AddUniqueConstraint(table, constraintName, new CreateTableParser(c).columnList(), true);
    }
    if (c.accept("UNIQUE")) {
      return new DdlStatement.AddUniqueConstraint(table, constraintName, new CreateTableParser(c).columnList(),
          false);
    }
    if (c.accept("FOREIGN", "KEY")) {
      CreateTableParser p = new CreateTableParser(c);
      return new DdlStatement.AddForeignKey(table, p.references(constraintName, p.columnList()));
    }
    if (constraintName != null || c.peek().is("CHECK")) {
      throw SqlState.notSupported("ALTER TABLE ADD CHECK constraints");
    }
    c.accept("COLUMN");
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    CreateTableParser.ColumnInline inline = new CreateTableParser.ColumnInline();
    DdlStatement.ColumnDef column = new CreateTableParser(c).column(inline);
    if (inline.primaryKey || inline.unique || !inline.checks.isEmpty()) {
      throw SqlState.notSupported("constraints inside ALTER TABLE ADD COLUMN (add them with ADD UNIQUE/PRIMARY KEY)");
    }
    return new DdlStatement.AddColumn(table, column, ifNotExists);
  }

  /**
   * ALTER COLUMN changes. The map holds {@code notNull} = true/false, {@code default} = expression text, or
   * {@code dropDefault} = true.
   */
  private DdlStatement alterColumn(DdlCursor c, String table, String column) throws SQLException {
    Map<String, String> changes = new LinkedHashMap<>();
    if (c.accept("RENAME", "TO")) {
      return new DdlStatement.RenameColumn(table, column, c.identifier());
    }
    if (c.accept("SET", "NOT", "NULL")) {
      changes.put("notNull", "true");
    } else if (c.accept("DROP", "NOT", "NULL") || c.accept("SET", "NULL")) {
      changes.put("notNull", "false");
    } else if (c.accept("SET", "DEFAULT")) {
      changes.put("default", c.expressionUntil(DEFAULT_STOP));
    } else if (c.accept("DROP", "DEFAULT")) {
      changes.put("dropDefault", "true");
    } else if (c.peek().is("TYPE") || c.peek().is("SET") && c.peek(1).is("DATA")) {
      throw SqlState.notSupported("changing a column's type");
    } else if (c.peek().is("RESTART")) {
      throw SqlState.notSupported("ALTER COLUMN RESTART (identity restart)");
    } else {
      throw c.expected("SET NOT NULL, DROP NOT NULL, SET DEFAULT, DROP DEFAULT or RENAME TO");
    }
    return new DdlStatement.AlterColumn(table, column, Map.copyOf(changes));
  }
}
