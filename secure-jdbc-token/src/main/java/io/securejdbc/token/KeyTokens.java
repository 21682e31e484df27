package io.securejdbc.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;

/** Finds token providers through {@link ServiceLoader}. */
public final class KeyTokens {

  private KeyTokens() {}

  public static KeyToken open(String type, Map<String, String> options) throws TokenException {
    List<String> known = new ArrayList<>();
    Iterator<KeyTokenProvider> providers =
        ServiceLoader.load(KeyTokenProvider.class, KeyTokens.class.getClassLoader()).iterator();
    while (true) {
      KeyTokenProvider provider;
      try {
        if (!providers.hasNext()) {
          break;
        }
        provider = providers.next();
      } catch (ServiceConfigurationError e) {
        // A broken vendor jar must not hide the working providers.
        LoggerFactory.getLogger(KeyTokens.class).warn("skipping a token provider that cannot be loaded: {}",
            e.getMessage());
        continue;
      }
      if (provider.type().equalsIgnoreCase(type)) {
        return provider.open(options);
      }
      known.add(provider.type());
    }
    throw new TokenException(TokenException.Reason.UNSUPPORTED,
        "no token provider of type '" + type + "' on the class path (known: " + known + ")");
  }
}
