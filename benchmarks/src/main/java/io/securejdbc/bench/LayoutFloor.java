package io.securejdbc.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The batch insert's structural floor: what H2 alone costs to store a 500-row batch of the benchmark's
 * {@code account} table in secure-jdbc's physical layout, with random bytes of the right sizes in place of every
 * ciphertext, tag and key (no driver, no cryptography), next to plain H2 storing the same rows in its own table.
 *
 * <p>The layout mirrors the embedded default: a data database holding {@code (rid, ct, k0 UNIQUE)} (the row and the
 * primary key's uniqueness tag) and two index databases holding one one-key table per column ({@code id} and
 * {@code balance} on the first, {@code owner} on the second); rows take a run of consecutive ids; the three writes
 * run at once, then the index commits at once, then the data commit, in the driver's order. If this floor is
 * already far below 0.4x of plain H2's throughput, no driver-side work can reach the target with this layout on H2.
 *
 * <pre>java -Xms4g -Xmx4g -cp benchmarks.jar io.securejdbc.bench.LayoutFloor [rows=100000] [batches=400]</pre>
 */
public final class LayoutFloor {

  private static final int BATCH = 500;
  /** Sizes as stored by secure-jdbc for an account row: a 52-byte entry, a 16-byte tag, row ciphertext. */
  private static final int ENTRY = 52;
  private static final int TAG = 16;
  private static final int ROW_CT = 28 + 40;
  /**
   * {@code -Dfloor.tags=bucket}: uniqueness tags in a table of their own keyed by 64 bits of the tag (one BIGINT
   * B-tree, a design idea) instead of a UNIQUE VARBINARY column of the data table (a row entry plus an index entry).
   */
  private static final boolean BUCKET_TAGS = "bucket".equals(System.getProperty("floor.tags"));

  /**
   * {@code -Dfloor.index}: how an index table is stored. {@code secondary} (the driver's: a heap table and an index on
   * k, two B-tree entries per key), {@code pk} (k as the primary key), {@code heap} (no index on k: one entry, a
   * lower bound that could not answer lookups), {@code absent} (no index writes at all: the data backend's share).
   */
  private static final String INDEX = System.getProperty("floor.index", "secondary");

  /** {@code -Dfloor.only=driver} or {@code layout}: that phase alone (to profile it by itself). */
  private static final String ONLY = System.getProperty("floor.only", "");

  /**
   * {@code -Dfloor.idIndex=false}: no index table for {@code id}, as with {@code ACCOUNT.ID: NONE} in a YAML
   * configuration (equality on the primary key is then answered by its uniqueness tag; ranges on it scan).
   */
  private static final boolean ID_INDEXED = !"false".equals(System.getProperty("floor.idIndex"));
  /** {@code -Dfloor.url}: secure-jdbc's URL (a {@code jdbc:secure:config:} file to try column settings). */
  private static final String DRIVER_URL = System.getProperty("floor.url", "jdbc:secure:mem:floor_driver");

  private final SplittableRandom random = new SplittableRandom(42);
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private long nextRid = random.nextLong() >>> 2;

  private LayoutFloor() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    LayoutFloor floor = new LayoutFloor();
    try {
      if (ONLY.equals("driver")) {
        System.out.printf("secure-jdbc alone: %.2f ms%n", floor.insertAccounts(
            DriverManager.getConnection(DRIVER_URL), rows, batches));
        return;
      } else if (ONLY.equals("layout")) {
        System.out.printf("the layout alone: %.2f ms%n", floor.layout(rows, batches));
        return;
      }
      double plain = floor.insertAccounts(open("plain"), rows, batches);
      double layout = floor.layout(rows, batches);
      double driver = floor.insertAccounts(DriverManager.getConnection(DRIVER_URL), rows,
          batches);
      System.out.printf("500-row batches into %,d rows (medians of %d): plain H2 %.2f ms; secure-jdbc's layout"
          + " in H2 without driver or cryptography %.2f ms (%.2fx plain H2's throughput); secure-jdbc %.2f ms"
          + " (%.2fx)%n", rows, batches, plain, layout, plain / layout, driver, plain / driver);
    } finally {
      floor.pool.shutdownNow();
    }
  }

  /** The benchmark's account batches through {@code c} (plain H2 or secure-jdbc): the same SQL and rows. */
  private double insertAccounts(Connection c, int rows, int batches) throws SQLException {
    try (c) {
      c.setAutoCommit(false);
      run(c, "CREATE TABLE account (id BIGINT PRIMARY KEY, owner VARCHAR(20) NOT NULL, balance INT NOT NULL)");
      run(c, "CREATE INDEX account_owner ON account (owner)");
      run(c, "CREATE INDEX account_balance ON account (balance)");
      PreparedStatement ps = c.prepareStatement("INSERT INTO account (id, owner, balance) VALUES (?, ?, ?)");
      long[] times = new long[batches];
      for (int b = 0; b < rows / BATCH + batches; b++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
          Object[] row = Dataset.account((long) b * BATCH + i);
          ps.setLong(1, (Long) row[0]);
          ps.setString(2, (String) row[1]);
          ps.setInt(3, (Integer) row[2]);
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
        record(times, b - rows / BATCH, System.nanoTime() - t0);
      }
      return median(times);
    }
  }

  private double layout(int rows, int batches) throws Exception {
    try (Connection data = open("data"); Connection idx0 = open("idx0"); Connection idx1 = open("idx1")) {
      if (BUCKET_TAGS) {
        run(data, "CREATE TABLE d (rid BIGINT PRIMARY KEY, ct VARBINARY NOT NULL)");
        run(data, "CREATE TABLE u (h BIGINT PRIMARY KEY, tag VARBINARY(32) NOT NULL, rid BIGINT NOT NULL)");
      } else {
        run(data, "CREATE TABLE d (rid BIGINT PRIMARY KEY, ct VARBINARY NOT NULL, k0 VARBINARY(32) UNIQUE)");
      }
      for (String t : new String[] {"i_id", "i_balance"}) {
        indexTable(idx0, t);
      }
      indexTable(idx1, "i_owner");
      PreparedStatement rowsPs = data.prepareStatement(BUCKET_TAGS ? "INSERT INTO d (rid, ct) VALUES (?, ?)"
          : "INSERT INTO d (rid, ct, k0) VALUES (?, ?, ?)");
      PreparedStatement tagsPs = BUCKET_TAGS ? data.prepareStatement("INSERT INTO u (h, tag, rid) VALUES (?, ?, ?)")
          : null;
      PreparedStatement idPs = idx0.prepareStatement("INSERT INTO i_id (k) VALUES (?)");
      PreparedStatement balancePs = idx0.prepareStatement("INSERT INTO i_balance (k) VALUES (?)");
      PreparedStatement ownerPs = idx1.prepareStatement("INSERT INTO i_owner (k) VALUES (?)");
      long[] times = new long[batches];
      for (int b = 0; b < rows / BATCH + batches; b++) {
        byte[][][] keys = keysOf(b);
        byte[][] cts = randoms(ROW_CT);
        byte[][] tags = randoms(TAG);
        long t0 = System.nanoTime();
        Future<?> first = pool.submit(() -> INDEX.equals("absent") ? null
            : ID_INDEXED ? insertKeys(idPs, keys[0], balancePs, keys[1])
            : insertKeys(balancePs, keys[1], null, null));
        Future<?> second = pool.submit(() -> INDEX.equals("absent") ? null : insertKeys(ownerPs, keys[2], null, null));
        insertRows(rowsPs, tagsPs, cts, tags);
        first.get();
        second.get();
        Future<?> commit0 = pool.submit(() -> commit(idx0));
        commit(idx1);
        commit0.get();
        data.commit();
        record(times, b - rows / BATCH, System.nanoTime() - t0);
      }
      return median(times);
    }
  }

  /** Per column (id, balance, owner), the batch's keys: keyword, terminator, a random entry; sorted as written. */
  private byte[][][] keysOf(int batch) {
    byte[][][] keys = new byte[3][BATCH][];
    for (int i = 0; i < BATCH; i++) {
      Object[] row = Dataset.account((long) batch * BATCH + i);
      keys[0][i] = key(ByteBuffer.allocate(8).putLong((Long) row[0] ^ Long.MIN_VALUE).array());
      keys[1][i] = key(ByteBuffer.allocate(4).putInt((Integer) row[2] ^ Integer.MIN_VALUE).array());
      keys[2][i] = key(((String) row[1]).getBytes(StandardCharsets.UTF_8));
    }
    for (byte[][] column : keys) {
      Arrays.sort(column, Arrays::compareUnsigned);
    }
    return keys;
  }

  private byte[] key(byte[] keyword) {
    byte[] k = new byte[keyword.length + 2 + ENTRY];
    System.arraycopy(keyword, 0, k, 0, keyword.length);
    System.arraycopy(bytes(ENTRY), 0, k, keyword.length + 2, ENTRY);
    return k;
  }

  private byte[][] randoms(int length) {
    byte[][] out = new byte[BATCH][];
    for (int i = 0; i < BATCH; i++) {
      out[i] = bytes(length);
    }
    return out;
  }

  private void insertRows(PreparedStatement ps, PreparedStatement tagsPs, byte[][] cts, byte[][] tags)
      throws SQLException {
    long start = nextRid;
    nextRid += BATCH;
    for (int i = 0; i < BATCH; i++) {
      ps.setLong(1, start + i);
      ps.setBytes(2, cts[i]);
      if (tagsPs == null) {
        ps.setBytes(3, tags[i]);
      } else {
        tagsPs.setLong(1, ByteBuffer.wrap(tags[i]).getLong());
        tagsPs.setBytes(2, tags[i]);
        tagsPs.setLong(3, start + i);
        tagsPs.addBatch();
      }
      ps.addBatch();
    }
    ps.executeBatch();
    if (tagsPs != null) {
      tagsPs.executeBatch();
    }
  }

  private static Void insertKeys(PreparedStatement a, byte[][] aKeys, PreparedStatement b, byte[][] bKeys)
      throws SQLException {
    for (byte[] k : aKeys) {
      a.setBytes(1, k);
      a.addBatch();
    }
    a.executeBatch();
    if (b != null) {
      insertKeys(b, bKeys, null, null);
    }
    return null;
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) random.nextInt();
    }
    return out;
  }

  private static void indexTable(Connection c, String t) throws SQLException {
    run(c, "CREATE TABLE " + t + " (k VARBINARY(640) NOT NULL" + (INDEX.equals("pk") ? " PRIMARY KEY)" : ")"));
    if (INDEX.equals("secondary")) {
      run(c, "CREATE INDEX " + t + "_k ON " + t + " (k)");
    }
  }

  private static Void commit(Connection c) throws SQLException {
    c.commit();
    return null;
  }

  private static void record(long[] times, int measured, long nanos) {
    if (measured >= 0) {
      times[measured] = nanos;
    }
  }

  private static double median(long[] times) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private static Connection open(String name) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:h2:mem:floor_" + name + ";DB_CLOSE_DELAY=0", "sa", "");
    c.setAutoCommit(false);
    return c;
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
