package io.securejdbc.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.SecureAdmin;
import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.testkit.TestDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the operations that log or fail (wrong PINs, rotations, token removal, bad values) with the driver's log
 * output captured, and checks that no PIN, plaintext value or key-like material appears in any log line or
 * exception message (causes included).
 */
class NoSecretsInLogsTest {

  private static final String PIN = "Pin-7f3a9c";
  private static final String SECRET = "Confidential-Value-42";
  private static final Pattern KEY_LIKE = Pattern.compile("[0-9a-fA-F]{48,}|[A-Za-z0-9+/]{43,}={0,2}");

  @TempDir
  Path dir;

  @Test
  void logsAndExceptions_neverCarryPinsValuesOrKeys() throws Exception {
    List<String> messages = new ArrayList<>();
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      String url = "jdbc:secure:file:" + dir + ";tokenKdfMemoryKiB=256";
      try (Connection c = DriverManager.getConnection(url + ";tokenPin=" + PIN)) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, V VARCHAR(30))");
          s.executeUpdate("INSERT INTO T VALUES (1, '" + SECRET + "')");
          collect(messages, () -> s.executeUpdate("INSERT INTO T VALUES (2, '" + SECRET + SECRET + "')"));
          collect(messages, () -> s.executeUpdate("INSERT INTO T VALUES (1, '" + SECRET + "')"));
          collect(messages, () -> s.executeQuery("SELECT * FROM T WHERE V = '" + SECRET + "' AND"));
          collect(messages, () -> s.executeUpdate("INSERT INTO T VALUES ('" + SECRET + "', 'x')"));
        }
        SecureAdmin admin = SecureAdmin.of(c);
        admin.rotateMasterKey();
        admin.rotateDataKey("T", p -> { });
      }
      collect(messages, () -> DriverManager.getConnection(url + ";tokenPin=" + PIN + "x"));
      try (Connection c = TestDb.open(TestDb.uniqueName())) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE U (ID INTEGER)");
        }
        c.unwrap(SecureConnection.class).database().store().token().close();
        collect(messages, () -> c.createStatement().executeQuery("SELECT * FROM U"));
      }
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(messages).hasSizeGreaterThanOrEqualTo(6);
    for (String text : concat(messages, log)) {
      assertThat(text).doesNotContain(PIN).doesNotContain(SECRET);
      assertThat(KEY_LIKE.matcher(text).find()).as("key-like material in: %s", text).isFalse();
    }
  }

  private static List<String> concat(List<String> messages, String log) {
    List<String> all = new ArrayList<>(messages);
    all.addAll(log.lines().toList());
    return all;
  }

  interface Action {
    Object run() throws Exception;
  }

  /** Records the message of the expected failure and of every cause. */
  private static void collect(List<String> messages, Action action) {
    try {
      action.run();
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.add(String.valueOf(t.getMessage()));
      }
      return;
    }
    throw new AssertionError("expected a failure");
  }
}
