package io.securejdbc.config;

import io.securejdbc.SecureProperty;
import io.securejdbc.SqlState;
import io.securejdbc.backend.BackendRole;
import io.securejdbc.backend.Backends.PoolSettings;
import io.securejdbc.config.StoreConfig.BackendSpec;
import io.securejdbc.config.StoreConfig.TokenSpec;
import io.securejdbc.index.KeywordMode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Builds a {@link StoreConfig} from a URL: the embedded layouts of mem: and file:, or a YAML file. */
public final class StoreConfigs {

  private StoreConfigs() {}

  public static StoreConfig from(SecureUrl url) throws SQLException {
    Properties p = url.properties();
    return switch (url.kind()) {
      // Embedded backends wait up to 10 s for row locks (H2's default is 1 s), like a server would.
      case MEM -> embedded("mem:" + url.target(), p, i -> "jdbc:h2:mem:sj_" + sanitize(url.target()) + "_" + i
          + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", tokenSpec(p, null), true);
      case FILE -> {
        Path dir = Path.of(url.target()).toAbsolutePath().normalize();
        // Each tenant has its own token (key store), so one tenant's PIN never opens another's keys.
        String tenant = SecureProperty.TENANT.get(p);
        String store = "main".equals(tenant) ? "token.sjks" : "token-" + sanitize(tenant) + ".sjks";
        TokenSpec token = tokenSpec(p, dir.resolve(store).toString());
        if (java.nio.file.Files.exists(dir.resolve("data.mv.db"))
            && token.type().equals("software") && !token.options().containsKey("createIfAbsent")) {
          // The database exists: a missing key store must be an error, never silently a new empty token.
          Map<String, String> options = new LinkedHashMap<>(token.options());
          options.put("createIfAbsent", "false");
          token = new TokenSpec(token.type(), options);
        }
        // WRITE_DELAY=0: H2 would otherwise write commits up to half a second late, and a killed process would lose
        // work whose commit had returned.
        yield embedded("file:" + dir, p, i -> "jdbc:h2:file:" + dir.resolve(i) + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0",
            token, false);
      }
      case CONFIG -> YamlConfig.load(Path.of(url.target()), p);
    };
  }

  private static StoreConfig embedded(String key, Properties p, java.util.function.Function<String, String> urlOf,
      TokenSpec token, boolean drop) throws SQLException {
    int indexes = SecureProperty.INDEX_BACKENDS.getInt(p);
    if (indexes < 1 || indexes > 16) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("indexBackends must be between 1 and 16");
    }
    int datas = SecureProperty.DATA_BACKENDS.getInt(p);
    if (datas < 1 || datas > 16) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("dataBackends must be between 1 and 16");
    }
    List<BackendSpec> backends = new ArrayList<>();
    for (int i = 0; i < datas; i++) {
      // The first is "data", as before shards existed, so that older file: databases open unchanged.
      String name = i == 0 ? "data" : "data" + i;
      backends.add(new BackendSpec(name, BackendRole.DATA, "data", urlOf.apply(name), "sa", "", null,
          PoolSettings.defaults(), null));
    }
    for (int i = 0; i < indexes; i++) {
      backends.add(new BackendSpec("index" + i, BackendRole.INDEX, "index" + i, urlOf.apply("index" + i), "sa", "",
          null, PoolSettings.defaults(), null));
    }
    String tenant = SecureProperty.TENANT.get(p);
    return new StoreConfig(key + "#" + tenant, tenant, backends, token, keywordMode(p), Map.of(), drop,
        ColumnClasses.defaults(), indexShards(SecureProperty.INDEX_SHARDS.getInt(p)));
  }

  static int indexShards(int n) throws SQLException {
    if (n < 1 || n > 16) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("indexShards must be between 1 and 16");
    }
    return n;
  }

  static TokenSpec tokenSpec(Properties p, String keyStorePath) throws SQLException {
    String type = SecureProperty.TOKEN_TYPE.get(p);
    Map<String, String> options = new LinkedHashMap<>(parseOptions(SecureProperty.TOKEN_OPTIONS.get(p)));
    if (type == null || type.equalsIgnoreCase("software")) {
      type = "software";
      if (keyStorePath != null) {
        options.putIfAbsent("path", keyStorePath);
      }
      String kdf = SecureProperty.KDF_MEMORY_KIB.get(p);
      if (kdf != null) {
        options.putIfAbsent("kdfMemoryKiB", kdf);
      }
    }
    return new TokenSpec(type, options);
  }

  static Map<String, String> parseOptions(String text) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw SqlState.INVALID_PARAMETER_VALUE.exception("tokenOptions must be key=value pairs separated by commas");
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }

  static KeywordMode keywordMode(Properties p) throws SQLException {
    String mode = SecureProperty.KEYWORD_MODE.get(p);
    try {
      return KeywordMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("keywordMode must be PLAIN, PROTECTED or NONE");
    }
  }

  private static String sanitize(String name) {
    return name.replaceAll("[^A-Za-z0-9_]", "_");
  }
}
