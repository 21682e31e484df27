package io.securejdbc.testkit;

import io.securejdbc.backend.ConnectionInterceptor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fails the k-th backend operation (a statement execution or a commit) once: by throwing, or by closing the
 * connection first (a dropped connection). Counts operations when {@code k} is 0.
 */
public final class FaultInjector implements AutoCloseable {

  private static final Set<String> OPERATIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch",
      "executeLargeUpdate", "executeLargeBatch", "commit");

  private final AtomicInteger count = new AtomicInteger();
  private final int failAt;
  private final boolean drop;
  private volatile boolean fired;
  private volatile String where = "";

  public FaultInjector(int failAt, boolean drop) {
    this.failAt = failAt;
    this.drop = drop;
    ConnectionInterceptor.install(this::wrapConnection);
  }

  public int operations() {
    return count.get();
  }

  public boolean fired() {
    return fired;
  }

  /** The driver frames at the injected failure (for assertion messages). */
  public String where() {
    return where;
  }

  private void maybeFail(Connection real) throws SQLException {
    if (count.incrementAndGet() == failAt) {
      fired = true;
      StringBuilder sb = new StringBuilder();
      for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
        if (e.getClassName().startsWith("io.securejdbc") && !e.getClassName().contains("testkit")) {
          sb.append(e.getClassName().replaceAll(".*\\.", "")).append('.').append(e.getMethodName()).append(' ');
        }
      }
      where = sb.toString();
      if (drop) {
        real.close();
      }
      throw new SQLException("injected backend failure", "08006");
    }
  }

  private Connection wrapConnection(Connection real) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        handler(real, real));
  }

  private InvocationHandler handler(Object target, Connection real) {
    return (proxy, m, args) -> {
      if (OPERATIONS.contains(m.getName())) {
        maybeFail(real);
      }
      try {
        Object result = m.invoke(target, args);
        if (result instanceof PreparedStatement ps) {
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
              handler(ps, real));
        }
        if (result instanceof Statement st) {
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
              handler(st, real));
        }
        return result;
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
  }

  @Override
  public void close() {
    ConnectionInterceptor.uninstall();
  }
}
