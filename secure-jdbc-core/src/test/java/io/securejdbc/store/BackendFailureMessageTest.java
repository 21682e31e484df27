package io.securejdbc.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.backend.Backend;
import io.securejdbc.backend.BackendRole;
import io.securejdbc.backend.Dialect;
import io.securejdbc.backend.H2Dialect;
import io.securejdbc.backend.MariaDbDialect;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The driver's message for a backend error: the backend's name, SQLState and vendor code, never the backend's own
 * text (it can quote values), plus what to change when the server's configuration is the cause.
 */
class BackendFailureMessageTest {

  /** What MariaDB says when binary logging in STATEMENT format meets READ COMMITTED (the text quotes no value here). */
  private static final SQLException BINLOG = new SQLException("Cannot execute statement: impossible to write to"
      + " binary log since BINLOG_FORMAT = STATEMENT ... 'alice@example.com'", "HY000", 1665);

  @Test
  void binlogInStatementFormat_namesTheSettingToChange() {
    SQLException e = BackendSession.failure(backend(new MariaDbDialect()), "write", BINLOG);
    assertThat(e.getSQLState()).isEqualTo("HY000");
    assertThat(e.getMessage()).contains("backend 'data-m'", "vendor code 1665", "binlog_format=STATEMENT",
        "set binlog_format to ROW or MIXED").doesNotContain("alice");
  }

  @Test
  void otherErrors_andOtherEngines_getNoRemedy() {
    SQLException other = BackendSession.failure(backend(new MariaDbDialect()), "write",
        new SQLException("Table 'x' is full", "HY000", 1114));
    assertThat(other.getMessage()).isEqualTo("backend 'data-m' failed during write (SQLState HY000, vendor code 1114)");
    SQLException h2 = BackendSession.failure(backend(new H2Dialect()), "write", BINLOG);
    assertThat(h2.getMessage()).isEqualTo("backend 'data-m' failed during write (SQLState HY000, vendor code 1665)");
  }

  private static Backend backend(Dialect dialect) {
    return new Backend("data-m", BackendRole.DATA, null, dialect, new JdbcDataSource(), null);
  }
}
