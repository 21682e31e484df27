package io.securejdbc.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The databases loaded in this JVM, by engine and size. Loading dominates the cost of a run (secure-jdbc loads 100k
 * rows per table in about a minute), so a run loads each (engine, size) once and every workload reuses it: the
 * benchmarks run in the JMH harness JVM ({@code -f 0}); in a forked run each fork loads what it needs.
 *
 * <p>Read workloads never see the write workloads' rows: writes go to the {@code account} table only.
 */
public final class Registry {

  private static final Map<String, Db> OPEN = new LinkedHashMap<>();
  private static boolean hooked;

  private Registry() {}

  public static synchronized Db get(Engine engine, int size) throws Exception {
    if (!hooked) {
      hooked = true;
      Runtime.getRuntime().addShutdownHook(new Thread(Registry::closeAll, "bench-cleanup"));
      dropAbandonedPostgresDatabases();
    }
    // A run goes size by size (see SqlBenchmark): free every database of another size before loading a new one.
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, Db> e : OPEN.entrySet()) {
      if (e.getValue().size() != size) {
        stale.add(e.getKey());
      }
    }
    for (String k : stale) {
      Db d = OPEN.remove(k);
      log("dropping " + k);
      close(d);
    }
    String key = engine + "@" + size;
    Db db = OPEN.get(key);
    if (db == null) {
      log("loading " + key + " ...");
      db = engine.open(size);
      log("loaded " + key + " in " + db.loadMillis() + " ms");
      Verdicts.recordLoad(engine, size, db.loadMillis());
      OPEN.put(key, db);
    }
    return db;
  }

  public static synchronized void closeAll() {
    for (Db db : OPEN.values()) {
      close(db);
    }
    OPEN.clear();
  }

  private static void close(Db db) {
    try {
      db.close();
    } catch (Exception e) {
      log("closing " + db + " failed: " + e);
    }
  }

  static void log(String s) {
    System.out.println("# bench: " + s);
  }

  /** Databases named sjbench_*_<pid>_* whose process is gone (a run that was killed) are dropped. */
  private static void dropAbandonedPostgresDatabases() {
    List<String> names = new ArrayList<>();
    try (Connection c = Engine.Postgres.connect(Engine.Postgres.ADMIN_DB); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'sjbench%'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    } catch (Exception e) {
      return; // no PostgreSQL here: its engines will fail on their own, with a message
    }
    for (String name : names) {
      String[] parts = name.split("_");
      try {
        long pid = Long.parseLong(parts[2]);
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        Engine.Postgres.dropDatabase(name);
        log("dropped abandoned database " + name);
      } catch (Exception e) {
        // not ours, or in use: leave it
      }
    }
  }
}
