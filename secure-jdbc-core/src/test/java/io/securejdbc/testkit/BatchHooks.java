package io.securejdbc.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * Backend connections (for {@code ConnectionInterceptor.install}) whose prepared statements run a hook just before
 * each {@code executeBatch} (or another execute method): to hold a statement while something else happens, or to
 * make it fail.
 */
public final class BatchHooks {

  /** Runs before the batch; throwing fails the batch with that exception. */
  @FunctionalInterface
  public interface Hook {
    void beforeBatch() throws SQLException;
  }

  private BatchHooks() {}

  /** {@code real}, with {@code hook} run before each batch of the statements whose SQL {@code sql} accepts. */
  public static Connection wrap(Connection real, Predicate<String> sql, Hook hook) {
    return wrap(real, "executeBatch", sql, hook);
  }

  /** {@code real}, with {@code hook} run before each call of {@code method} (e.g. executeQuery) on those statements. */
  public static Connection wrap(Connection real, String method, Predicate<String> sql, Hook hook) {
    InvocationHandler connection = (proxy, m, args) -> {
      Object result = call(m, real, args);
      if (m.getName().equals("prepareStatement") && result instanceof PreparedStatement ps
          && args[0] instanceof String text && sql.test(text)) {
        return Proxy.newProxyInstance(BatchHooks.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
            (p, m2, a2) -> {
              if (m2.getName().equals(method)) {
                hook.beforeBatch();
              }
              return call(m2, ps, a2);
            });
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(BatchHooks.class.getClassLoader(), new Class<?>[] {Connection.class},
        connection);
  }

  private static Object call(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
