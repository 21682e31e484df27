package io.securejdbc.sql;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Calcite's Babel parser, configured like H2: double-quoted identifiers keep their case, unquoted ones are upper-cased.
 */
public final class CalciteParser {

  private static final SqlParser.Config CONFIG = SqlParser.config()
      .withParserFactory(SqlBabelParserImpl.FACTORY)
      .withConformance(SqlConformanceEnum.BABEL)
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.TO_UPPER)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(true)
      .withIdentifierMaxLength(1024);

  private CalciteParser() {}

  public static SqlNode parse(String sql) throws SqlParseException {
    return SqlParser.create(stripTrailingSemicolon(sql), CONFIG).parseStmt();
  }

  /** Applications often end statements with ';', which Calcite rejects. */
  static String stripTrailingSemicolon(String sql) {
    int end = sql.length();
    while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
      end--;
    }
    return end == sql.length() ? sql : sql.substring(0, end);
  }
}
