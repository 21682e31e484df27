package io.securejdbc.token.pkcs11;

import static org.junit.jupiter.api.Assertions.fail;

import io.securejdbc.token.KeyTokenContractTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A SoftHSM2 token for the tests: a fresh token directory and one initialised token per test JVM, under
 * {@code $SOFTHSM2_CONF} (which the module's surefire configuration points into {@code target/}).
 *
 * <p>Without SoftHSM2 the tests are skipped with a message, unless {@code SECURE_JDBC_REQUIRE_PKCS11=true} (CI), where
 * they fail instead: a CI run must never pass by skipping them.
 */
public final class SoftHsm {

  /** Debian's path; {@code -Dsofthsm.library=...} points elsewhere (other distributions, macOS). */
  public static final String LIBRARY = System.getProperty("softhsm.library", "/usr/lib/softhsm/libsofthsm2.so");
  static final String TOKEN_LABEL = "secure-jdbc-test";
  private static final String SO_PIN = "so-pin-9911";

  private static boolean ready;
  private static String problem;

  private SoftHsm() {}

  /** Call from {@code @BeforeAll}: sets SoftHSM2 up once, or skips (fails on CI) the calling class. */
  public static synchronized void require() {
    if (!ready && problem == null) {
      problem = setUp();
      ready = problem == null;
    }
    if (ready) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("SECURE_JDBC_REQUIRE_PKCS11"))) {
      fail("SECURE_JDBC_REQUIRE_PKCS11=true, but SoftHSM2 is not usable: " + problem);
    }
    Assumptions.abort("SoftHSM2 tests skipped: " + problem);
  }

  /** Options for a Pkcs11Token on the test token; extra entries are added or override. */
  public static Map<String, String> options(String... extra) {
    Map<String, String> o = new HashMap<>(Map.of("library", LIBRARY, "slotListIndex", "0", "name", "sjdbcTest"));
    for (int i = 0; i < extra.length; i += 2) {
      o.put(extra[i], extra[i + 1]);
    }
    return o;
  }

  /**
   * A KeyStore on the test token through a SunPKCS11 instance of its own, without the attributes template: what any
   * other PKCS#11 client of the token sees.
   */
  static KeyStore independentKeyStore() throws Exception {
    Path cfg = Files.createTempFile("softhsm-independent", ".cfg");
    try {
      Files.writeString(cfg, "name = independent\nlibrary = " + LIBRARY + "\nslotListIndex = 0\n");
      Provider p = Security.getProvider("SunPKCS11").configure(cfg.toString());
      KeyStore ks = KeyStore.getInstance("PKCS11", p);
      ks.load(null, KeyTokenContractTest.PIN.toCharArray());
      return ks;
    } finally {
      Files.deleteIfExists(cfg);
    }
  }

  private static String setUp() {
    if (!Files.isRegularFile(Path.of(LIBRARY))) {
      return LIBRARY + " not found (apt-get install softhsm2, or set -Dsofthsm.library)";
    }
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null || conf.isBlank()) {
      return "SOFTHSM2_CONF is not set; run the tests through Maven, whose surefire configuration sets it";
    }
    Path util = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
        .map(d -> Path.of(d, "softhsm2-util")).filter(Files::isExecutable).findFirst().orElse(null);
    if (util == null) {
      return "softhsm2-util not found on the PATH";
    }
    try {
      Path confFile = Path.of(conf).toAbsolutePath();
      Path tokens = confFile.resolveSibling("tokens");
      deleteRecursively(tokens);
      Files.createDirectories(tokens);
      Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
          + "log.level = ERROR\n", StandardCharsets.UTF_8);
      Process init = new ProcessBuilder(util.toString(), "--init-token", "--free", "--label", TOKEN_LABEL,
          "--pin", KeyTokenContractTest.PIN, "--so-pin", SO_PIN).redirectErrorStream(true).start();
      String out = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
        return "softhsm2-util --init-token failed: " + out.strip();
      }
      return null;
    } catch (IOException e) {
      return "cannot prepare the SoftHSM2 token directory: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
