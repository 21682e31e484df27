package io.securejdbc.jdbc;

import io.securejdbc.config.SecureUrl;
import io.securejdbc.config.StoreConfig;
import io.securejdbc.config.StoreConfigs;
import io.securejdbc.exec.Database;
import io.securejdbc.exec.Executor;
import io.securejdbc.SecureProperty;
import io.securejdbc.store.SecureStore;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The secure databases open in this JVM, by store key. Connections to the same key share one {@link Database}; the
 * last connection to close closes it (an in-memory one is then gone, like {@code jdbc:h2:mem:}).
 */
public final class Databases {

  private static final Map<String, Database> OPEN = new HashMap<>();
  private static final Map<String, Boolean> PIN_REQUIRED = new HashMap<>();

  private Databases() {}

  public static SecureConnection connect(String url, SecureUrl parsed) throws SQLException {
    StoreConfig config = StoreConfigs.from(parsed);
    SecureProperty.INDEX_CLEANUP.oneOf(parsed.properties(), "background", "inline"); // fails early on a bad value
    char[] pin = parsed.pin();
    try {
      Database db = open(config, parsed, pin);
      try {
        Executor executor = new Executor(db, SecureProperty.SQL_MODE.get(parsed.properties()),
            SecureProperty.VERBOSE_ERRORS.getBoolean(parsed.properties()));
        return new SecureConnection(db, executor, url, SecureProperty.USER.get(parsed.properties()),
            Databases::release);
      } catch (SQLException | RuntimeException e) {
        release(db);
        throw e;
      }
    } finally {
      if (pin != null) {
        Arrays.fill(pin, '\0');
      }
    }
  }

  private static synchronized Database open(StoreConfig config, SecureUrl parsed, char[] pin) throws SQLException {
    Database db = OPEN.get(config.key());
    if (db != null && !db.store().isClosed()) {
      if (pin != null || PIN_REQUIRED.getOrDefault(config.key(), false)) {
        db.store().verifyPin(pin == null ? new char[0] : pin);
      }
      db.acquire();
      return db;
    }
    char[] effective = pin;
    if (effective == null) {
      if (parsed.kind() != SecureUrl.Kind.MEM) {
        throw io.securejdbc.SqlState.INVALID_AUTHORIZATION.exception("no token PIN given: set the tokenPin"
            + " connection property or the SECURE_JDBC_PIN environment variable");
      }
      effective = SecureStore.randomHex(16).toCharArray();
    }
    int grace = SecureProperty.TOKEN_GRACE_PERIOD.getInt(parsed.properties());
    SecureStore store = SecureStore.open(config, effective);
    store.setTokenGracePeriod(java.time.Duration.ofSeconds(Math.max(0, grace)));
    store.setBackgroundIndexCleanup(SecureProperty.INDEX_CLEANUP.oneOf(parsed.properties(), "background", "inline")
        .equals("background"));
    db = new Database(store);
    db.acquire();
    OPEN.put(config.key(), db);
    PIN_REQUIRED.put(config.key(), pin != null);
    return db;
  }

  private static void release(Database db) {
    boolean last;
    synchronized (Databases.class) {
      last = db.release();
      if (last) {
        OPEN.values().remove(db);
      }
    }
    if (last) {
      db.store().close();
    }
  }
}
