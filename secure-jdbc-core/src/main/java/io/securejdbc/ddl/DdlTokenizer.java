package io.securejdbc.ddl;

import io.securejdbc.SqlState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits DDL text into tokens, keeping each token's position for error messages and raw-text slicing. */
final class DdlTokenizer {

  /** Token kinds. */
  enum Kind {
    WORD,
    QUOTED,
    STRING,
    NUMBER,
    SYMBOL,
    END
  }

  /**
   * A token: {@code text} is the normalised identifier for WORD (upper-cased) and QUOTED (as written), the raw text
   * otherwise; {@code start}/{@code end} index the source.
   */
  record Token(Kind kind, String text, int start, int end) {
    boolean is(String word) {
      return kind == Kind.WORD && text.equals(word);
    }

    boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    String describe() {
      return kind == Kind.END ? "end of statement" : "'" + (text.length() > 30 ? text.substring(0, 30) : text) + "'";
    }
  }

  private DdlTokenizer() {}

  static List<Token> tokenize(String sql) throws SQLException {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          throw error(i, "an unterminated comment");
        }
        i = end + 2;
      } else if (c == '\'') {
        int start = i;
        i = skipQuoted(sql, i, '\'');
        out.add(new Token(Kind.STRING, sql.substring(start, i), start, i));
      } else if (c == '"' || c == '`') {
        int start = i;
        i = skipQuoted(sql, i, c);
        String inner = sql.substring(start + 1, i - 1).replace(String.valueOf(c) + c, String.valueOf(c));
        if (inner.isEmpty()) {
          throw error(start, "an empty quoted identifier");
        }
        out.add(new Token(Kind.QUOTED, inner, start, i));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
        out.add(new Token(Kind.WORD, sql.substring(start, i).toUpperCase(Locale.ROOT), start, i));
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        out.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
      } else {
        int start = i;
        String two = i + 1 < n ? sql.substring(i, i + 2) : "";
        if (two.equals("::") || two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=")
            || two.equals("||")) {
          i += 2;
        } else {
          i++;
        }
        out.add(new Token(Kind.SYMBOL, sql.substring(start, i), start, i));
      }
    }
    out.add(new Token(Kind.END, "", n, n));
    return out;
  }

  private static int skipQuoted(String sql, int start, char quote) throws SQLException {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    throw error(start, quote == '\'' ? "an unterminated string literal" : "an unterminated quoted identifier");
  }

  static SQLException error(int position, String what) {
    return SqlState.SYNTAX_ERROR.exception("Syntax error at position " + (position + 1) + ": " + what);
  }
}
