package io.securejdbc.sql;

import io.securejdbc.catalog.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fallback for SQL that Calcite cannot parse but the in-memory engine may accept (H2-specific syntax): every
 * identifier that names an encrypted table (directly or through a view) is read in full. Always correct, never
 * narrow: it costs a full decryption of the tables the statement names.
 */
final class IdentifierScan {

  private IdentifierScan() {}

  static Analysis analyze(String sql, Catalog catalog) {
    Map<String, List<Pred>> reads = new LinkedHashMap<>();
    collect(sql, catalog, reads, 0);
    return new Analysis(kind(sql), null, reads, false);
  }

  private static void collect(String sql, Catalog catalog, Map<String, List<Pred>> reads, int depth) {
    for (String identifier : identifiers(sql)) {
      if (catalog.table(identifier).isPresent()) {
        reads.computeIfAbsent(identifier, t -> new ArrayList<>()).add(null);
      } else if (depth < 16 && catalog.views().containsKey(identifier)) {
        collect(catalog.views().get(identifier), catalog, reads, depth + 1);
      }
    }
  }

  /** Identifiers as H2 sees them: unquoted upper-cased, "quoted" as written; strings and comments skipped. */
  static List<String> identifiers(String sql) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        i = skipQuoted(sql, i, '\'');
      } else if (c == '"') {
        int end = skipQuoted(sql, i, '"');
        out.add(sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\""));
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
        out.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
      } else {
        i++;
      }
    }
    return out;
  }

  private static int skipQuoted(String sql, int start, char quote) {
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
    return sql.length();
  }

  private static Analysis.Kind kind(String sql) {
    List<String> words = identifiers(sql);
    String first = words.isEmpty() ? "" : words.get(0);
    return switch (first) {
      case "SELECT", "WITH", "VALUES", "TABLE", "EXPLAIN", "SHOW" -> Analysis.Kind.QUERY;
      case "INSERT" -> Analysis.Kind.INSERT;
      case "UPDATE" -> Analysis.Kind.UPDATE;
      case "DELETE" -> Analysis.Kind.DELETE;
      case "MERGE", "REPLACE" -> Analysis.Kind.MERGE;
      default -> Analysis.Kind.OTHER;
    };
  }
}
