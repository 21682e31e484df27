package io.securejdbc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.securejdbc.testkit.TestDb;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The attacker's view: an insider at each provider opens its backend directly and looks for what it must not see.
 */
class InsiderViewTest {

  @Test
  void dataBackend_holdsNoPlaintext_indexBackends_holdNoRowIds_andNoBackendHoldsBoth() throws Exception {
    String name = TestDb.uniqueName();
    List<String> secrets = new ArrayList<>();
    Random r = new Random(7);
    try (Connection c = TestDb.open(name)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE PATIENT (ID INTEGER PRIMARY KEY, NAME VARCHAR(80), DIAGNOSIS VARCHAR(200),"
            + " BORN DATE, SALARY DECIMAL(10, 2))");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO PATIENT VALUES (?, ?, ?, DATE '1980-01-01', ?)")) {
        for (int i = 0; i < 50; i++) {
          String patient = "Patient-" + Long.toHexString(r.nextLong());
          String diagnosis = "Diagnosis-" + Long.toHexString(r.nextLong());
          secrets.add(patient);
          secrets.add(diagnosis);
          ps.setInt(1, 1000 + i);
          ps.setString(2, patient);
          ps.setString(3, diagnosis);
          ps.setBigDecimal(4, new java.math.BigDecimal("12345.67"));
          ps.executeUpdate();
        }
      }
      try (Connection data = TestDb.backend(name, "data")) {
        List<byte[]> cells = TestDb.allCells(data);
        assertThat(cells).isNotEmpty();
        for (String secret : secrets) {
          byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
          assertThat(cells).noneMatch(cell -> TestDb.contains(cell, needle));
        }
        // Table and column names do not reach the backend either.
        assertThat(TestDb.tables(data)).noneMatch(t -> t.toUpperCase().contains("PATIENT"));
        List<Long> rowIds = new ArrayList<>();
        String dataTable = TestDb.tables(data).stream().filter(t -> t.startsWith("SJ_D_")).findFirst().orElseThrow();
        try (Statement s = data.createStatement(); ResultSet rs = s.executeQuery("SELECT rid FROM " + dataTable)) {
          while (rs.next()) {
            rowIds.add(rs.getLong(1));
          }
        }
        assertThat(rowIds).hasSize(50);
        // Row ids are random, not sequential.
        assertThat(rowIds.stream().mapToLong(Long::longValue).max().getAsLong()).isGreaterThan(1L << 40);
        for (String index : List.of("index0", "index1")) {
          try (Connection idx = TestDb.backend(name, index)) {
            assertThat(TestDb.tables(idx)).noneMatch(t -> t.startsWith("SJ_D_") || t.equals("SJ_META"));
            List<byte[]> idxCells = TestDb.allCells(idx);
            for (long rid : rowIds) {
              byte[] ridBytes = ByteBuffer.allocate(8).putLong(rid).array();
              byte[] ridText = Long.toString(rid).getBytes(StandardCharsets.US_ASCII);
              assertThat(idxCells).noneMatch(cell -> TestDb.contains(cell, ridBytes) || TestDb.contains(cell, ridText));
            }
          }
        }
        assertThat(TestDb.tables(data)).noneMatch(t -> t.startsWith("SJ_I_"));
      }
      // Each column's index lands on an index backend; both index backends are used.
      int used = 0;
      for (String index : List.of("index0", "index1")) {
        try (Connection idx = TestDb.backend(name, index)) {
          used += TestDb.tables(idx).isEmpty() ? 0 : 1;
        }
      }
      assertThat(used).isEqualTo(2);
    }
  }

  /**
   * Rows written by one batch get one run of consecutive ids (their high 55 bits), so the data backend's B-tree
   * takes them in a few pages; rows written one by one stay scattered over the whole id space.
   */
  @Test
  void batchRows_shareOneRunOfIds_singleRowsAreScattered() throws Exception {
    assumeTrue(TestDb.inMemoryLayout(), "raw backend access by name needs the in-memory layout");
    String name = TestDb.uniqueName();
    try (Connection c = TestDb.open(name)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE RUNS (ID INTEGER PRIMARY KEY, V VARCHAR(20))");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO RUNS VALUES (?, ?)")) {
        for (int i = 0; i < 300; i++) {
          ps.setInt(1, i);
          ps.setString(2, "v" + i);
          ps.addBatch();
        }
        ps.executeBatch();
        for (int i = 300; i < 320; i++) {
          ps.setInt(1, i);
          ps.setString(2, "v" + i);
          ps.executeUpdate();
        }
      }
      try (Connection data = TestDb.backend(name, "data")) {
        String t = TestDb.tables(data).stream().filter(x -> x.startsWith("SJ_D_")).findFirst().orElseThrow();
        List<Long> high = new ArrayList<>();
        for (List<Object> row : TestDb.rows(data, "SELECT rid FROM " + t + " ORDER BY rid")) {
          high.add(((Number) row.get(0)).longValue() >>> 8);
        }
        assertThat(high).hasSize(320);
        // Longest run of consecutive high parts: the batch's 300 rows; single rows join it only by chance.
        int longest = 1;
        int run = 1;
        for (int i = 1; i < high.size(); i++) {
          run = high.get(i) == high.get(i - 1) + 1 ? run + 1 : 1;
          longest = Math.max(longest, run);
        }
        assertThat(longest).isEqualTo(300);
        assertThat(high.get(high.size() - 1) - high.get(0)).isGreaterThan(1L << 40);
      }
    }
  }
}
