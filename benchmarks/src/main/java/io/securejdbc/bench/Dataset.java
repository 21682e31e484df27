package io.securejdbc.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.SplittableRandom;

/**
 * The benchmark data: deterministic functions of the row number, so that every engine holds exactly the same rows.
 *
 * <ul>
 *   <li>{@code customer} (n rows): {@code id} 0..n-1, {@code email} unique, {@code name} 8 random lower-case
 *       letters, {@code city} one of 50, {@code grp} 0..99 (1% each), {@code tier} 0..9 (10% each), {@code balance}
 *       uniform in [0, 1,000,000).</li>
 *   <li>{@code orders} (n rows): {@code customer_id} uniform over the customers (one order per customer on
 *       average), {@code amount}, {@code status} one of 4.</li>
 *   <li>{@code account} (n rows): the target of the write workloads (single-row update, batch insert, the mix), so
 *       that writes never change what the read workloads see.</li>
 * </ul>
 */
public final class Dataset {

  public static final int BALANCE_DOMAIN = 1_000_000;
  public static final String[] STATUS = {"NEW", "PAID", "SHIPPED", "CLOSED"};
  private static final long SEED = 0x5EC0_DE_BE_7C4L;

  private Dataset() {}

  public static String email(long i) {
    return "u" + i + "@mail.test";
  }

  public static String city(int c) {
    return "city" + c;
  }

  public static Object[] customer(int i) {
    SplittableRandom r = new SplittableRandom(SEED ^ (i * 0x9E3779B97F4A7C15L));
    char[] name = new char[8];
    for (int k = 0; k < name.length; k++) {
      name[k] = (char) ('a' + r.nextInt(26));
    }
    return new Object[] {i, email(i), new String(name), city(r.nextInt(50)), r.nextInt(100), r.nextInt(10),
        r.nextInt(BALANCE_DOMAIN)};
  }

  public static Object[] order(int i, int customers) {
    SplittableRandom r = new SplittableRandom((SEED + 1) ^ (i * 0x9E3779B97F4A7C15L));
    return new Object[] {i, r.nextInt(customers), 1 + r.nextInt(10_000), STATUS[r.nextInt(STATUS.length)]};
  }

  public static Object[] account(long id) {
    SplittableRandom r = new SplittableRandom((SEED + 2) ^ (id * 0x9E3779B97F4A7C15L));
    return new Object[] {id, "acct" + id, r.nextInt(BALANCE_DOMAIN)};
  }

  public static final String INSERT_CUSTOMER =
      "INSERT INTO customer (id, email, name, city, grp, tier, balance) VALUES (?, ?, ?, ?, ?, ?, ?)";
  public static final String INSERT_ORDER = "INSERT INTO orders (id, customer_id, amount, status) VALUES (?, ?, ?, ?)";
  public static final String INSERT_ACCOUNT = "INSERT INTO account (id, owner, balance) VALUES (?, ?, ?)";

  /** Loads n rows into each table in batches of 500, one transaction per batch. */
  public static void load(Connection c, int n) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      loadTable(c, INSERT_CUSTOMER, n, i -> customer(i));
      loadTable(c, INSERT_ORDER, n, i -> order(i, n));
      loadTable(c, INSERT_ACCOUNT, n, i -> account(i));
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private interface RowMaker {
    Object[] row(int i);
  }

  private static void loadTable(Connection c, String sql, int n, RowMaker maker) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int pending = 0;
      for (int i = 0; i < n; i++) {
        bind(ps, maker.row(i));
        ps.addBatch();
        if (++pending == 500) {
          ps.executeBatch();
          c.commit();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
        c.commit();
      }
    }
  }

  public static void bind(PreparedStatement ps, Object[] row) throws SQLException {
    for (int k = 0; k < row.length; k++) {
      Object v = row[k];
      if (v instanceof Integer x) {
        ps.setInt(k + 1, x);
      } else if (v instanceof Long x) {
        ps.setLong(k + 1, x);
      } else {
        ps.setString(k + 1, (String) v);
      }
    }
  }
}
