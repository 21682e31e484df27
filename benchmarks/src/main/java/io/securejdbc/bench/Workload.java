package io.securejdbc.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The workloads. Each has a measured operation ({@link Op}) and a correctness check that runs the same kind of
 * statement on the engine and on plain H2 and compares the answers ({@link #check}).
 */
public enum Workload {

  /** Point lookup by an indexed (unique) column. */
  point("SELECT id, email, name, city, grp, tier, balance FROM customer WHERE email = ?"),
  /** 1%-selective lookup: grp has 100 values. */
  sel1pct("SELECT id, email, name, city, grp, tier, balance FROM customer WHERE grp = ?"),
  /** Range query on an indexed column: 0.1% of the value domain (about 0.1% of the rows). */
  range("SELECT id, email, name, city, grp, tier, balance FROM customer WHERE balance BETWEEN ? AND ?"),
  /** LIKE 'prefix%' with a two-letter prefix (about 1/676 of the rows). */
  like("SELECT id, email, name, city, grp, tier, balance FROM customer WHERE name LIKE ?"),
  /** Join of two tables on an indexed key: one customer (by email) with its orders. */
  join("SELECT c.id, c.name, o.id, o.amount, o.status FROM customer c JOIN orders o ON o.customer_id = c.id"
      + " WHERE c.email = ?"),
  /** GROUP BY over 10% of the table (tier has 10 values). */
  groupby("SELECT city, COUNT(*), SUM(balance) FROM customer WHERE tier = ? GROUP BY city"),
  /** Batch insert: 500 rows per executeBatch, one transaction per batch. */
  insert500(Dataset.INSERT_ACCOUNT),
  /** Single-row update by primary key, auto-commit. */
  update("UPDATE account SET balance = ? WHERE id = ?"),
  /** OLTP mix, auto-commit: 50% point lookup, 20% join, 20% single-row update, 10% single-row insert. */
  mix(null);

  static final String SELECT_ACCOUNT = "SELECT id, owner, balance FROM account WHERE id = ?";
  static final int RANGE_WIDTH = Dataset.BALANCE_DOMAIN / 1000;

  private final String sql;

  Workload(String sql) {
    this.sql = sql;
  }

  public String sql() {
    return sql;
  }

  public boolean writes() {
    return this == insert500 || this == update || this == mix;
  }

  public static Workload parse(String s) {
    return valueOf(s.toLowerCase(Locale.ROOT));
  }

  /** One measured operation; returns something derived from the whole answer so that nothing is optimised away. */
  public interface Op extends AutoCloseable {
    long run() throws SQLException;

    /** Undoes what the iteration's operations added, so that every iteration starts from the loaded table. */
    default void reset() throws SQLException {}

    @Override
    void close() throws SQLException;
  }

  /**
   * Deletes the accounts the measured operations inserted and starts their ids again from the first. Without this
   * each iteration inserted into a bigger table than the one before, so a figure depended on how long the run was
   * and which workloads ran before it.
   */
  static void removeInsertedAccounts(Db db) throws SQLException {
    Connection c = db.connection();
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM account WHERE id >= ?")) {
      ps.setLong(1, Db.FIRST_INSERTED_ID);
      ps.executeUpdate();
    }
    if (db.engine() == Engine.secure || db.engine() == Engine.securepg) {
      // The delete queued the removal of its rows' index entries on the driver's cleaner thread: wait for it, so
      // that the next iteration does not share the machine with this one's clean-up.
      io.securejdbc.SecureAdmin.of(c).awaitIndexCleanup();
    }
    db.nextAccountId = Db.FIRST_INSERTED_ID;
  }

  /** Random statement parameters, the same sequence for every engine. */
  static Object[] params(Workload w, SplittableRandom r, int n) {
    return switch (w) {
      case point, join -> new Object[] {Dataset.email(r.nextInt(n))};
      case sel1pct -> new Object[] {r.nextInt(100)};
      case range -> {
        int lo = r.nextInt(Dataset.BALANCE_DOMAIN - RANGE_WIDTH);
        yield new Object[] {lo, lo + RANGE_WIDTH - 1};
      }
      case like -> new Object[] {"" + (char) ('a' + r.nextInt(26)) + (char) ('a' + r.nextInt(26)) + "%"};
      case groupby -> new Object[] {r.nextInt(10)};
      case update -> new Object[] {r.nextInt(Dataset.BALANCE_DOMAIN), (long) r.nextInt(n)};
      default -> throw new IllegalArgumentException(w.name());
    };
  }

  /** Prepares the measured operation on this database (statements are prepared once, as a pool would cache them). */
  public Op prepare(Db db) throws SQLException {
    Connection c = db.connection();
    SplittableRandom r = new SplittableRandom(42);
    int n = db.size();
    switch (this) {
      case insert500 -> {
        PreparedStatement ps = c.prepareStatement(sql);
        return new Op() {
          @Override
          public long run() throws SQLException {
            c.setAutoCommit(false);
            try {
              for (int i = 0; i < 500; i++) {
                Dataset.bind(ps, Dataset.account(db.nextAccountId++));
                ps.addBatch();
              }
              long sum = 0;
              for (int k : ps.executeBatch()) {
                sum += k;
              }
              c.commit();
              return sum;
            } finally {
              c.setAutoCommit(true);
            }
          }

          @Override
          public void reset() throws SQLException {
            removeInsertedAccounts(db);
          }

          @Override
          public void close() throws SQLException {
            ps.close();
          }
        };
      }
      case update -> {
        PreparedStatement ps = c.prepareStatement(sql);
        return new Op() {
          @Override
          public long run() throws SQLException {
            bind(ps, params(update, r, n));
            return ps.executeUpdate();
          }

          @Override
          public void close() throws SQLException {
            ps.close();
          }
        };
      }
      case mix -> {
        PreparedStatement pointPs = c.prepareStatement(point.sql);
        PreparedStatement joinPs = c.prepareStatement(join.sql);
        PreparedStatement updatePs = c.prepareStatement(update.sql);
        PreparedStatement insertPs = c.prepareStatement(insert500.sql);
        return new Op() {
          @Override
          public long run() throws SQLException {
            int dice = r.nextInt(100);
            if (dice < 50) {
              return query(pointPs, params(point, r, n));
            } else if (dice < 70) {
              return query(joinPs, params(join, r, n));
            } else if (dice < 90) {
              bind(updatePs, params(update, r, n));
              return updatePs.executeUpdate();
            } else {
              Dataset.bind(insertPs, Dataset.account(db.nextAccountId++));
              return insertPs.executeUpdate();
            }
          }

          @Override
          public void reset() throws SQLException {
            removeInsertedAccounts(db);
          }

          @Override
          public void close() throws SQLException {
            pointPs.close();
            joinPs.close();
            updatePs.close();
            insertPs.close();
          }
        };
      }
      default -> {
        PreparedStatement ps = c.prepareStatement(sql);
        Workload w = this;
        return new Op() {
          @Override
          public long run() throws SQLException {
            return query(ps, params(w, r, n));
          }

          @Override
          public void close() throws SQLException {
            ps.close();
          }
        };
      }
    }
  }

  static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
  }

  /** Runs a query and reads every column of every row. */
  static long query(PreparedStatement ps, Object[] params) throws SQLException {
    bind(ps, params);
    long h = 0;
    try (ResultSet rs = ps.executeQuery()) {
      int cols = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= cols; i++) {
          Object v = rs.getObject(i);
          h = h * 31 + (v == null ? 0 : v.hashCode());
        }
      }
    }
    return h;
  }

  // ----------------------------------------------------------------------------------------------- correctness

  /** Reads a whole answer as normalised text rows, sorted (no workload query has an ORDER BY). */
  static List<String> answer(Connection c, String sql, Object[] params) throws SQLException {
    return answer(c, sql, params, false);
  }

  /** A whole answer as normalised text rows; sorted unless {@code ordered} (the query has an ORDER BY). */
  static List<String> answer(Connection c, String sql, Object[] params, boolean ordered) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          StringBuilder sb = new StringBuilder();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            sb.append(i > 1 ? " | " : "").append(normalise(rs.getObject(i)));
          }
          rows.add(sb.toString());
        }
      }
    }
    if (!ordered) {
      rows.sort(null);
    }
    return rows;
  }

  static String normalise(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Number num) {
      return new BigDecimal(num.toString()).stripTrailingZeros().toPlainString();
    }
    String s = v.toString();
    try {
      // ShardingSphere's AES decryption hands integer columns back as strings.
      return new BigDecimal(s).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return s;
    }
  }

  /** Ids for the rows that checks write: negative, never used twice in one JVM, the same on engine and reference. */
  private static long nextCheckId = -1;

  private static synchronized long checkIds(int count) {
    long first = nextCheckId - count + 1;
    nextCheckId -= count;
    return first;
  }

  /**
   * Runs this workload's statements with fixed parameters on {@code db} and on the plain H2 reference {@code ref}
   * (loaded with the same rows) and compares the answers. Write workloads write the same rows to both and compare
   * what reads back.
   */
  public Verdict check(Db db, Db ref) {
    if (db.engine() == Engine.h2) {
      return Verdict.reference();
    }
    SplittableRandom r = new SplittableRandom(7);
    int n = db.size();
    try {
      List<Workload> parts = this == mix ? List.of(point, join, update, insert500) : List.of(this);
      for (Workload w : parts) {
        Verdict v = w.checkOne(db, ref, r, n);
        if (!v.passed()) {
          return this == mix ? v.prefixed("mix part " + w + ": ") : v;
        }
      }
      return Verdict.pass();
    } catch (SQLException | RuntimeException e) {
      return Verdict.unsupported(e);
    }
  }

  private Verdict checkOne(Db db, Db ref, SplittableRandom r, int n) throws SQLException {
    switch (this) {
      case insert500 -> {
        long first = checkIds(500);
        for (Db d : List.of(db, ref)) {
          Connection c = d.connection();
          c.setAutoCommit(false);
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (long id = first; id < first + 500; id++) {
              Dataset.bind(ps, Dataset.account(id));
              ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
          } catch (SQLException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        }
        for (long id : new long[] {first, first + 250, first + 499}) {
          Verdict v = compare(db, ref, SELECT_ACCOUNT, new Object[] {id});
          if (!v.passed()) {
            return v;
          }
        }
        return Verdict.pass();
      }
      case update -> {
        for (int k = 0; k < 3; k++) {
          Object[] p = params(update, r, n);
          int[] counts = new int[2];
          int i = 0;
          for (Db d : List.of(db, ref)) {
            try (PreparedStatement ps = d.connection().prepareStatement(sql)) {
              bind(ps, p);
              counts[i++] = ps.executeUpdate();
            }
          }
          if (counts[0] != counts[1]) {
            return Verdict.wrong("update count " + counts[0] + ", plain H2 " + counts[1]);
          }
          Verdict v = compare(db, ref, SELECT_ACCOUNT, new Object[] {p[1]});
          if (!v.passed()) {
            return v;
          }
        }
        return Verdict.pass();
      }
      default -> {
        for (int k = 0; k < 3; k++) {
          Verdict v = compare(db, ref, sql, params(this, r, n));
          if (!v.passed()) {
            return v;
          }
        }
        return Verdict.pass();
      }
    }
  }

  static Verdict compare(Db db, Db ref, String sql, Object[] params) throws SQLException {
    return compare(db, ref, sql, params, false);
  }

  static Verdict compare(Db db, Db ref, String sql, Object[] params, boolean ordered) throws SQLException {
    List<String> expected = answer(ref.connection(), sql, params, ordered);
    List<String> actual = answer(db.connection(), sql, params, ordered);
    if (expected.equals(actual)) {
      return Verdict.pass();
    }
    return Verdict.wrong(actual.size() + " rows where plain H2 returns " + expected.size() + " for " + sql
        + " with " + java.util.Arrays.toString(params) + "; first difference: " + firstDifference(expected, actual));
  }

  private static String firstDifference(List<String> expected, List<String> actual) {
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String e = i < expected.size() ? expected.get(i) : "(none)";
      String a = i < actual.size() ? actual.get(i) : "(none)";
      if (!e.equals(a)) {
        return "expected [" + e + "], got [" + a + "]";
      }
    }
    return "(order)";
  }
}
