package io.securejdbc.config;

import io.securejdbc.backend.BackendRole;
import io.securejdbc.backend.Backends.PoolSettings;
import io.securejdbc.index.KeywordMode;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Everything needed to open a store: its backends, its token and its index defaults. Built from a
 * {@code jdbc:secure:mem:}, {@code file:} or {@code config:} URL.
 *
 * @param key identifies the store within the JVM (connections with the same key share one open store)
 * @param tenant the key hierarchy: physical names and the master key alias are per tenant
 * @param columnModes keyword mode per {@code TABLE.COLUMN} (upper-case), overriding {@code defaultMode}
 * @param dropBackendsOnClose in-memory stores shut their H2 backends down when the last connection closes
 * @param classes the data-protection class of each column (placement rules, docs/backends.md)
 * @param indexShards how many index backends each new column's index is spread over (by keyword)
 */
public record StoreConfig(String key, String tenant, List<BackendSpec> backends, TokenSpec token,
    KeywordMode defaultMode, Map<String, KeywordMode> columnModes, boolean dropBackendsOnClose,
    ColumnClasses classes, int indexShards) {

  /** A configuration whose column indexes each live on one index backend. */
  public StoreConfig(String key, String tenant, List<BackendSpec> backends, TokenSpec token,
      KeywordMode defaultMode, Map<String, KeywordMode> columnModes, boolean dropBackendsOnClose,
      ColumnClasses classes) {
    this(key, tenant, backends, token, defaultMode, columnModes, dropBackendsOnClose, classes, 1);
  }

  /** A configuration whose columns are all of the default class. */
  public StoreConfig(String key, String tenant, List<BackendSpec> backends, TokenSpec token, KeywordMode defaultMode,
      Map<String, KeywordMode> columnModes, boolean dropBackendsOnClose) {
    this(key, tenant, backends, token, defaultMode, columnModes, dropBackendsOnClose, ColumnClasses.defaults());
  }

  /**
   * One backend as configured. {@code password} is never logged or shown in messages.
   *
   * @param allowedColumns upper-case patterns ({@code TABLE.COLUMN}, {@code TABLE.*}, {@code *.COLUMN}, {@code *})
   *     of the columns this backend may hold; null admits every column
   * @param classes the protection classes this backend may hold; null admits every class
   */
  public record BackendSpec(String name, BackendRole role, String zone, String url, String user, String password,
      Properties properties, PoolSettings pool, List<String> allowedColumns, List<String> classes) {

    /** A backend without a class restriction. */
    public BackendSpec(String name, BackendRole role, String zone, String url, String user, String password,
        Properties properties, PoolSettings pool, List<String> allowedColumns) {
      this(name, role, zone, url, user, password, properties, pool, allowedColumns, null);
    }

    @Override
    public String toString() {
      return "BackendSpec[" + name + ", " + role + ", zone " + zone + "]";
    }
  }

  /** The token: provider type and its options (never the PIN). */
  public record TokenSpec(String type, Map<String, String> options) {}

  /** Physical-name prefix of this tenant's tables on every backend. */
  public String namespace() {
    return "main".equals(tenant) ? "sj_" : "sj_" + tenant.toLowerCase(java.util.Locale.ROOT) + "_";
  }

  public String masterKeyAlias() {
    return "sj-master-" + tenant;
  }

  public KeywordMode modeFor(String table, String column) {
    KeywordMode exact = columnModes.get(table + "." + column);
    return exact != null ? exact : columnModes.getOrDefault(table + ".*", defaultMode);
  }

  /** The data-protection class of {@code TABLE.COLUMN}. */
  public String classOf(String table, String column) {
    return classes.classOf(table, column);
  }
}
