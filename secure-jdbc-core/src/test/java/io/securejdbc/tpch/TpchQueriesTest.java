package io.securejdbc.tpch;

import io.securejdbc.testkit.ResultCompare;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 22 TPC-H queries (validation parameters) over generator data loaded identically into plain H2 and through
 * secure-jdbc: the same rows, in the same order where the query orders them totally. Subclasses pick the scale.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TpchQueriesTest {

  private static final Logger LOG = LoggerFactory.getLogger(TpchQueriesTest.class);

  private Connection secure;
  private Connection plain;

  abstract double scaleFactor();

  @BeforeAll
  void load() throws Exception {
    List<TpchData.Rows> data = TpchData.generate(scaleFactor());
    long start = System.nanoTime();
    plain = TestDb.plainH2();
    TpchData.load(plain, data);
    long plainDone = System.nanoTime();
    secure = TestDb.open(TestDb.uniqueName());
    TpchData.load(secure, data);
    LOG.info("TPC-H SF {} loaded: plain H2 {} ms, secure-jdbc {} ms", scaleFactor(),
        (plainDone - start) / 1_000_000, (System.nanoTime() - plainDone) / 1_000_000);
  }

  @AfterAll
  void close() throws Exception {
    if (secure != null) {
      secure.close();
    }
    if (plain != null) {
      plain.close();
    }
  }

  static IntStream queries() {
    return IntStream.rangeClosed(1, 22);
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void query_matchesPlainH2(int number) throws Exception {
    String sql = TpchData.resource(String.format("q%02d.sql", number));
    long start = System.nanoTime();
    List<List<Object>> expected = TestDb.rows(plain, sql);
    long plainDone = System.nanoTime();
    List<List<Object>> actual = TestDb.rows(secure, sql);
    LOG.info("TPC-H SF {} Q{}: {} rows, plain H2 {} ms, secure-jdbc {} ms", scaleFactor(), number, expected.size(),
        (plainDone - start) / 1_000_000, (System.nanoTime() - plainDone) / 1_000_000);
    // Ordered unless the file says its ORDER BY leaves ties (the engines may break ties differently).
    boolean ordered = sql.toLowerCase().contains("order by") && !sql.contains("-- compare: multiset");
    ResultCompare.assertSame(actual, expected, ordered, "TPC-H SF " + scaleFactor() + " Q" + number);
  }
}
