package io.securejdbc.ddl;

import java.sql.SQLException;

/**
 * Parses the DDL applications send (H2 and PostgreSQL style), which Calcite's stock parsers reject.
 *
 * <p>Errors: a syntax error throws {@link java.sql.SQLSyntaxErrorException} with SQLState 42000 and the 1-based
 * character position in the message; a recognised but unsupported construct (FOREIGN KEY, ENUM, ARRAY, PARTITION BY,
 * ...) throws {@link java.sql.SQLFeatureNotSupportedException} with SQLState 0A000 naming the construct.
 */
public interface DdlParser {

  /** True when {@code sql} starts (after comments and whitespace) with a DDL keyword this parser owns. */
  boolean isDdl(String sql);

  DdlStatement parse(String sql) throws SQLException;
}
