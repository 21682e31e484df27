package io.securejdbc.ddl;

import io.securejdbc.SqlState;
import java.sql.SQLException;

/**
 * CREATE / ALTER SEQUENCE options in the H2, PostgreSQL and Oracle spellings applications and ORMs send
 * ({@code START WITH 1 INCREMENT BY 50}, {@code NOMAXVALUE}, {@code NO CACHE}...). Cycling sequences are refused:
 * a value must never come back.
 */
final class SequenceParser {

  private final DdlCursor c;

  SequenceParser(DdlCursor c) {
    this.c = c;
  }

  DdlStatement.CreateSequence create() throws SQLException {
    boolean ifNotExists = c.accept("IF", "NOT", "EXISTS");
    String name = c.qualifiedName();
    String type = null;
    Long start = null;
    Long increment = null;
    Long min = null;
    Long max = null;
    Long cache = null;
    while (!c.atEnd()) {
      if (c.accept("AS")) {
        type = dataType();
      } else if (c.accept("START")) {
        c.accept("WITH");
        start = c.integer();
      } else if (c.accept("INCREMENT")) {
        c.accept("BY");
        increment = c.integer();
      } else if (c.accept("MINVALUE")) {
        min = c.integer();
      } else if (c.accept("MAXVALUE")) {
        max = c.integer();
      } else if (c.accept("CACHE")) {
        cache = c.integer();
      } else if (!acceptIgnored()) {
        throw c.expected("START WITH, INCREMENT BY, MINVALUE, MAXVALUE, CACHE or AS <type>");
      }
    }
    if (increment != null && increment == 0) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("a sequence's INCREMENT cannot be 0");
    }
    if (cache != null && cache < 1) {
      cache = 1L;
    }
    return new DdlStatement.CreateSequence(name, ifNotExists, type, start, increment, min, max, cache);
  }

  DdlStatement.RestartSequence alter() throws SQLException {
    boolean ifExists = c.accept("IF", "EXISTS");
    String name = c.qualifiedName();
    if (!c.accept("RESTART")) {
      throw SqlState.notSupported("ALTER SEQUENCE " + (c.atEnd() ? "" : c.peek().text() + " ")
          + "(only ALTER SEQUENCE ... RESTART [WITH n] is supported; create a new sequence to change its options)");
    }
    Long with = null;
    if (c.accept("WITH") || c.peek().kind() == DdlTokenizer.Kind.NUMBER || c.peek().isSymbol("-")) {
      with = c.integer();
    }
    c.expectEnd();
    return new DdlStatement.RestartSequence(name, ifExists, with);
  }

  /** Options that change nothing for secure-jdbc (no cycling, ordering is per connection anyway). */
  private boolean acceptIgnored() throws SQLException {
    if (c.accept("CYCLE")) {
      throw SqlState.notSupported("cycling sequences (CYCLE): a sequence must never hand out a value twice");
    }
    return c.accept("NO", "MINVALUE") || c.accept("NO", "MAXVALUE") || c.accept("NO", "CYCLE")
        || c.accept("NO", "CACHE") || c.accept("NOMINVALUE") || c.accept("NOMAXVALUE") || c.accept("NOCYCLE")
        || c.accept("NOCACHE") || c.accept("ORDER") || c.accept("NOORDER") || c.accept("NO", "ORDER");
  }

  private String dataType() throws SQLException {
    String t = c.identifier();
    return switch (t) {
      case "SMALLINT", "INT2" -> "SMALLINT";
      case "INTEGER", "INT", "INT4" -> "INTEGER";
      case "BIGINT", "INT8" -> "BIGINT";
      default -> throw SqlState.notSupported("sequences of type " + t + " (use SMALLINT, INTEGER or BIGINT)");
    };
  }
}
