package io.securejdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.SecureAdmin;
import io.securejdbc.store.StoreCheck;
import io.securejdbc.testkit.TestDb;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes to a file: database and is killed (SIGKILL) at random moments, several times over. After each
 * kill: every transaction whose commit had returned is there, every row found is one the child wrote as it wrote it,
 * each row is found through its indexes, and verify finds nothing but stale index entries.
 */
class ProcessKillTest {

  private static final String PIN = "kill-test-pin";

  @TempDir
  Path dir;

  private String suffix = "";

  /**
   * One data backend, and two data shards: then a transaction's insert (row id) and update (row id / 2) usually
   * land on different shards, and the kill also hits multi-shard commits between their commit point and the last
   * shard's commit (completed at the next open).
   */
  @ParameterizedTest(name = "data backends: {0}")
  @ValueSource(ints = {1, 2})
  void killedWriters_loseNoCommittedTransaction(int dataBackends) throws Exception {
    this.suffix = ";dataBackends=" + dataBackends;
    Random random = new Random(2026);
    TreeSet<Long> committed = new TreeSet<>();
    for (int round = 0; round < 4; round++) {
      long t0 = System.nanoTime();
      runAndKill(100 + random.nextInt(600), committed);
      System.out.printf("round %d: writer ran and was killed after %d ms, %d commits so far%n", round,
          (System.nanoTime() - t0) / 1_000_000, committed.size());
      try (Connection c = DriverManager.getConnection("jdbc:secure:file:" + dir + ";tokenPin=" + PIN
          + ";tokenKdfMemoryKiB=256" + suffix)) {
        List<List<Object>> rows = TestDb.rows(c, "SELECT ID, V FROM W ORDER BY ID");
        TreeSet<Long> present = new TreeSet<>();
        for (List<Object> r : rows) {
          long id = (Long) r.get(0);
          assertThat(r.get(1)).isEqualTo("v" + id);
          present.add(id);
        }
        assertThat(present).as("round %d", round).containsAll(committed);
        // In doubt: a commit that happened but was not yet printed. Nothing else may appear.
        TreeSet<Long> unreported = new TreeSet<>(present);
        unreported.removeAll(committed);
        assertThat(present.size()).as("round %d: rows present that no worker reported: %s", round, unreported)
            .isLessThanOrEqualTo(committed.size() + 1);
        for (long id : committed.descendingSet().stream().limit(25).toList()) {
          assertThat(TestDb.rows(c, "SELECT V FROM W WHERE ID = " + id)).isEqualTo(List.of(List.of("v" + id)));
          assertThat(TestDb.rows(c, "SELECT ID FROM W WHERE V = 'v" + id + "'")).isEqualTo(List.of(List.of(id)));
        }
        // Atomicity: every transaction inserted row id and incremented N of row id / 2, both or neither.
        for (List<Object> r : TestDb.rows(c, "SELECT ID, N FROM W")) {
          long id = (Long) r.get(0);
          long expected = (present.contains(2 * id) ? 1 : 0) + (present.contains(2 * id + 1) ? 1 : 0);
          assertThat(((Number) r.get(1)).longValue()).as("round %d: N of row %d", round, id).isEqualTo(expected);
        }
        for (StoreCheck.Report r : SecureAdmin.of(c).verify()) {
          assertThat(r.corruptRows() + r.corruptEntries() + r.missingEntries()).as("%s", r).isZero();
        }
        committed.addAll(present);
        System.out.printf("round %d: checked after %d ms%n", round, (System.nanoTime() - t0) / 1_000_000);
      }
    }
    assertThat(committed.size()).isGreaterThan(4);
  }

  /** Starts the writer, lets it commit for about {@code millis}, then kills it; collects the ids it reported. */
  private void runAndKill(long millis, TreeSet<Long> committed) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path errors = dir.resolve("worker.err");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillWorker.class.getName(),
        dir.toString(), PIN, suffix).redirectError(errors.toFile()).start();
    List<Long> seen = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("COMMIT ")) {
            synchronized (seen) {
              seen.add(Long.parseLong(line.substring(7)));
            }
          }
        }
      } catch (java.io.IOException e) {
        // the process died
      }
    });
    reader.start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      synchronized (seen) {
        if (!seen.isEmpty()) {
          break;
        }
      }
      if (!p.isAlive()) {
        throw new AssertionError("writer died before committing: " + Files.readString(errors));
      }
      Thread.sleep(20);
    }
    Thread.sleep(millis);
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
    synchronized (seen) {
      committed.addAll(seen);
    }
  }
}
