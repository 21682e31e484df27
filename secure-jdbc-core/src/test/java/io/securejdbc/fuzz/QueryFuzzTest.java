package io.securejdbc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.ResultCompare;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random schemas, data and SELECTs (see {@link FuzzQueries}) through plain H2 and through secure-jdbc: the same rows
 * (as multisets, or in order when the ORDER BY fixes it), and an error from ours whenever plain H2 raises one.
 * A failure names the seed and the query; rerun that seed alone to reproduce it.
 */
class QueryFuzzTest {

  private static final Logger LOG = LoggerFactory.getLogger(QueryFuzzTest.class);

  static Stream<Long> sample() {
    return LongStream.rangeClosed(1, 16).boxed();
  }

  static Stream<Long> many() {
    return LongStream.rangeClosed(1001, 1200).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("sample")
  void randomQueries_matchPlainH2(long seed) throws Exception {
    run(seed, 40);
  }

  @Tag("slow")
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("many")
  void manyRandomQueries_matchPlainH2(long seed) throws Exception {
    run(seed, 150);
  }

  private static void run(long seed, int queries) throws Exception {
    Random r = new Random(seed);
    FuzzSchema schema = new FuzzSchema(r);
    try (Connection secure = TestDb.open(TestDb.uniqueName()); Connection plain = TestDb.plainH2()) {
      schema.load(List.of(plain, secure));
      FuzzQueries gen = new FuzzQueries(schema, r);
      int errors = 0;
      int nonEmpty = 0;
      for (int i = 0; i < queries; i++) {
        FuzzQueries.Query q = gen.next();
        String what = "seed " + seed + " query " + i + ": " + q.sql() + " " + q.params();
        Outcome expected = run(plain, q);
        Outcome actual = run(secure, q);
        if (expected.error != null) {
          assertThat((Object) actual.error).as("%s: plain H2 fails (%s), secure-jdbc must too", what,
              expected.error.getMessage()).isNotNull();
          assertThat(actual.error.getSQLState()).as("%s: SQLState", what).isNotNull();
          errors++;
          continue;
        }
        assertThat((Object) actual.error).as("%s: plain H2 answers, secure-jdbc fails", what).isNull();
        assertThat(actual.columns).as("%s: result columns", what).isEqualTo(expected.columns);
        ResultCompare.assertSame(actual.rows, expected.rows, q.totallyOrdered(), what);
        nonEmpty += expected.rows.isEmpty() ? 0 : 1;
      }
      // How much the seed exercised: queries that return rows, and errors both engines raised.
      LOG.info("seed {}: {} queries, {} with rows, {} errors in both", seed, queries, nonEmpty, errors);
    }
  }

  /** Rows, or the error; {@code columns} is each result column's label, type and type name. */
  private record Outcome(List<String> columns, List<List<Object>> rows, SQLException error) {}

  private static Outcome run(Connection c, FuzzQueries.Query q) {
    try (PreparedStatement ps = c.prepareStatement(q.sql())) {
      for (int i = 0; i < q.params().size(); i++) {
        ps.setObject(i + 1, q.params().get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<String> columns = new java.util.ArrayList<>();
        java.sql.ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          columns.add(md.getColumnLabel(i) + " " + md.getColumnType(i) + " " + md.getColumnTypeName(i) + "("
              + md.getPrecision(i) + "," + md.getScale(i) + ")");
        }
        return new Outcome(columns, TestDb.rows(rs), null);
      }
    } catch (SQLException e) {
      return new Outcome(null, null, e);
    }
  }
}
