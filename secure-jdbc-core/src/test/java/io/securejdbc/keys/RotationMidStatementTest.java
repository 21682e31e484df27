package io.securejdbc.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.SecureAdmin;
import io.securejdbc.backend.ConnectionInterceptor;
import io.securejdbc.testkit.BatchHooks;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A statement that read the catalog before a data key rotation began, and whose index lookup runs after the rotation
 * re-encrypted the posting entries under the new generation: it must answer (retrying the entries under the
 * generations that became live meanwhile), not report the index as tampered with (XX001). The rotation runs to its
 * end on another connection while the statement is held just before its index lookup.
 */
class RotationMidStatementTest {

  @AfterEach
  void uninstall() {
    ConnectionInterceptor.uninstall();
  }

  @Test
  void lookupAfterARotationThatBeganMidStatement_answers() throws Exception {
    AtomicReference<Runnable> beforeLookup = new AtomicReference<>();
    // Runs once, just before the reader's posting-list lookup ("SELECT k FROM ... WHERE k >= ?") executes.
    ConnectionInterceptor.install(c -> BatchHooks.wrap(c, "executeQuery",
        sql -> sql.startsWith("SELECT k FROM") && sql.contains("k >= ?"), () -> {
          Runnable r = beforeLookup.get();
          if (r != null) {
            r.run();
          }
        }));
    String name = TestDb.uniqueName();
    try (Connection reader = TestDb.open(name); Connection admin = TestDb.open(name);
        Statement s = reader.createStatement()) {
      s.execute("CREATE TABLE ACCOUNT (ID INTEGER PRIMARY KEY, BRANCH VARCHAR(10), BALANCE INTEGER)");
      s.execute("CREATE INDEX ACCOUNT_BRANCH ON ACCOUNT (BRANCH)");
      try (PreparedStatement ps = reader.prepareStatement("INSERT INTO ACCOUNT VALUES (?, ?, ?)")) {
        for (int i = 0; i < 100; i++) {
          ps.setInt(1, i);
          ps.setString(2, "b" + (i % 10));
          ps.setInt(3, i * 7);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      Thread readerThread = Thread.currentThread();
      beforeLookup.set(() -> {
        if (Thread.currentThread() != readerThread) {
          return;
        }
        beforeLookup.set(null);
        CompletableFuture.runAsync(() -> {
          try {
            SecureAdmin.of(admin).rotateDataKey("ACCOUNT", p -> { });
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).orTimeout(60, TimeUnit.SECONDS).join();
      });
      List<Integer> ids = new ArrayList<>();
      try (PreparedStatement ps = reader.prepareStatement("SELECT ID FROM ACCOUNT WHERE BRANCH = ? ORDER BY ID")) {
        ps.setString(1, "b3");
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getInt(1));
          }
        }
      }
      assertThat(beforeLookup.get()).as("the rotation ran inside the statement").isNull();
      assertThat(ids).containsExactly(3, 13, 23, 33, 43, 53, 63, 73, 83, 93);
      assertThat(TestDb.rows(reader, "SELECT COUNT(*) FROM ACCOUNT WHERE BRANCH = 'b4'"))
          .isEqualTo(List.of(List.of(10L)));
    }
  }
}
