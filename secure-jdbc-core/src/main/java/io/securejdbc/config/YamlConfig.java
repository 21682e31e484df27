package io.securejdbc.config;

import io.securejdbc.SecureProperty;
import io.securejdbc.SqlState;
import io.securejdbc.backend.BackendRole;
import io.securejdbc.backend.Backends.PoolSettings;
import io.securejdbc.config.StoreConfig.BackendSpec;
import io.securejdbc.config.StoreConfig.TokenSpec;
import io.securejdbc.index.KeywordMode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a {@code jdbc:secure:config:} YAML file (every key is documented in docs/configuration.md). String values may
 * name environment variables as {@code ${NAME}}, so that passwords need not sit in the file.
 */
final class YamlConfig {

  private static final Pattern PATTERN = Pattern.compile("\\*|[^.*]+\\.(\\*|[^.*]+)|\\*\\.[^.*]+");
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private YamlConfig() {}

  static StoreConfig load(Path file, Properties props) throws SQLException {
    Map<String, Object> root;
    try (Reader r = Files.newBufferedReader(file)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      if (!(doc instanceof Map)) {
        throw invalid(file, "the document must be a mapping");
      }
      root = cast(doc);
    } catch (IOException e) {
      throw SqlState.UNABLE_TO_CONNECT.exception("cannot read secure-jdbc configuration " + file + ": "
          + e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      throw invalid(file, "it is not valid YAML");
    }
    String tenant = string(root, "tenant", SecureProperty.TENANT.get(props), file);
    List<BackendSpec> backends = backends(root.get("backends"), file);
    TokenSpec token = token(root.get("token"), props, file);
    KeywordMode mode = mode(string(root, "keywordMode", SecureProperty.KEYWORD_MODE.get(props), file), file);
    Map<String, KeywordMode> columns = new LinkedHashMap<>();
    Map<String, String> classes = new LinkedHashMap<>();
    Object cols = root.get("columns");
    if (cols instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String column = columnKey(String.valueOf(e.getKey()), file);
        if (e.getValue() instanceof Map<?, ?> options) {
          Map<String, Object> o = cast(options);
          String modeText = string(o, "mode", null, file);
          if (modeText != null) {
            columns.put(column, mode(modeText, file));
          }
          String cls = string(o, "class", null, file);
          if (cls != null) {
            classes.put(column, protectionClass(cls, "column " + column, file));
          }
        } else {
          columns.put(column, mode(String.valueOf(e.getValue()), file));
        }
      }
    } else if (cols != null) {
      throw invalid(file, "'columns' must map TABLE.COLUMN to PLAIN, PROTECTED or NONE, or to {mode, class}");
    }
    String defaultClass = protectionClass(string(root, "defaultClass", ColumnClasses.DEFAULT, file), "defaultClass",
        file);
    int shards = StoreConfigs.indexShards(intValue(root, "indexShards", SecureProperty.INDEX_SHARDS.getInt(props),
        file));
    return new StoreConfig("config:" + file.toAbsolutePath().normalize() + "#" + tenant, tenant, backends, token,
        mode, columns, false, new ColumnClasses(defaultClass, Map.copyOf(classes)), shards);
  }

  /** {@code TABLE.COLUMN} or {@code TABLE.*}, upper-cased. */
  private static String columnKey(String key, Path file) throws SQLException {
    String k = key.trim().toUpperCase(Locale.ROOT);
    int dot = k.indexOf('.');
    if (dot <= 0 || dot == k.length() - 1 || k.startsWith("*")) {
      throw invalid(file, "column key '" + key + "' must be TABLE.COLUMN or TABLE.*");
    }
    return k;
  }

  private static String protectionClass(String text, String where, Path file) throws SQLException {
    String c = ColumnClasses.canonical(text);
    if (c == null) {
      throw invalid(file, where + " has class '" + text + "': use one of " + ColumnClasses.KNOWN);
    }
    return c;
  }

  /** {@code TABLE.COLUMN}, {@code TABLE.*}, {@code *.COLUMN} or {@code *}, upper-cased. */
  private static String columnPattern(String text, String backend, Path file) throws SQLException {
    String p = text.trim().toUpperCase(Locale.ROOT);
    if (!PATTERN.matcher(p).matches()) {
      throw invalid(file, "backend '" + backend + "' has allowedColumns entry '" + text
          + "': use TABLE.COLUMN, TABLE.*, *.COLUMN or *");
    }
    return p;
  }

  private static List<BackendSpec> backends(Object node, Path file) throws SQLException {
    if (!(node instanceof List<?> list) || list.isEmpty()) {
      throw invalid(file, "'backends' must list at least one data and one index backend");
    }
    List<BackendSpec> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Map)) {
        throw invalid(file, "each backend must be a mapping with name, role and url");
      }
      Map<String, Object> b = cast(item);
      String name = required(b, "name", file);
      String roleText = required(b, "role", file);
      BackendRole role;
      try {
        role = BackendRole.valueOf(roleText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw invalid(file, "backend '" + name + "' has role '" + roleText + "': use data or index");
      }
      Properties extra = new Properties();
      if (b.get("properties") instanceof Map<?, ?> m) {
        m.forEach((k, v) -> extra.setProperty(String.valueOf(k), env(String.valueOf(v))));
      }
      Map<String, Object> pool = b.get("pool") instanceof Map ? cast(b.get("pool")) : Map.of();
      PoolSettings defaults = PoolSettings.defaults();
      PoolSettings settings = new PoolSettings(
          intValue(pool, "maximumPoolSize", defaults.maximumPoolSize(), file),
          intValue(pool, "connectionTimeoutMs", (int) defaults.connectionTimeoutMillis(), file),
          intValue(pool, "validationTimeoutMs", (int) defaults.validationTimeoutMillis(), file),
          intValue(pool, "lockTimeoutMs", (int) defaults.lockTimeoutMillis(), file));
      List<String> allowed = null;
      if (b.get("allowedColumns") instanceof List<?> l) {
        allowed = new ArrayList<>();
        for (Object o : l) {
          allowed.add(columnPattern(String.valueOf(o), name, file));
        }
      } else if (b.get("allowedColumns") != null) {
        throw invalid(file, "backend '" + name + "': 'allowedColumns' must be a list such as [CUSTOMER.*]");
      }
      List<String> classes = null;
      if (b.get("classes") instanceof List<?> l) {
        classes = new ArrayList<>();
        for (Object o : l) {
          classes.add(protectionClass(String.valueOf(o), "backend '" + name + "'", file));
        }
      } else if (b.get("classes") != null) {
        throw invalid(file, "backend '" + name + "': 'classes' must be a list such as [public, internal]");
      }
      out.add(new BackendSpec(name, role, string(b, "zone", name, file), required(b, "url", file),
          string(b, "user", null, file), string(b, "password", null, file), extra, settings,
          allowed == null ? null : List.copyOf(allowed), classes == null ? null : List.copyOf(classes)));
    }
    return out;
  }

  private static TokenSpec token(Object node, Properties props, Path file) throws SQLException {
    if (node == null) {
      return StoreConfigs.tokenSpec(props, file.resolveSibling("token.sjks").toString());
    }
    if (!(node instanceof Map)) {
      throw invalid(file, "'token' must be a mapping with type and options");
    }
    Map<String, Object> t = cast(node);
    String type = string(t, "type", "software", file);
    Map<String, String> options = new LinkedHashMap<>();
    if (t.get("options") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> options.put(String.valueOf(k), env(String.valueOf(v))));
    }
    if (type.equalsIgnoreCase("software") && !options.containsKey("path")) {
      options.put("path", file.resolveSibling("token.sjks").toString());
    }
    return new TokenSpec(type, options);
  }

  private static KeywordMode mode(String text, Path file) throws SQLException {
    try {
      return KeywordMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid(file, "keyword mode '" + text + "' is not PLAIN, PROTECTED or NONE");
    }
  }

  private static String required(Map<String, Object> m, String key, Path file) throws SQLException {
    String v = string(m, key, null, file);
    if (v == null || v.isBlank()) {
      throw invalid(file, "a backend lacks '" + key + "'");
    }
    return v;
  }

  private static String string(Map<String, Object> m, String key, String dflt, Path file) throws SQLException {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Map || v instanceof List) {
      throw invalid(file, "'" + key + "' must be a single value");
    }
    return env(String.valueOf(v));
  }

  private static int intValue(Map<String, Object> m, String key, int dflt, Path file) throws SQLException {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(env(String.valueOf(v)).trim());
    } catch (NumberFormatException e) {
      throw invalid(file, "'" + key + "' must be an integer");
    }
  }

  /** Substitutes ${NAME} with the environment variable; an unset variable becomes empty. */
  static String env(String value) {
    Matcher m = ENV.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = System.getenv(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  private static SQLException invalid(Path file, String why) {
    return SqlState.UNABLE_TO_CONNECT.exception("invalid secure-jdbc configuration " + file.getFileName() + ": "
        + why);
  }
}
