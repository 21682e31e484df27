package io.securejdbc.jdbc;

import io.securejdbc.exec.Executor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lean wrappers over the working engine's metadata (result sets: {@link SecureResultSet}): every call passes through,
 * except the few that must name our objects (getConnection, getCatalogName, unwrap), and every SQLException goes
 * through one funnel that strips values from the engine's messages.
 */
final class Proxies {

  static final String CATALOG = "SECURE";

  private Proxies() {}

  static ResultSet resultSet(ResultSet target, Statement owner, Executor executor) {
    return target == null ? null : new SecureResultSet(target, owner, executor);
  }

  static ResultSetMetaData metaData(ResultSetMetaData target, Executor executor) {
    return (ResultSetMetaData) Proxy.newProxyInstance(Proxies.class.getClassLoader(),
        new Class<?>[] {ResultSetMetaData.class}, new Handler(target, executor) {
          @Override
          Object intercept(Method m, Object[] args) {
            return m.getName().equals("getCatalogName") ? CATALOG : NOT_INTERCEPTED;
          }
        });
  }

  static DatabaseMetaData databaseMetaData(DatabaseMetaData target, SecureConnection owner, Executor executor) {
    return (DatabaseMetaData) Proxy.newProxyInstance(Proxies.class.getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class}, new Handler(target, executor) {
          @Override
          Object intercept(Method m, Object[] args) throws Throwable {
            return switch (m.getName()) {
              case "getConnection" -> owner;
              case "getURL" -> owner.url();
              case "getUserName" -> owner.userName();
              case "getDriverName" -> "secure-jdbc";
              case "getDriverVersion" -> SecureVersion.VERSION;
              case "getDriverMajorVersion" -> SecureVersion.MAJOR;
              case "getDriverMinorVersion" -> SecureVersion.MINOR;
              case "supportsTransactionIsolationLevel" ->
                  (Integer) args[0] == java.sql.Connection.TRANSACTION_READ_COMMITTED;
              case "getDefaultTransactionIsolation" -> java.sql.Connection.TRANSACTION_READ_COMMITTED;
              case "getCatalogs" -> MetaResults.catalogs();
              case "getImportedKeys" -> resultSet(MetaResults.foreignKeys(executor.database().store().catalog(),
                  null, MetaResults.ours(args[0], args[1]) ? (String) args[2] : "", false), null, executor);
              case "getExportedKeys" -> resultSet(MetaResults.foreignKeys(executor.database().store().catalog(),
                  MetaResults.ours(args[0], args[1]) ? (String) args[2] : "", null, true), null, executor);
              case "getCrossReference" -> resultSet(MetaResults.foreignKeys(executor.database().store().catalog(),
                  MetaResults.ours(args[0], args[1]) ? (String) args[2] : "",
                  MetaResults.ours(args[3], args[4]) ? (String) args[5] : "", true), null, executor);
              case "getColumns" -> resultSet(MetaResults.rewrite((ResultSet) call(m, engineArgs(m, args)),
                  target.getConnection().getCatalog(), true), null, executor);
              case "getTables", "getPrimaryKeys", "getIndexInfo", "getTypeInfo", "getSchemas",
                  "getTableTypes", "getProcedures",
                  "getFunctions", "getBestRowIdentifier", "getVersionColumns", "getColumnPrivileges",
                  "getTablePrivileges", "getUDTs", "getSuperTypes", "getSuperTables", "getAttributes",
                  "getClientInfoProperties", "getFunctionColumns", "getProcedureColumns", "getPseudoColumns" ->
                  resultSet(MetaResults.rewrite((ResultSet) call(m, engineArgs(m, args)),
                      target.getConnection().getCatalog(), false), null, executor);
              default -> NOT_INTERCEPTED;
            };
          }

          /** Catalog arguments (the first, and getCrossReference's foreign one) name ours: the engine's goes in. */
          private Object[] engineArgs(Method m, Object[] args) throws SQLException {
            if (args == null || args.length == 0 || m.getParameterTypes()[0] != String.class) {
              return args;
            }
            Object[] copy = args.clone();
            String engine = target.getConnection().getCatalog();
            copy[0] = MetaResults.engineCatalog(copy[0], engine);
            if (m.getName().equals("getCrossReference")) {
              copy[3] = MetaResults.engineCatalog(copy[3], engine);
            }
            return copy;
          }
        });
  }

  /**
   * Copies of the JDBC interface methods with the access check switched off: the check ran on every getter call of
   * every row (a few percent of a 1,000-row lookup). Only public methods of public java.sql interfaces get here.
   */
  private static final Map<Method, Method> ACCESSIBLE = new ConcurrentHashMap<>();

  private static Method accessible(Method m) {
    Method copy = ACCESSIBLE.get(m);
    if (copy == null) {
      try {
        copy = m.getDeclaringClass().getMethod(m.getName(), m.getParameterTypes());
        copy.setAccessible(true);
      } catch (ReflectiveOperationException | RuntimeException e) {
        copy = m;
      }
      ACCESSIBLE.put(m, copy);
    }
    return copy;
  }

  /** Delegation with one exception funnel. */
  private abstract static class Handler implements InvocationHandler {
    static final Object NOT_INTERCEPTED = new Object();
    private final Object target;
    private final Executor executor;

    Handler(Object target, Executor executor) {
      this.target = target;
      this.executor = executor;
    }

    abstract Object intercept(Method m, Object[] args) throws Throwable;

    Object call(Method m, Object[] args) throws Throwable {
      try {
        return accessible(m).invoke(target, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SQLException sql) {
          throw executor.translateEngineError(sql);
        }
        throw cause;
      }
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      switch (m.getName()) {
        case "unwrap":
          if (((Class<?>) args[0]).isInstance(proxy)) {
            return proxy;
          }
          throw new SQLException("not a wrapper for " + ((Class<?>) args[0]).getName(), "HY000");
        case "isWrapperFor":
          return ((Class<?>) args[0]).isInstance(proxy);
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "secure-jdbc " + m.getDeclaringClass().getSimpleName();
        default:
          break;
      }
      Object result = intercept(m, args);
      return result == NOT_INTERCEPTED ? call(m, args) : result;
    }
  }
}
