package io.securejdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.SecureAdmin;
import io.securejdbc.store.StoreCheck;
import io.securejdbc.testkit.FaultInjector;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fails the k-th backend operation of a mixed write workload (by throwing, or by dropping the connection) and then
 * checks, on a fresh connection: every transaction whose commit returned is fully there, every other one fully
 * absent; verify finds only stale index entries (never a missing entry or a bad ciphertext), and repair cleans them.
 * The default run samples k; {@code -Pfull} tries every k, both ways.
 */
class FaultInjectionTest {

  /** Backend operations of one workload run (measured once), on one data backend and on three data shards. */
  private static final int OPERATIONS = countOperations(false);
  private static final int SHARDED_OPERATIONS = countOperations(true);

  /** Three data shards and each index over two backends: transactions commit on several shards at once. */
  private static final String SHARDED = ";dataBackends=3;indexBackends=3;indexShards=2";

  static Stream<Object[]> sample() {
    return Stream.concat(
        IntStream.rangeClosed(1, OPERATIONS).filter(k -> k % 9 == 1 || k == OPERATIONS)
            .mapToObj(k -> new Object[] {k, k % 2 == 0, false}),
        IntStream.rangeClosed(1, SHARDED_OPERATIONS).filter(k -> k % 13 == 5)
            .mapToObj(k -> new Object[] {k, k % 2 == 1, true}));
  }

  static Stream<Object[]> every() {
    return Stream.of(false, true).flatMap(sharded -> IntStream.rangeClosed(1,
        sharded ? SHARDED_OPERATIONS : OPERATIONS).boxed()
        .flatMap(k -> Stream.of(new Object[] {k, false, sharded}, new Object[] {k, true, sharded})));
  }

  @ParameterizedTest(name = "fail operation {0} of the workload, drop connection: {1}, sharded: {2}")
  @MethodSource("sample")
  void sampledFaultPoints_loseNoCommittedWork(int k, boolean drop, boolean sharded) throws Exception {
    check(k, drop, sharded);
  }

  @Tag("slow")
  @ParameterizedTest(name = "fail operation {0} of the workload, drop connection: {1}, sharded: {2}")
  @MethodSource("every")
  void everyFaultPoint_losesNoCommittedWork(int k, boolean drop, boolean sharded) throws Exception {
    check(k, drop, sharded);
  }

  /**
   * Removals of obsolete entries inline: the k-th operation must be the same in every run, which a background
   * thread's operations would make it not be. (A fault on that thread is covered by {@link IndexCleanerTest}.)
   */
  private static Connection open(String name, boolean sharded) throws SQLException {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("indexCleanup", "inline");
    return sharded ? java.sql.DriverManager.getConnection(TestDb.memUrl(name) + SHARDED, props)
        : TestDb.open(name, props);
  }

  private static int countOperations(boolean sharded) {
    try (FaultInjector counter = new FaultInjector(0, false)) {
      String name = TestDb.uniqueName();
      try (Connection c = open(name, sharded)) {
        createSchema(c, sharded);
        int before = counter.operations();
        workload(c, new TreeMap<>());
        return counter.operations() - before;
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void check(int k, boolean drop, boolean sharded) throws Exception {
    String name = TestDb.uniqueName();
    try (Connection keepAlive = open(name, sharded)) {
      createSchema(keepAlive, sharded);
      Map<Integer, String> model = new TreeMap<>();
      String where;
      try (FaultInjector injector = new FaultInjector(countSoFar() + k, drop);
          Connection c = open(name, sharded)) {
        workload(c, model);
        // Sharded, the number of operations varies with where the random row ids land (how many shards each
        // transaction commits on): this run may have had fewer than k. The injector counted them.
        assertThat(injector.fired() || sharded && injector.operations() < k)
            .as("fault %d fired (%d operations in this run)", k, injector.operations()).isTrue();
        where = injector.where();
      }
      try (Connection fresh = open(name, sharded)) {
        // what a multi-shard commit left to complete after its commit point is completed now
        SecureAdmin.of(fresh).recover();
        List<String> expected = new ArrayList<>();
        model.forEach((id, v) -> expected.add("[" + id + ", " + v + "]"));
        assertThat(rows(fresh)).as("k=%d drop=%s at %s", k, drop, where).isEqualTo(expected);
        SecureAdmin admin = SecureAdmin.of(fresh);
        for (StoreCheck.Report r : admin.verify()) {
          assertThat(r.corruptRows() + r.corruptEntries() + r.missingEntries()).as("k=%d: %s", k, r).isZero();
        }
        admin.repair();
        assertThat(admin.verify()).allMatch(StoreCheck.Report::clean);
        assertThat(rows(fresh)).isEqualTo(expected);
      }
    }
  }

  /** The injector counts from its installation; the schema is created before it. */
  private static int countSoFar() {
    return 0;
  }

  private static List<String> rows(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    for (List<Object> r : TestDb.rows(c, "SELECT ID, OWNER || ':' || BAL FROM ACC ORDER BY ID")) {
      out.add(r.toString());
    }
    // every row must also be found through each index
    for (List<Object> r : TestDb.rows(c, "SELECT ID, OWNER FROM ACC")) {
      assertThat(TestDb.rows(c, "SELECT ID FROM ACC WHERE ID = " + r.get(0))).as("by id: %s", r).hasSize(1);
      assertThat(TestDb.rows(c, "SELECT ID FROM ACC WHERE OWNER = '" + r.get(1) + "'")).as("by owner: %s", r)
          .hasSize(1);
    }
    return out;
  }

  /** Sharded: only the primary key is unique, so rows spread over the shards by it (see Shards). */
  private static void createSchema(Connection c, boolean sharded) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ACC (ID INTEGER PRIMARY KEY, OWNER VARCHAR(20)" + (sharded ? "" : " UNIQUE")
          + ", BAL INTEGER NOT NULL)");
    }
  }

  /** A fixed mix of auto-commit statements and transactions; the model records what committed. */
  private static void workload(Connection c, Map<Integer, String> model) throws SQLException {
    auto(c, model, "INSERT INTO ACC VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (4, 'd', 40), (5, 'e', 50)",
        m -> {
          m.put(1, "a:10");
          m.put(2, "b:20");
          m.put(3, "c:30");
          m.put(4, "d:40");
          m.put(5, "e:50");
        });
    tx(c, model, List.of("UPDATE ACC SET BAL = BAL - 5 WHERE ID = 1", "UPDATE ACC SET BAL = BAL + 5 WHERE ID = 2"),
        true, m -> {
          m.computeIfPresent(1, (id, v) -> "a:5");
          m.computeIfPresent(2, (id, v) -> "b:25");
        });
    auto(c, model, "DELETE FROM ACC WHERE ID = 3", m -> m.remove(3));
    tx(c, model, List.of("INSERT INTO ACC VALUES (6, 'f', 60)", "UPDATE ACC SET OWNER = 'dd' WHERE ID = 4"), false,
        m -> { });
    tx(c, model, List.of("INSERT INTO ACC VALUES (7, 'g', 70), (8, 'h', 80)",
        "UPDATE ACC SET BAL = 55, OWNER = 'ee' WHERE ID = 5"), true, m -> {
          m.put(7, "g:70");
          m.put(8, "h:80");
          m.computeIfPresent(5, (id, v) -> "ee:55");
        });
    auto(c, model, "UPDATE ACC SET OWNER = 'x1' WHERE ID = 1",
        m -> m.computeIfPresent(1, (id, v) -> "x1:" + v.split(":")[1]));
    try {
      c.setAutoCommit(true);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ACC VALUES (?, ?, ?)")) {
        for (int id = 9; id <= 11; id++) {
          ps.setInt(1, id);
          ps.setString(2, "o" + id);
          ps.setInt(3, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      for (int id = 9; id <= 11; id++) {
        model.put(id, "o" + id + ":" + id);
      }
    } catch (SQLException e) {
      // a failed batch: parameter sets that succeeded in the set-by-set retry are committed; re-read below
      reconcileBatch(c, model);
    }
    tx(c, model, List.of("DELETE FROM ACC WHERE ID = 2", "INSERT INTO ACC VALUES (12, 'b', 12)"), true, m -> {
      m.remove(2);
      m.put(12, "b:12");
    });
  }

  /** After a batch failed part-way, the sets that committed are whichever rows 9..11 exist. */
  private static void reconcileBatch(Connection c, Map<Integer, String> model) {
    try {
      for (int id = 9; id <= 11; id++) {
        if (!TestDb.rows(c, "SELECT ID FROM ACC WHERE ID = " + id).isEmpty()) {
          model.put(id, "o" + id + ":" + id);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  interface Change {
    void apply(Map<Integer, String> model);
  }

  private static void auto(Connection c, Map<Integer, String> model, String sql, Change change) {
    try {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.executeUpdate(sql);
      }
      change.apply(model);
    } catch (SQLException e) {
      // failed: must leave no trace
    }
  }

  private static void tx(Connection c, Map<Integer, String> model, List<String> sqls, boolean commit,
      Change change) {
    try {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : sqls) {
          s.executeUpdate(sql);
        }
      }
      if (commit) {
        c.commit();
        change.apply(model);
      } else {
        c.rollback();
      }
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection may be broken; the transaction is lost either way
      }
    }
  }
}
