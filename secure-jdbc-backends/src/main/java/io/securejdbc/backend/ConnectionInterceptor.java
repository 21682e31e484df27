package io.securejdbc.backend;

import java.sql.Connection;
import java.util.function.UnaryOperator;

/**
 * A hook that wraps every backend connection the driver opens. It exists for fault-injection tests (failing the
 * k-th backend operation to prove the write protocol); production code never installs one.
 */
public final class ConnectionInterceptor {

  private static volatile UnaryOperator<Connection> interceptor;

  private ConnectionInterceptor() {}

  public static void install(UnaryOperator<Connection> wrapper) {
    interceptor = wrapper;
  }

  public static void uninstall() {
    interceptor = null;
  }

  static Connection apply(Connection c) {
    UnaryOperator<Connection> i = interceptor;
    return i == null ? c : i.apply(c);
  }
}
