package io.securejdbc;

import java.sql.DriverPropertyInfo;
import java.util.Properties;

/**
 * Every connection property, with its default and description. URL suffixes ({@code ;name=value}), {@link
 * java.util.Properties} passed to the driver and {@link SecureDataSource} setters all map to these names.
 */
public enum SecureProperty {
  TOKEN_PIN("tokenPin", null, "PIN of the security token. Falls back to the SECURE_JDBC_PIN environment variable."
      + " Required for file: and config: databases; optional for mem: (a mem: database created with a PIN"
      + " requires it from every connection)."),
  TOKEN_TYPE("tokenType", null, "Token provider for file: and mem: databases: software (default) or a type"
      + " registered through io.securejdbc.token.KeyTokenProvider (pkcs11, vendor tokens)."),
  TOKEN_OPTIONS("tokenOptions", null, "Provider options as comma-separated key=value pairs (for example"
      + " library=/usr/lib/softhsm/libsofthsm2.so,slotListIndex=0)."),
  TOKEN_GRACE_PERIOD("tokenGracePeriod", "0", "Seconds a removed token may stay absent before the driver wipes"
      + " its cached keys and refuses further work (0: at once)."),
  TENANT("tenant", "main", "Key hierarchy to use: each tenant has its own master key and its own tables."),
  INDEX_BACKENDS("indexBackends", "2", "Number of index backends created for mem: and file: databases (each a"
      + " separate H2 database)."),
  DATA_BACKENDS("dataBackends", "1", "Number of data backends (shards, by row id) created for mem: and file:"
      + " databases (each a separate H2 database)."),
  INDEX_SHARDS("indexShards", "1", "Number of index backends each column's keyword index is spread over (by"
      + " keyword). 1 keeps each column's index on one backend, so each index backend sees only its own columns."),
  KEYWORD_MODE("keywordMode", "PLAIN", "Default keyword mode of new columns: PLAIN (equality, range and prefix"
      + " lookups; the index provider sees values), PROTECTED (equality only; the index provider sees keyed"
      + " hashes) or NONE (no index)."),
  SQL_MODE("sqlMode", "", "Compatibility mode of the SQL dialect (an H2 MODE such as PostgreSQL, MySQL, MSSQLServer);"
      + " empty for H2's own."),
  INDEX_CLEANUP("indexCleanup", "background", "How index entries that a committed write made obsolete are removed:"
      + " background (a thread of the driver, after the commit returned) or inline (before the commit returns)."
      + " A not yet removed entry costs a re-check, never a wrong answer. The first connection to a database decides."),
  VERBOSE_ERRORS("verboseErrors", "false", "Debugging only: include the engine's full error messages, which may"
      + " quote data values, in exceptions."),
  KDF_MEMORY_KIB("tokenKdfMemoryKiB", null, "Software token only: Argon2id memory cost for a NEW key store"
      + " (default: the provider's production setting). For tests."),
  USER("user", null, "Accepted for compatibility and ignored: access is granted by the token PIN."),
  PASSWORD("password", null, "Accepted for compatibility and ignored: access is granted by the token PIN.");

  private final String propertyName;
  private final String defaultValue;
  private final String description;

  SecureProperty(String name, String defaultValue, String description) {
    this.propertyName = name;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String propertyName() {
    return propertyName;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The value in {@code props}, or the default. */
  public String get(Properties props) {
    String v = props.getProperty(propertyName);
    return v == null ? defaultValue : v;
  }

  public boolean getBoolean(Properties props) {
    return Boolean.parseBoolean(get(props));
  }

  /** Parses an int, failing with SQLState 22023 that names the property. */
  public int getInt(Properties props) throws java.sql.SQLException {
    String v = get(props);
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("connection property " + propertyName
          + " must be an integer");
    }
  }

  /** The value (case-insensitive, returned lower-case) when it is one of {@code choices}, else SQLState 22023. */
  public String oneOf(Properties props, String... choices) throws java.sql.SQLException {
    String v = get(props);
    for (String c : choices) {
      if (v != null && c.equalsIgnoreCase(v.trim())) {
        return c;
      }
    }
    throw SqlState.INVALID_PARAMETER_VALUE.exception("connection property " + propertyName + " must be one of "
        + String.join(", ", choices));
  }

  public DriverPropertyInfo toDriverPropertyInfo(Properties props) {
    DriverPropertyInfo info = new DriverPropertyInfo(propertyName, this == TOKEN_PIN ? null : get(props));
    info.description = description;
    info.required = false;
    return info;
  }

  public static SecureProperty forName(String name) {
    for (SecureProperty p : values()) {
      if (p.propertyName.equalsIgnoreCase(name)) {
        return p;
      }
    }
    return null;
  }
}
