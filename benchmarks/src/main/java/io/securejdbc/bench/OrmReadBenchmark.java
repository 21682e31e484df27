package io.securejdbc.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ordered list queries as ORMs send them (an alias on the table, ORDER BY, paging with OFFSET / FETCH FIRST), plain
 * H2 and secure-jdbc side by side, on a 10,000-row table with every column indexed: {@code sorted} reads the 1% of
 * rows in one category ordered by name, {@code page} reads the third page of 20 rows of a category ordered by id
 * descending, {@code count} counts a category's rows (a paging query's total). Not part of the documented run:
 *
 * <pre>
 * java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -jar benchmarks/target/benchmarks.jar OrmReadBenchmark -f 0
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(0)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OrmReadBenchmark {

  private static final int ROWS = 10_000;
  private static final int CATEGORIES = 100;

  @Param({"h2", "secure"})
  public String system;

  @Param({"sorted", "page", "count"})
  public String query;

  private Connection connection;
  private PreparedStatement select;
  private final SplittableRandom random = new SplittableRandom(7);

  @Setup(Level.Trial)
  public void open() throws SQLException {
    String name = "bench_read_" + System.nanoTime();
    connection = system.equals("h2") ? DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", "")
        : DriverManager.getConnection("jdbc:secure:mem:" + name);
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(40), cat INT, qty INT)");
      for (String column : new String[] {"name", "cat", "qty"}) {
        s.execute("CREATE INDEX item_" + column + " ON item (" + column + ")");
      }
    }
    connection.setAutoCommit(false);
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO item VALUES (?, ?, ?, ?)")) {
      SplittableRandom r = new SplittableRandom(1);
      for (int id = 1; id <= ROWS; id++) {
        ps.setLong(1, id);
        ps.setString(2, "item " + r.nextInt(1_000_000));
        ps.setInt(3, r.nextInt(CATEGORIES));
        ps.setInt(4, r.nextInt(1000));
        ps.addBatch();
        if (id % 500 == 0) {
          ps.executeBatch();
        }
      }
    }
    connection.commit();
    connection.setAutoCommit(true);
    select = connection.prepareStatement(switch (query) {
      case "sorted" -> "select i1_0.id, i1_0.name, i1_0.cat, i1_0.qty from item i1_0 where i1_0.cat = ?"
          + " order by i1_0.name";
      case "page" -> "select i1_0.id, i1_0.name, i1_0.qty from item i1_0 where i1_0.cat = ? order by i1_0.id desc"
          + " offset ? rows fetch first ? rows only";
      default -> "select count(i1_0.id) from item i1_0 where i1_0.cat = ?";
    });
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    connection.close();
  }

  @Benchmark
  public long read() throws SQLException {
    select.setInt(1, random.nextInt(CATEGORIES));
    if (query.equals("page")) {
      select.setInt(2, 40);
      select.setInt(3, 20);
    }
    long sum = 0;
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        sum += rs.getLong(1) + (query.equals("count") ? 0 : rs.getString(2).length());
      }
    }
    return sum;
  }
}
