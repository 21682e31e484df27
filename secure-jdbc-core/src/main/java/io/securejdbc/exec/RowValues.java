package io.securejdbc.exec;

import java.util.Arrays;

/** Value equality as the write path needs it: byte arrays by content, everything else by equals. */
final class RowValues {

  private RowValues() {}

  static boolean same(Object[] a, Object[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      Object x = a[i];
      Object y = b[i];
      if (x instanceof byte[] bx && y instanceof byte[] by) {
        if (!Arrays.equals(bx, by)) {
          return false;
        }
      } else if (x == null ? y != null : !x.equals(y)) {
        return false;
      }
    }
    return true;
  }
}
