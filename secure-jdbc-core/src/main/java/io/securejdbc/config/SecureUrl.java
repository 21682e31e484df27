package io.securejdbc.config;

import io.securejdbc.SecureProperty;
import io.securejdbc.SqlState;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A parsed {@code jdbc:secure:<kind>:<target>[;name=value...]} URL. Properties from the URL override those passed
 * to the driver; unknown property names are refused (a typo must not silently fall back to a default).
 */
public record SecureUrl(Kind kind, String target, Properties properties) {

  public static final String PREFIX = "jdbc:secure:";

  /** Where the store lives. */
  public enum Kind {
    MEM,
    FILE,
    CONFIG
  }

  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  public static SecureUrl parse(String url, Properties info) throws SQLException {
    String rest = url.substring(PREFIX.length());
    String[] parts = rest.split(";");
    int colon = parts[0].indexOf(':');
    if (colon < 0) {
      throw SqlState.UNABLE_TO_CONNECT.exception("malformed secure-jdbc URL: expected jdbc:secure:mem:<name>,"
          + " jdbc:secure:file:<directory> or jdbc:secure:config:<yaml file>");
    }
    Kind kind;
    try {
      kind = Kind.valueOf(parts[0].substring(0, colon).toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SqlState.UNABLE_TO_CONNECT.exception("unknown secure-jdbc URL kind '" + parts[0].substring(0, colon)
          + "': use mem, file or config");
    }
    String target = parts[0].substring(colon + 1);
    if (target.isBlank()) {
      throw SqlState.UNABLE_TO_CONNECT.exception("the secure-jdbc URL names no " + kind.name().toLowerCase()
          + " target after 'jdbc:secure:" + kind.name().toLowerCase() + ":'");
    }
    Properties props = new Properties();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        props.setProperty(name, info.getProperty(name));
      }
    }
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isBlank()) {
        continue;
      }
      int eq = parts[i].indexOf('=');
      if (eq < 0) {
        throw SqlState.UNABLE_TO_CONNECT.exception("malformed URL setting (expected name=value) at setting " + i);
      }
      props.setProperty(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1));
    }
    for (String name : props.stringPropertyNames()) {
      if (SecureProperty.forName(name) == null) {
        throw SqlState.INVALID_PARAMETER_VALUE.exception("unknown connection property '" + name
            + "'; see SecureProperty for the supported ones");
      }
    }
    return new SecureUrl(kind, target, normalise(props));
  }

  /** Property names matched case-insensitively, stored under their canonical names. */
  private static Properties normalise(Properties props) {
    Properties out = new Properties();
    for (String name : props.stringPropertyNames()) {
      out.setProperty(SecureProperty.forName(name).propertyName(), props.getProperty(name));
    }
    return out;
  }

  /** The PIN from the properties or the environment; null when neither has one. */
  public char[] pin() {
    String pin = SecureProperty.TOKEN_PIN.get(properties);
    if (pin == null) {
      pin = System.getenv("SECURE_JDBC_PIN");
    }
    return pin == null ? null : pin.toCharArray();
  }
}
