package io.securejdbc.backend;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which server and which database a JDBC URL names, without its parameters or credentials: two backends with the
 * same address would put what should be split between providers into one database. Used by the placement rules;
 * never shown in messages (the URL's host and path are configuration, not something an error should echo).
 *
 * @param server {@code host:port} of a server (loopback names folded into one), or null for an embedded database
 * @param database the database on that server (or the embedded database's name or absolute path)
 */
public record DatabaseAddress(String server, String database) {

  private static final Pattern SERVER_URL = Pattern.compile(
      "jdbc:(postgresql|mariadb|mysql|h2:tcp|h2:ssl)://([^/?;]*)/?([^?;]*).*", Pattern.CASE_INSENSITIVE);

  public static DatabaseAddress of(String jdbcUrl) {
    String url = jdbcUrl.trim();
    Matcher m = SERVER_URL.matcher(url);
    if (m.matches()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      int port = switch (scheme) {
        case "postgresql" -> 5432;
        case "mariadb", "mysql" -> 3306;
        default -> 9092;
      };
      String database = m.group(3);
      if (scheme.startsWith("h2")) {
        database = h2Database(database);
      }
      return new DatabaseAddress(servers(m.group(2), port), database);
    }
    if (url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
      return new DatabaseAddress(null, h2Database(url.substring(8)));
    }
    int cut = indexOfAny(url, ";?");
    return new DatabaseAddress(null, cut < 0 ? url : url.substring(0, cut));
  }

  /** True when both name one database. */
  public boolean sameDatabase(DatabaseAddress other) {
    return java.util.Objects.equals(server, other.server) && database.equals(other.database);
  }

  /** True when both are on one server (embedded databases are never on a shared server). */
  public boolean sameServer(DatabaseAddress other) {
    return server != null && server.equals(other.server);
  }

  private static String h2Database(String rest) {
    int cut = rest.indexOf(';');
    String db = cut < 0 ? rest : rest.substring(0, cut);
    if (db.startsWith("mem:")) {
      return db;
    }
    String file = db.startsWith("file:") ? db.substring(5) : db;
    if (file.startsWith("~")) {
      file = System.getProperty("user.home") + file.substring(1);
    }
    return "file:" + Path.of(file).toAbsolutePath().normalize();
  }

  private static String servers(String hosts, int defaultPort) {
    StringBuilder out = new StringBuilder();
    for (String h : hosts.split(",")) {
      String host = h.trim().toLowerCase(Locale.ROOT);
      String port = String.valueOf(defaultPort);
      int colon = host.lastIndexOf(':');
      if (colon > 0 && colon > host.lastIndexOf(']')) {
        port = host.substring(colon + 1).isEmpty() ? port : host.substring(colon + 1);
        host = host.substring(0, colon);
      }
      if (host.isEmpty() || host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")) {
        host = "loopback";
      }
      out.append(out.isEmpty() ? "" : ",").append(host).append(':').append(port);
    }
    return out.toString();
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
