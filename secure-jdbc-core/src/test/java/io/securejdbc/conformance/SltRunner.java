package io.securejdbc.conformance;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Runs sqllogictest records on one connection and judges results the way the reference runner does. */
final class SltRunner {

  /** Outcome of one record on one engine. */
  enum Outcome {
    CORRECT,
    WRONG,
    ERROR
  }

  private final Connection connection;

  SltRunner(Connection connection) {
    this.connection = connection;
  }

  Outcome run(SltScript.Record r) {
    try (Statement s = connection.createStatement()) {
      if (!r.query()) {
        try {
          s.execute(r.sql());
          return r.expectError() ? Outcome.WRONG : Outcome.CORRECT;
        } catch (SQLException e) {
          return r.expectError() ? Outcome.CORRECT : Outcome.ERROR;
        }
      }
      List<String> values = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(r.sql())) {
        int n = rs.getMetaData().getColumnCount();
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
          List<String> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            char type = i - 1 < r.types().length() ? r.types().charAt(i - 1) : 'T';
            row.add(format(rs.getObject(i), type));
          }
          rows.add(row);
        }
        if (r.sort().equals("rowsort")) {
          rows.sort((a, b) -> String.join(" ", a).compareTo(String.join(" ", b)));
        }
        rows.forEach(values::addAll);
        if (r.sort().equals("valuesort")) {
          values.sort(String::compareTo);
        }
      }
      return matches(values, r.expected()) ? Outcome.CORRECT : Outcome.WRONG;
    } catch (SQLException e) {
      return Outcome.ERROR;
    }
  }

  private static boolean matches(List<String> values, List<String> expected) {
    if (expected.size() == 1 && expected.get(0).contains("values hashing to")) {
      String[] parts = expected.get(0).split(" ");
      return values.size() == Integer.parseInt(parts[0]) && md5(values).equals(parts[parts.length - 1]);
    }
    return values.equals(expected);
  }

  static String format(Object v, char type) {
    if (v == null) {
      return "NULL";
    }
    switch (type) {
      case 'I':
        if (v instanceof Number n) {
          return Long.toString(n instanceof BigDecimal d ? d.longValue() : (long) n.doubleValue());
        }
        if (v instanceof Boolean b) {
          return b ? "1" : "0";
        }
        try {
          return Long.toString(new BigDecimal(v.toString().trim()).longValue());
        } catch (NumberFormatException e) {
          return "0";
        }
      case 'R':
        if (v instanceof Number n) {
          return String.format("%.3f", n.doubleValue());
        }
        try {
          return String.format("%.3f", Double.parseDouble(v.toString().trim()));
        } catch (NumberFormatException e) {
          return "0.000";
        }
      default:
        String s = v instanceof BigDecimal d ? d.toPlainString() : v.toString();
        if (s.isEmpty()) {
          return "(empty)";
        }
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
          if (c[i] < ' ' || c[i] > '~') {
            c[i] = '@';
          }
        }
        return new String(c);
    }
  }

  static String md5(List<String> values) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      for (String v : values) {
        md.update(v.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String describe(SltScript.Record r) {
    return "line " + r.line() + ": " + r.sql().replace('\n', ' ') + (r.query() ? " [" + r.types() + " " + r.sort()
        + "]" : "");
  }
}
