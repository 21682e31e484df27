package io.securejdbc.token.soft;

import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokenProvider;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens {@link SoftwareToken}s (type {@code software}). Options:
 * <ul>
 *   <li>{@code path}: the key store file; without it the token lives only in memory and its first login sets the
 *       PIN.</li>
 *   <li>{@code createIfAbsent} (default {@code true}): when the file does not exist, the first login creates a new,
 *       empty store with that PIN; with {@code false} the login fails with {@code ABSENT}.</li>
 *   <li>{@code maxPinAttempts} (default 5, 1..1000): the retry limit of a new store.</li>
 *   <li>{@code label} (default: the file name, or {@code software}).</li>
 *   <li>{@code kdfMemoryKiB}, {@code kdfIterations}: Argon2id cost of a new store. Defaults: 65536 KiB (64 MiB) and
 *       3 for a file (RFC 9106's second recommendation), 64 KiB and 1 in memory (nothing is at rest).</li>
 * </ul>
 * The retry limit and KDF cost of an existing store come from its header; the options only shape new stores.
 * Unknown options are refused, so that a misspelt security setting is not silently ignored.
 */
public final class SoftwareTokenProvider implements KeyTokenProvider {

  private static final Set<String> OPTIONS =
      Set.of("path", "createIfAbsent", "maxPinAttempts", "label", "kdfMemoryKiB", "kdfIterations");

  @Override
  public String type() {
    return "software";
  }

  @Override
  public KeyToken open(Map<String, String> options) throws TokenException {
    for (String key : options.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new TokenException(Reason.UNSUPPORTED,
            "unknown software token option '" + key + "' (known: " + new TreeSet<>(OPTIONS) + ")");
      }
    }
    String pathText = options.get("path");
    Path path = pathText == null || pathText.isBlank() ? null : Path.of(pathText);
    boolean createIfAbsent = bool(options, "createIfAbsent", true);
    if (path == null && !createIfAbsent) {
      throw new TokenException(Reason.UNSUPPORTED, "an in-memory software token is always created by its first"
          + " login; createIfAbsent=false needs a path");
    }
    KdfParams defaults = path == null ? KdfParams.IN_MEMORY : KdfParams.PRODUCTION;
    KdfParams kdf = KdfParams.checked(integer(options, "kdfMemoryKiB", defaults.memoryKiB()),
        integer(options, "kdfIterations", defaults.iterations()), 1);
    int maxAttempts = integer(options, "maxPinAttempts", 5);
    if (maxAttempts < 1 || maxAttempts > KeyStoreImage.MAX_ATTEMPTS_LIMIT) {
      throw new TokenException(Reason.UNSUPPORTED, "maxPinAttempts must be 1.." + KeyStoreImage.MAX_ATTEMPTS_LIMIT);
    }
    String label = options.getOrDefault("label", path == null ? "software" : String.valueOf(path.getFileName()));
    Backing backing = path == null ? new Backing.InMemory() : new Backing.OnFile(path);
    return new SoftwareToken(label, backing, createIfAbsent, maxAttempts, kdf, new Argon2idKdf());
  }

  private static int integer(Map<String, String> options, String key, int dflt) throws TokenException {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new TokenException(Reason.UNSUPPORTED, "software token option " + key + " must be an integer");
    }
  }

  private static boolean bool(Map<String, String> options, String key, boolean dflt) throws TokenException {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new TokenException(Reason.UNSUPPORTED,
          "software token option " + key + " must be true or false");
    };
  }
}
