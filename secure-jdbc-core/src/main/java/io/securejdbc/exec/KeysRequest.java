package io.securejdbc.exec;

import java.util.List;

/**
 * Which generated keys an INSERT should return: none; the identity columns (or, without identity, the primary key);
 * or the named / numbered columns.
 */
public record KeysRequest(boolean wanted, List<String> names, int[] indexes) {

  public static final KeysRequest NONE = new KeysRequest(false, null, null);
  public static final KeysRequest DEFAULT = new KeysRequest(true, null, null);

  @Override
  public boolean equals(Object o) {
    return o instanceof KeysRequest k && k.wanted == wanted && java.util.Objects.equals(k.names, names)
        && java.util.Arrays.equals(k.indexes, indexes);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(wanted, names) * 31 + java.util.Arrays.hashCode(indexes);
  }
}
