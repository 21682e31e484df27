package io.securejdbc.token.pkcs11;

import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokenProvider;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Opens {@link Pkcs11Token}s (type {@code pkcs11}). Options:
 * <ul>
 *   <li>{@code library} (default {@code /usr/lib/softhsm/libsofthsm2.so}): the PKCS#11 module.</li>
 *   <li>{@code slotListIndex} (default 0): which slot of the module's slot list.</li>
 *   <li>{@code name} (default {@code secure-jdbc}; letters, digits, '-' and '_'): the SunPKCS11 provider name
 *       suffix.</li>
 *   <li>{@code label} (default: the name): the label in key handles and log lines.</li>
 *   <li>{@code pinCounterFile}: a file for a client-side PIN retry counter, for tokens without a retry limit of
 *       their own (SoftHSM2); absent means the device's limit alone applies.</li>
 *   <li>{@code maxPinAttempts} (default 5): the client-side limit, used with {@code pinCounterFile}.</li>
 * </ul>
 */
public final class Pkcs11TokenProvider implements KeyTokenProvider {

  private static final Set<String> OPTIONS =
      Set.of("library", "slotListIndex", "name", "label", "pinCounterFile", "maxPinAttempts");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Override
  public String type() {
    return "pkcs11";
  }

  @Override
  public KeyToken open(Map<String, String> options) throws TokenException {
    return new Pkcs11Token(settings(options));
  }

  static Pkcs11Settings settings(Map<String, String> options) throws TokenException {
    for (String key : options.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new TokenException(Reason.UNSUPPORTED,
            "unknown pkcs11 token option '" + key + "' (known: " + new TreeSet<>(OPTIONS) + ")");
      }
    }
    String lib = options.getOrDefault("library", Pkcs11Settings.DEFAULT_LIBRARY.toString());
    // The value goes into a SunPKCS11 configuration file, where quotes, line breaks and ${...} have meaning.
    if (lib.isBlank() || lib.contains("\"") || lib.contains("\n") || lib.contains("\r") || lib.contains("${")) {
      throw new TokenException(Reason.UNSUPPORTED, "the pkcs11 library path contains characters it may not");
    }
    Path library = Path.of(lib);
    if (!Files.isRegularFile(library)) {
      throw new TokenException(Reason.ABSENT, "PKCS#11 library not found: " + library);
    }
    String name = options.getOrDefault("name", "secure-jdbc");
    if (!NAME.matcher(name).matches()) {
      throw new TokenException(Reason.UNSUPPORTED, "the pkcs11 name has 1..64 letters, digits, '-' or '_'");
    }
    int slot = integer(options, "slotListIndex", 0);
    int max = integer(options, "maxPinAttempts", 5);
    if (slot < 0 || max < 1 || max > 1000) {
      throw new TokenException(Reason.UNSUPPORTED, "slotListIndex must be >= 0 and maxPinAttempts 1..1000");
    }
    String counter = options.get("pinCounterFile");
    return new Pkcs11Settings(library, slot, name, options.getOrDefault("label", name), max,
        counter == null || counter.isBlank() ? null : Path.of(counter));
  }

  private static int integer(Map<String, String> options, String key, int dflt) throws TokenException {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new TokenException(Reason.UNSUPPORTED, "pkcs11 token option " + key + " must be an integer");
    }
  }
}
