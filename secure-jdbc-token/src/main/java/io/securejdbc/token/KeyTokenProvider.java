package io.securejdbc.token;

import java.util.Map;

/**
 * The plug-in point for token vendors (found through {@link java.util.ServiceLoader}). A vendor ships a jar with an
 * implementation and a {@code META-INF/services/io.securejdbc.token.KeyTokenProvider} entry; the driver picks it by
 * {@link #type()} from the {@code tokenType} connection property or the YAML {@code token.type} key.
 */
public interface KeyTokenProvider {

  /** The token type this provider opens, e.g. {@code software}, {@code pkcs11}, {@code codemeter}. */
  String type();

  /**
   * Opens (connects to) a token. {@code options} holds the provider's settings (paths, slot, library); it never holds
   * the PIN, which goes to {@link KeyToken#login}.
   */
  KeyToken open(Map<String, String> options) throws TokenException;
}
