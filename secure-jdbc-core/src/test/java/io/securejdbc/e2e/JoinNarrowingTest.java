package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A join whose other side has no constant predicate is narrowed through the join key's index (a semi-join): results
 * equal plain H2's, and only the matching rows are decrypted. Outer joins never narrow their preserved side.
 */
class JoinNarrowingTest {

  private Connection secure;
  private Connection plain;

  @BeforeEach
  void load() throws Exception {
    secure = TestDb.open(TestDb.uniqueName());
    plain = TestDb.plainH2();
    for (Connection c : List.of(secure, plain)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE CUSTOMER (ID INTEGER PRIMARY KEY, NAME VARCHAR(20), CITY VARCHAR(20))");
        s.execute("CREATE TABLE ORDERS (ID INTEGER PRIMARY KEY, CUST INTEGER, AMOUNT INTEGER, STATUS VARCHAR(5))");
      }
      try (PreparedStatement cu = c.prepareStatement("INSERT INTO CUSTOMER VALUES (?, ?, ?)");
          PreparedStatement or = c.prepareStatement("INSERT INTO ORDERS VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= 200; i++) {
          cu.setInt(1, i);
          cu.setString(2, "c" + i);
          cu.setString(3, i % 10 == 0 ? null : "city" + (i % 7));
          cu.addBatch();
        }
        cu.executeBatch();
        for (int i = 1; i <= 1000; i++) {
          or.setInt(1, i);
          if (i % 50 == 0) {
            or.setNull(2, java.sql.Types.INTEGER);
          } else {
            or.setInt(2, 1 + (i * 37) % 230);
          }
          or.setInt(3, i % 97);
          or.setString(4, i % 3 == 0 ? "open" : "done");
          or.addBatch();
        }
        or.executeBatch();
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    secure.close();
    plain.close();
  }

  static Stream<Object[]> joins() {
    return Stream.of(
        new Object[] {"SELECT c.NAME, o.AMOUNT FROM CUSTOMER c JOIN ORDERS o ON o.CUST = c.ID WHERE c.ID = 7", 10},
        new Object[] {"SELECT c.NAME, o.ID FROM CUSTOMER c, ORDERS o WHERE c.ID = o.CUST AND c.NAME = 'c12'", 10},
        new Object[] {"SELECT o.ID, c.NAME FROM ORDERS o JOIN CUSTOMER c ON c.ID = o.CUST WHERE o.ID IN (3, 4, 5)", 10},
        new Object[] {"SELECT c.ID, o.ID FROM CUSTOMER c LEFT JOIN ORDERS o ON o.CUST = c.ID WHERE c.ID < 3", 20},
        new Object[] {"SELECT c.ID, COUNT(o.ID) FROM CUSTOMER c LEFT JOIN ORDERS o ON o.CUST = c.ID"
            + " WHERE c.CITY = 'city3' GROUP BY c.ID", 200},
        new Object[] {"SELECT o.ID, c.ID FROM ORDERS o LEFT JOIN CUSTOMER c ON o.CUST = c.ID WHERE o.AMOUNT = 5", 30},
        new Object[] {"SELECT o.ID FROM ORDERS o LEFT JOIN CUSTOMER c ON o.CUST = c.ID WHERE c.ID = 9", 1200},
        new Object[] {"SELECT o.ID FROM ORDERS o RIGHT JOIN CUSTOMER c ON o.CUST = c.ID WHERE c.ID IN (1, 2)", 20},
        new Object[] {"SELECT c.ID FROM CUSTOMER c WHERE EXISTS (SELECT 1 FROM ORDERS o WHERE o.CUST = c.ID"
            + " AND o.STATUS = 'open' AND o.AMOUNT = 1)", 1200},
        new Object[] {"SELECT a.ID, b.ID FROM ORDERS a JOIN ORDERS b ON a.CUST = b.CUST WHERE a.ID = 10", 20});
  }

  @ParameterizedTest
  @MethodSource("joins")
  void joins_matchPlainH2_andDecryptOnlyNeededRows(String sql, int maxDecrypted) throws Exception {
    SecureConnection sc = secure.unwrap(SecureConnection.class);
    long before = sc.rowsDecrypted();
    assertThat(sorted(TestDb.rows(secure, sql))).isEqualTo(sorted(TestDb.rows(plain, sql)));
    assertThat(sc.rowsDecrypted() - before).as("rows decrypted for %s", sql).isLessThanOrEqualTo(maxDecrypted);
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort((x, y) -> x.toString().compareTo(y.toString()));
    return copy;
  }
}
