package io.securejdbc.bench;

/** Development helper: how long each engine takes to create and load n rows per table. */
public final class LoadTimer {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    for (int i = 1; i < args.length; i++) {
      Engine e = Engine.parse(args[i]);
      try (Db db = e.open(n)) {
        System.out.printf("%s n=%d load=%d ms%n", e, n, db.loadMillis());
      }
    }
  }
}
