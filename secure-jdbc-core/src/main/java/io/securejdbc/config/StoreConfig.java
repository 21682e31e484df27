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
 * @param indexShards how many index backends each new column's index is spread over (by keyword)
 */
public record StoreConfig(String key, String tenant, List<BackendSpec> backends, TokenSpec token,
    KeywordMode defaultMode, Map<String, KeywordMode> columnModes, boolean dropBackendsOnClose, int indexShards) {

  /** A configuration whose column indexes each live on one index backend. */
  public StoreConfig(String key, String tenant, List<BackendSpec> backends, TokenSpec token,
      KeywordMode defaultMode, Map<String, KeywordMode> columnModes, boolean dropBackendsOnClose) {
    this(key, tenant, backends, token, defaultMode, columnModes, dropBackendsOnClose, 1);
  }

  /** One backend as configured. {@code password} is never logged or shown in messages. */
  public record BackendSpec(String name, BackendRole role, String zone, String url, String user, String password,
      Properties properties, PoolSettings pool, List<String> allowedColumns) {

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
    return columnModes.getOrDefault(table + "." + column, defaultMode);
  }
}
