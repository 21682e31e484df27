package io.securejdbc.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds token providers through {@link ServiceLoader}. */
public final class KeyTokens {

  private KeyTokens() {}

  public static KeyToken open(String type, Map<String, String> options) throws TokenException {
    List<String> known = new ArrayList<>();
    for (KeyTokenProvider provider : ServiceLoader.load(KeyTokenProvider.class, KeyTokens.class.getClassLoader())) {
      if (provider.type().equalsIgnoreCase(type)) {
        return provider.open(options);
      }
      known.add(provider.type());
    }
    throw new TokenException(TokenException.Reason.UNSUPPORTED,
        "no token provider of type '" + type + "' on the class path (known: " + known + ")");
  }
}
