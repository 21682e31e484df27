package io.securejdbc.ddl;

import io.securejdbc.SqlState;
import io.securejdbc.ddl.DdlTokenizer.Kind;
import io.securejdbc.ddl.DdlTokenizer.Token;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** Navigation over DDL tokens with the small vocabulary of a recursive-descent parser. */
final class DdlCursor {

  private final String sql;
  private final List<Token> tokens;
  private int pos;

  DdlCursor(String sql) throws SQLException {
    this.sql = sql;
    this.tokens = DdlTokenizer.tokenize(sql);
  }

  Token peek() {
    return tokens.get(pos);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != Kind.END) {
      pos++;
    }
    return t;
  }

  boolean atEnd() {
    return peek().kind() == Kind.END || (peek().isSymbol(";") && peek(1).kind() == Kind.END);
  }

  boolean accept(String word) {
    if (peek().is(word)) {
      pos++;
      return true;
    }
    return false;
  }

  boolean acceptSymbol(String symbol) {
    if (peek().isSymbol(symbol)) {
      pos++;
      return true;
    }
    return false;
  }

  /** Accepts the words in sequence, or none of them. */
  boolean accept(String... words) {
    for (int i = 0; i < words.length; i++) {
      if (!peek(i).is(words[i])) {
        return false;
      }
    }
    pos += words.length;
    return true;
  }

  void expect(String word) throws SQLException {
    if (!accept(word)) {
      throw expected("'" + word + "'");
    }
  }

  void expectSymbol(String symbol) throws SQLException {
    if (!acceptSymbol(symbol)) {
      throw expected("'" + symbol + "'");
    }
  }

  void expectEnd() throws SQLException {
    acceptSymbol(";");
    if (peek().kind() != Kind.END) {
      throw expected("end of statement");
    }
  }

  /** An identifier, normalised like H2 (unquoted upper-cased, quoted as written). */
  String identifier() throws SQLException {
    Token t = peek();
    if (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED) {
      pos++;
      return t.text();
    }
    throw expected("an identifier");
  }

  /** A table (or index/view) name; the PUBLIC schema is accepted and dropped, other schemas are refused. */
  String qualifiedName() throws SQLException {
    String first = identifier();
    if (!acceptSymbol(".")) {
      return first;
    }
    String second = identifier();
    if (peek().isSymbol(".")) {
      throw SqlState.notSupported("catalog-qualified names");
    }
    if (!first.equalsIgnoreCase("PUBLIC")) {
      throw SqlState.notSupported("schemas other than PUBLIC");
    }
    return second;
  }

  long integer() throws SQLException {
    boolean negative = acceptSymbol("-");
    Token t = peek();
    if (t.kind() != Kind.NUMBER) {
      throw expected("a number");
    }
    pos++;
    try {
      long v = Long.parseLong(t.text());
      return negative ? -v : v;
    } catch (NumberFormatException e) {
      throw DdlTokenizer.error(t.start(), "'" + t.text() + "' is not an integer");
    }
  }

  /** The raw text of a parenthesised expression, without the outer parentheses; the cursor ends after ')'. */
  String parenthesised() throws SQLException {
    expectSymbol("(");
    int start = peek().start();
    int depth = 1;
    while (true) {
      Token t = next();
      if (t.kind() == Kind.END) {
        throw DdlTokenizer.error(t.start(), "expected ')' but found end of statement");
      }
      if (t.isSymbol("(")) {
        depth++;
      } else if (t.isSymbol(")") && --depth == 0) {
        return sql.substring(start, t.start()).strip();
      }
    }
  }

  /** Raw text from here up to (not including) a stop word, ',' or ')' at depth 0, or the end. */
  String expressionUntil(Set<String> stopWords) throws SQLException {
    int start = peek().start();
    int end = start;
    int depth = 0;
    while (true) {
      Token t = peek();
      if (t.kind() == Kind.END || (t.isSymbol(";") && peek(1).kind() == Kind.END)) {
        break;
      }
      if (depth == 0 && (t.isSymbol(",") || t.isSymbol(")")
          || (t.kind() == Kind.WORD && stopWords.contains(t.text()) && end > start))) {
        break;
      }
      if (t.isSymbol("(")) {
        depth++;
      } else if (t.isSymbol(")")) {
        depth--;
      }
      end = next().end();
    }
    if (end == start) {
      throw expected("an expression");
    }
    return sql.substring(start, end).strip();
  }

  /** The rest of the statement's raw text (for view queries). */
  String rest() {
    int start = peek().start();
    String text = sql.substring(start).strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    pos = tokens.size() - 1;
    return text;
  }

  SQLException expected(String what) {
    Token t = peek();
    return DdlTokenizer.error(t.start(), "expected " + what + " but found " + t.describe());
  }
}
