package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.backend.BackendRole;
import io.securejdbc.backend.DatabaseAddress;
import io.securejdbc.config.StoreConfig;
import io.securejdbc.config.StoreConfig.BackendSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The placement rules (docs/backends.md, "Placement rules"). At open, every configuration must split data and
 * indexes between providers (SQLState 08001); at DDL, a column goes only to backends whose {@code classes} and
 * {@code allowedColumns} admit it (SQLState 42501). Messages name rules, columns and backends, never URLs.
 */
public final class Placement {

  private Placement() {}

  static void check(StoreConfig config, Map<String, Backend> backends) throws SQLException {
    long data = backends.values().stream().filter(b -> b.role() == BackendRole.DATA).count();
    long index = backends.values().stream().filter(b -> b.role() == BackendRole.INDEX).count();
    if (data == 0) {
      throw SqlState.UNABLE_TO_CONNECT.exception("placement rule 'data backend required': configure one backend"
          + " with role data");
    }
    if (index == 0) {
      throw SqlState.UNABLE_TO_CONNECT.exception("placement rule 'index backend required': configure at least"
          + " one backend with role index (on a different provider than the data backend)");
    }
    for (Backend d : backends.values()) {
      for (Backend i : backends.values()) {
        if (d.role() == BackendRole.DATA && i.role() == BackendRole.INDEX && d.zone().equals(i.zone())) {
          throw SqlState.UNABLE_TO_CONNECT.exception("placement rule 'data and index in different zones' violated:"
              + " data backend '" + d.name() + "' and index backend '" + i.name() + "' are both in zone '"
              + d.zone() + "'");
        }
      }
    }
    checkAddresses(config.backends());
  }

  /** No two backends share a database, and no data backend shares a server with an index backend. */
  static void checkAddresses(List<BackendSpec> specs) throws SQLException {
    for (int a = 0; a < specs.size(); a++) {
      for (int b = a + 1; b < specs.size(); b++) {
        BackendSpec x = specs.get(a);
        BackendSpec y = specs.get(b);
        DatabaseAddress ax = DatabaseAddress.of(x.url());
        DatabaseAddress ay = DatabaseAddress.of(y.url());
        if (ax.sameDatabase(ay)) {
          throw SqlState.UNABLE_TO_CONNECT.exception("placement rule 'one database per backend' violated: backends '"
              + x.name() + "' and '" + y.name() + "' name the same database; give each backend its own database"
              + (x.role() != y.role() ? " on a different provider" : ""));
        }
        if (x.role() != y.role() && ax.sameServer(ay)) {
          throw SqlState.UNABLE_TO_CONNECT.exception("placement rule 'data and index on different servers' violated:"
              + " " + x.role().name().toLowerCase(java.util.Locale.ROOT) + " backend '" + x.name() + "' and "
              + y.role().name().toLowerCase(java.util.Locale.ROOT) + " backend '" + y.name() + "' are on the same"
              + " server; put data and indexes on servers of different providers");
        }
      }
    }
  }

  /**
   * The index backends for a new column index, comma-separated in shard order: {@code indexShards} of those that
   * admit the column (fewer if fewer admit it), from the {@code spread}-th on (round robin).
   *
   * @throws SQLException 42501 when no index backend admits the column
   */
  public static String indexShardsFor(SecureStore store, String table, String column, int spread)
      throws SQLException {
    List<Backend> admitting = admittingIndexBackends(store, table, column);
    int n = Math.min(store.config().indexShards(), admitting.size());
    List<String> names = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      names.add(admitting.get(Math.floorMod(spread + k, admitting.size())).name());
    }
    return String.join(",", names);
  }

  private static List<Backend> admittingIndexBackends(SecureStore store, String table, String column)
      throws SQLException {
    List<Backend> admitting = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    String cls = store.config().classOf(table, column);
    for (Backend b : store.backends(BackendRole.INDEX)) {
      String why = refusal(spec(store.config(), b.name()), table, column, cls);
      if (why == null) {
        admitting.add(b);
      } else {
        refusals.add(why);
      }
    }
    if (admitting.isEmpty()) {
      throw SqlState.INSUFFICIENT_PRIVILEGE.exception("placement rule 'index backend admits column' refuses the"
          + " index of " + table + "." + column + " (class " + cls + "): " + String.join("; ", refusals)
          + "; add the column or its class to an index backend, or declare the column NONE (no index)");
    }
    return admitting;
  }

  /** True when {@code backend} may hold the index of the column (an existing placement is kept if so). */
  public static boolean admitsIndex(SecureStore store, String backend, String table, String column) {
    BackendSpec spec = spec(store.config(), backend);
    return refusal(spec, table, column, store.config().classOf(table, column)) == null;
  }

  /**
   * Every data backend (rows may be spread over all of them) must admit each column of a table it stores.
   *
   * @throws SQLException 42501 naming the column and the data backend
   */
  public static void checkData(SecureStore store, String table, List<String> columns) throws SQLException {
    for (Backend b : store.backends(BackendRole.DATA)) {
      BackendSpec spec = spec(store.config(), b.name());
      for (String column : columns) {
        String why = refusal(spec, table, column, store.config().classOf(table, column));
        if (why != null) {
          throw SqlState.INSUFFICIENT_PRIVILEGE.exception("placement rule 'data backend admits column' refuses "
              + table + "." + column + " (class " + store.config().classOf(table, column) + "): " + why
              + "; add the column or its class to the data backend's configuration");
        }
      }
    }
  }

  /** Why {@code spec} may not hold the column, or null when it may. */
  static String refusal(BackendSpec spec, String table, String column, String cls) {
    if (spec == null) {
      return null;
    }
    if (spec.classes() != null && !spec.classes().contains(cls)) {
      return "backend '" + spec.name() + "' holds only classes " + spec.classes();
    }
    if (spec.allowedColumns() != null && spec.allowedColumns().stream().noneMatch(p -> matches(p, table, column))) {
      return "backend '" + spec.name() + "' has no allowedColumns entry matching " + table + "." + column;
    }
    return null;
  }

  /** {@code TABLE.COLUMN}, {@code TABLE.*}, {@code *.COLUMN} or {@code *} (upper-case) against a column. */
  static boolean matches(String pattern, String table, String column) {
    if (pattern.equals("*")) {
      return true;
    }
    int dot = pattern.indexOf('.');
    String t = pattern.substring(0, dot);
    String c = pattern.substring(dot + 1);
    return (t.equals("*") || t.equalsIgnoreCase(table)) && (c.equals("*") || c.equalsIgnoreCase(column));
  }

  private static BackendSpec spec(StoreConfig config, String name) {
    return config.backends().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }
}
