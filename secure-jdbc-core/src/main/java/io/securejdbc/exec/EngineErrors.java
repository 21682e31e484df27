package io.securejdbc.exec;

import io.securejdbc.SqlState;
import java.sql.SQLException;
import java.util.Set;

/**
 * Translates errors of the in-memory engine (H2) for the application. H2's messages often quote values ("Value too
 * long ... 'Alice Smith'"), which would put plaintext into exceptions and logs: only messages of error codes that
 * name nothing but identifiers pass through; the others get a fixed text with the same SQLState. Syntax errors keep
 * their position. The {@code verboseErrors} property turns this off for debugging.
 */
final class EngineErrors {

  /** H2 error codes whose messages contain only identifiers, types and SQL keywords. */
  private static final Set<Integer> SAFE = Set.of(42101, 42102, 42103, 42104, 42111, 42112, 42121, 42122, 42131,
      42123,
      42602, 90022, 90059, 90016, 90054, 23502, 23513, 90006, 90026, 90057, 90107, 90108, 90036, 90148, 90154);

  private EngineErrors() {}

  static SQLException translate(SQLException e, String sql, boolean verbose) {
    if (verbose) {
      return e;
    }
    int code = e.getErrorCode();
    String state = standardState(e);
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (code == 42000 || code == 42001) {
      return SqlState.SYNTAX_ERROR.exception("Syntax error in SQL statement at position " + position(message, sql)
          + expected(message) + ". Check the statement near that position");
    }
    if (SAFE.contains(code)) {
      return new SQLException(stripStatement(message), state, code);
    }
    String text = switch (code) {
      case 22001 -> "a value is too long for its column" + column(message);
      case 22003 -> "a numeric value is out of range for its type";
      case 22004 -> "a NULL value is not allowed here";
      case 22007 -> "a date/time value could not be parsed";
      case 22012 -> "division by zero";
      case 22013, 22025 -> "invalid LIKE pattern or escape character";
      case 22018 -> "a value could not be converted to the required type";
      case 23503 -> "a referential constraint was violated";
      case 23505 -> "duplicate key: the statement would give two rows the same PRIMARY KEY or UNIQUE value";
      case 90008 -> "an invalid value was given for a parameter";
      case 90012 -> "a parameter was not set";
      default -> "the statement failed (engine error " + code + ")";
    };
    return new SQLException(text, state, code);
  }

  /** H2 sometimes uses its own codes as SQLStates; give standard ones where they exist. */
  private static String standardState(SQLException e) {
    String s = e.getSQLState();
    if (s == null) {
      return "HY000";
    }
    return switch (s) {
      case "42001", "42602" -> "42000";
      case "42S03", "42S04" -> "42S02";
      case "42S21", "42S23" -> "42S22";
      case "90022", "90059", "90016", "90054", "90026", "90057", "90036" -> "42000";
      case "90148" -> "55000";
      case "90154" -> "428C9"; // a value for a GENERATED ALWAYS column, as PostgreSQL and DB2 report it
      case "90008", "90012" -> "22023";
      default -> s.startsWith("90") || s.startsWith("HY") ? "HY000" : s;
    };
  }

  /** 1-based position of H2's [*] marker within the statement, or 1 when it cannot be found. */
  static int position(String message, String sql) {
    int open = message.indexOf('"');
    int marker = message.indexOf("[*]");
    if (open < 0 || marker < open) {
      return 1;
    }
    String before = message.substring(open + 1, marker);
    int at = sql.indexOf(before);
    return at < 0 ? Math.min(before.length() + 1, sql.length() + 1) : at + before.length() + 1;
  }

  private static String expected(String message) {
    int i = message.indexOf("; expected ");
    if (i < 0) {
      return "";
    }
    int end = message.indexOf("; SQL statement:", i);
    String list = message.substring(i + 2, end < 0 ? message.length() : end);
    int nl = list.indexOf('\n');
    return " (" + (nl < 0 ? list : list.substring(0, nl)) + ")";
  }

  private static String column(String message) {
    int i = message.indexOf('"');
    int j = i < 0 ? -1 : message.indexOf('"', i + 1);
    return i < 0 || j < 0 ? "" : " " + message.substring(i, j + 1);
  }

  /** H2 appends "; SQL statement: ..." which may hold literals. */
  private static String stripStatement(String message) {
    int i = message.indexOf("; SQL statement:");
    String m = i < 0 ? message : message.substring(0, i);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
