package io.securejdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.SecureAdmin;
import io.securejdbc.backend.ConnectionInterceptor;
import io.securejdbc.testkit.BatchHooks;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The race the removal of obsolete index entries must survive: transaction 1 changes a value 5 -> 6 and commits;
 * before it removes the obsolete entry of 5, transaction 2 sets the value back to 5 and writes the very same
 * (deterministic) entry again. Transaction 1's removal must not take transaction 2's entry with it, or the row would
 * be invisible to {@code WHERE v = 5}. The test holds transaction 1 at its first entry removal while transaction 2
 * runs to completion.
 */
class ObsoleteEntryRaceTest {

  @AfterEach
  void uninstall() {
    ConnectionInterceptor.uninstall();
  }

  /** In background mode the removal runs on the driver's cleaner thread, inline on transaction 1's thread. */
  @ParameterizedTest(name = "indexCleanup={0}")
  @ValueSource(strings = {"background", "inline"})
  void entryWrittenAgainByAnotherTransaction_survivesTheObsoleteEntryRemoval(String cleanup) throws Exception {
    AtomicReference<Runnable> onFirstRemoval = new AtomicReference<>();
    // The hook runs once, before the first batch of entry removals any backend connection executes.
    ConnectionInterceptor.install(c -> BatchHooks.wrap(c,
        sql -> sql.startsWith("DELETE") && sql.contains(" BETWEEN ? AND ?"),
        () -> {
          Runnable r = onFirstRemoval.getAndSet(null);
          if (r != null) {
            r.run();
          }
        }));
    String name = TestDb.uniqueName();
    Properties props = new Properties();
    props.setProperty("indexCleanup", cleanup);
    try (Connection c1 = TestDb.open(name, props); Connection c2 = TestDb.open(name, props);
        Statement s1 = c1.createStatement()) {
      s1.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, V INTEGER)");
      s1.execute("CREATE INDEX T_V ON T (V)");
      s1.executeUpdate("INSERT INTO T VALUES (1, 5), (2, 7)");
      onFirstRemoval.set(() -> {
        // Runs after transaction 1's data commit, before its first removal: transaction 2 goes from start to end.
        CompletableFuture.runAsync(() -> {
          try (PreparedStatement ps = c2.prepareStatement("UPDATE T SET V = ? WHERE ID = ?")) {
            ps.setInt(1, 5);
            ps.setInt(2, 1);
            ps.executeUpdate();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).orTimeout(30, TimeUnit.SECONDS).join();
      });
      try (PreparedStatement ps = c1.prepareStatement("UPDATE T SET V = ? WHERE ID = ?")) {
        ps.setInt(1, 6);
        ps.setInt(2, 1);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      SecureAdmin.of(c1).awaitIndexCleanup();
      assertThat(onFirstRemoval.get()).as("the hook ran").isNull();
      assertThat(TestDb.rows(c1, "SELECT ID, V FROM T WHERE V = 5")).isEqualTo(List.of(List.of(1, 5)));
      assertThat(TestDb.rows(c1, "SELECT ID FROM T WHERE V = 6")).isEmpty();
      assertThat(TestDb.rows(c1, "SELECT ID FROM T WHERE V BETWEEN 4 AND 8 ORDER BY ID"))
          .isEqualTo(List.of(List.of(1), List.of(2)));
    }
  }
}
