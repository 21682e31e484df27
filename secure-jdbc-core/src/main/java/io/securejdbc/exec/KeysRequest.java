package io.securejdbc.exec;

import java.util.List;

/**
 * Which generated keys an INSERT should return: none; the identity columns (or, without identity, the primary key);
 * or the named / numbered columns.
 */
public record KeysRequest(boolean wanted, List<String> names, int[] indexes) {

  public static final KeysRequest NONE = new KeysRequest(false, null, null);
  public static final KeysRequest DEFAULT = new KeysRequest(true, null, null);
}
