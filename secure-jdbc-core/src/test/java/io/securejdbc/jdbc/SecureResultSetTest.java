package io.securejdbc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The application's result set is a hand-written delegate: every method of {@link ResultSet} must reach the engine's
 * result set with the same arguments and return its answer, and every engine error must leave through the funnel
 * that strips values. Checked over all methods by reflection, so a method added or mistyped is caught.
 */
class SecureResultSetTest {

  /** Answered by the wrapper itself, tested separately. */
  private static final Set<String> OWN = Set.of("getStatement", "getMetaData", "unwrap", "isWrapperFor");

  private Connection conn;

  @BeforeEach
  void open() throws SQLException {
    conn = DriverManager.getConnection("jdbc:secure:mem:resultset_" + System.nanoTime());
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  @Test
  void everyMethod_reachesTheEngineWithItsArguments_andReturnsItsAnswer() throws Exception {
    AtomicReference<Method> called = new AtomicReference<>();
    AtomicReference<Object[]> calledWith = new AtomicReference<>();
    ResultSet target = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ResultSet.class}, (proxy, m, args) -> {
          called.set(m);
          calledWith.set(args == null ? new Object[0] : args);
          return answer(m.getReturnType());
        });
    ResultSet rs = new SecureResultSet(target, null, ((SecureConnection) conn).executor());
    int checked = 0;
    for (Method m : ResultSet.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || OWN.contains(m.getName())) {
        continue;
      }
      called.set(null);
      Object[] args = arguments(m);
      Object result = m.invoke(rs, args);
      assertThat(called.get()).as("%s reaches the engine's result set", m).isEqualTo(m);
      assertThat(calledWith.get()).as("%s passes its arguments in order", m).containsExactly(args);
      if (m.getReturnType() != void.class) {
        assertThat(result).as("%s returns the engine's answer", m).isEqualTo(answer(m.getReturnType()));
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(180);
  }

  @Test
  void everyMethod_reportsEngineErrorsWithoutTheValue() throws Exception {
    SQLException engineError = DbException.get(ErrorCode.DATA_CONVERSION_ERROR_1, "'secret-value'")
        .getSQLException();
    ResultSet target = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ResultSet.class}, (proxy, m, args) -> {
          throw engineError;
        });
    ResultSet rs = new SecureResultSet(target, null, ((SecureConnection) conn).executor());
    List<String> leaking = new ArrayList<>();
    for (Method m : ResultSet.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || OWN.contains(m.getName()) && !m.getName().equals("getMetaData")) {
        continue;
      }
      try {
        m.invoke(rs, arguments(m));
        leaking.add(m + " did not fail");
      } catch (InvocationTargetException e) {
        SQLException sql = (SQLException) e.getCause();
        if (sql.getMessage().contains("secret-value") || !"22018".equals(sql.getSQLState())) {
          leaking.add(m + ": " + sql.getSQLState() + " " + sql.getMessage());
        }
      }
    }
    assertThat(leaking).isEmpty();
  }

  @Test
  void throughTheDriver_conversionErrorsNameNoValue_andTheResultSetNamesOurObjects() throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE note (id INT PRIMARY KEY, body VARCHAR(40))");
      s.execute("INSERT INTO note VALUES (1, 'secret-value')");
    }
    try (PreparedStatement ps = conn.prepareStatement("SELECT body FROM note WHERE id = ?")) {
      ps.setInt(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getStatement()).isSameAs(ps);
        assertThat(rs.getMetaData().getCatalogName(1)).isEqualTo(Proxies.CATALOG);
        assertThat(rs.unwrap(ResultSet.class)).isSameAs(rs);
        assertThat(rs.isWrapperFor(org.h2.jdbc.JdbcResultSet.class)).isFalse();
        assertThatThrownBy(() -> rs.unwrap(org.h2.jdbc.JdbcResultSet.class)).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HY000"));
        assertThatThrownBy(() -> rs.getInt(1)).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22018"))
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThat(rs.getString(1)).isEqualTo("secret-value");
      }
    }
  }

  /** A distinct, non-default answer per return type, so a wrapper that drops the engine's answer is caught. */
  private static Object answer(Class<?> type) {
    if (type == boolean.class) {
      return true;
    }
    if (type == int.class) {
      return 42;
    }
    if (type == long.class) {
      return 42L;
    }
    if (type == short.class) {
      return (short) 42;
    }
    if (type == byte.class) {
      return (byte) 42;
    }
    if (type == double.class) {
      return 4.2d;
    }
    if (type == float.class) {
      return 4.2f;
    }
    if (type == String.class) {
      return "answer";
    }
    if (type == Object.class) {
      return ANSWER;
    }
    return null;
  }

  private static final Object ANSWER = new Object();

  /** Arguments of the method's parameter types, each distinct from the others, so a swapped pair is caught. */
  private static Object[] arguments(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = sample(types[i], i);
    }
    return args;
  }

  private static Object sample(Class<?> type, int position) {
    int n = position + 2;
    if (type == int.class) {
      return n;
    }
    if (type == long.class) {
      return (long) n * 1000;
    }
    if (type == boolean.class) {
      return true;
    }
    if (type == byte.class) {
      return (byte) n;
    }
    if (type == short.class) {
      return (short) n;
    }
    if (type == float.class) {
      return n + 0.5f;
    }
    if (type == double.class) {
      return n + 0.25d;
    }
    if (type == String.class) {
      return "label" + n;
    }
    if (type == Class.class) {
      return String.class;
    }
    if (type == Map.class) {
      return new HashMap<String, Class<?>>();
    }
    if (type == Calendar.class) {
      return Calendar.getInstance();
    }
    if (type == InputStream.class) {
      return new ByteArrayInputStream(new byte[n]);
    }
    if (type == Reader.class) {
      return new StringReader("r" + n);
    }
    if (type == BigDecimal.class) {
      return BigDecimal.valueOf(n);
    }
    if (type == byte[].class) {
      return new byte[n];
    }
    if (type == SQLType.class) {
      return JDBCType.INTEGER;
    }
    if (type == Object.class) {
      return "object" + n;
    }
    // Interfaces and classes of java.sql (Array, Blob, Date...): any instance of the type will do.
    if (type.isInterface()) {
      return Proxy.newProxyInstance(SecureResultSetTest.class.getClassLoader(), new Class<?>[] {type},
          (proxy, m, args) -> switch (m.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "sample " + type.getSimpleName();
            default -> null;
          });
    }
    return sampleOfClass(type);
  }

  private static Object sampleOfClass(Class<?> type) {
    return switch (type.getName()) {
      case "java.sql.Date" -> java.sql.Date.valueOf("2026-12-06");
      case "java.sql.Time" -> java.sql.Time.valueOf("12:34:56");
      case "java.sql.Timestamp" -> java.sql.Timestamp.valueOf("2026-12-06 12:34:56");
      default -> throw new IllegalStateException("no sample for " + type);
    };
  }
}
