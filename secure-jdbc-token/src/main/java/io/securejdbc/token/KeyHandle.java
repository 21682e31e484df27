package io.securejdbc.token;

import java.util.Objects;

/**
 * Names a key that lives inside a token and never leaves it. A handle carries no key material; it is only valid with
 * the token that issued it.
 */
public final class KeyHandle {

  private final String tokenLabel;
  private final String alias;

  public KeyHandle(String tokenLabel, String alias) {
    this.tokenLabel = Objects.requireNonNull(tokenLabel, "tokenLabel");
    this.alias = Objects.requireNonNull(alias, "alias");
  }

  public String tokenLabel() {
    return tokenLabel;
  }

  public String alias() {
    return alias;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyHandle h && h.tokenLabel.equals(tokenLabel) && h.alias.equals(alias);
  }

  @Override
  public int hashCode() {
    return tokenLabel.hashCode() * 31 + alias.hashCode();
  }

  @Override
  public String toString() {
    return "KeyHandle[" + tokenLabel + "/" + alias + "]";
  }
}
