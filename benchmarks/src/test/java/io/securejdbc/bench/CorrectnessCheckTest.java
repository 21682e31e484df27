package io.securejdbc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The harness's only test (benchmarks never run as tests): the correctness checker passes an engine that answers
 * like plain H2 and flags one that does not. 100 rows.
 */
class CorrectnessCheckTest {

  @Test
  void checkerAcceptsEqualAnswersAndFlagsWrongOnes() throws Exception {
    try (Db ref = Engine.h2.open(100); Db same = Engine.h2.open(100)) {
      Db asEngine = new Db(Engine.secure, 100, same.connection(), () -> { });
      assertThat(Workload.point.check(asEngine, ref).kind()).isEqualTo("ok");
      assertThat(Workload.insert500.check(asEngine, ref).kind()).isEqualTo("ok");
      try (Statement s = same.connection().createStatement()) {
        s.executeUpdate("UPDATE customer SET balance = balance + 1");
      }
      Verdict v = Workload.groupby.check(asEngine, ref);
      assertThat(v.kind()).isEqualTo("wrong");
      assertThat(v.detail()).contains("first difference");
    }
  }

  @Test
  void secureJdbcAnswersThePointLookupLikePlainH2() throws Exception {
    try (Db ref = Engine.h2.open(100); Db secure = Engine.secure.open(100)) {
      assertThat(Workload.point.check(secure, ref).kind()).isEqualTo("ok");
    }
  }
}
