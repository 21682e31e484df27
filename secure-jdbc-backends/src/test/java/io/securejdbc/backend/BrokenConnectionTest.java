package io.securejdbc.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.EOFException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** A connection cut by the network: classified as a connection failure, evicted from the pool, never leaked. */
class BrokenConnectionTest {

  @Test
  void h2BrokenAndIoErrors_andSocketCauses_areConnectionFailures() {
    Dialect h2 = new H2Dialect();
    assertThat(h2.isConnectionFailure(new SQLException("broken", "90067", 90067))).isTrue();
    assertThat(h2.isConnectionFailure(new SQLException("io", "90028", 90028))).isTrue();
    assertThat(h2.isConnectionFailure(new SQLException("dup", "23505", 23505))).isFalse();
    SQLException wrapped = new SQLException("x", "HY000", 1, new EOFException());
    assertThat(new PostgresDialect().isConnectionFailure(wrapped)).isTrue();
    assertThat(new MariaDbDialect().isConnectionFailure(new SQLException("gone", "HY000", 2006))).isTrue();
  }

  @Test
  void thePoolEvictsAConnectionOnEveryErrorItsDialectCallsAConnectionFailure() {
    EvictBrokenConnections evict = new EvictBrokenConnections(new H2Dialect());
    assertThat(evict.adjudicate(new SQLException("broken", "90067", 90067)))
        .isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
    assertThat(evict.adjudicate(new SQLException("dup", "23505", 23505)))
        .isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
  }

  @Test
  void aConnectionThatBreaksDuringSetup_goesBackToThePool_andTheErrorNamesOnlyTheBackend() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:broken_setup");
    AtomicBoolean closed = new AtomicBoolean();
    DataSource ds = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (p, m, args) -> {
          if (!m.getName().equals("getConnection")) {
            return m.invoke(h2, args);
          }
          Connection real = h2.getConnection();
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
              (p2, m2, a2) -> switch (m2.getName()) {
                case "setAutoCommit" -> throw new SQLException("Connection is broken: jdbc:h2:tcp://secret", "90067",
                    90067);
                case "close" -> {
                  closed.set(true);
                  real.close();
                  yield null;
                }
                default -> m2.invoke(real, a2);
              });
        });
    Backend b = new Backend("idx-x", BackendRole.INDEX, "z", new H2Dialect(), ds, null);
    assertThatThrownBy(b::connect).isInstanceOf(SQLException.class).hasMessageContaining("backend 'idx-x'")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("jdbc:", "secret"));
    assertThat(closed).isTrue();
  }
}
