package io.securejdbc.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.catalog.TableInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stored row is authenticated against its associated data, so the bytes {@link RowCipher} builds must stay
 * exactly those of {@code "sj1/row/<table id>/<row id>/<generation>/<schema version>"} in ASCII, the form rows
 * were written with: a difference in one digit or sign makes every existing row unreadable.
 */
class RowCipherAadTest {

  static Stream<Long> seeds() {
    return LongStream.range(1, 6).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void associatedData_matchesTheStringForm(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] edges = {0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
    int[] intEdges = {0, 1, 9, 10, 127, 128, Integer.MAX_VALUE, -1, Integer.MIN_VALUE};
    for (int i = 0; i < 2_000; i++) {
      String tableId = i % 97 == 0 ? "t\u00e9\u20ac" + i : SecureStore.randomHex(1 + r.nextInt(12));
      long rowId = i < edges.length ? edges[i] : r.nextLong() >> r.nextInt(64);
      int generation = i < intEdges.length ? intEdges[i] : r.nextInt(1 << r.nextInt(31));
      int schemaVersion = i < intEdges.length ? intEdges[intEdges.length - 1 - i] : r.nextInt(1 << r.nextInt(31));
      byte[] expected = ("sj1/row/" + tableId + "/" + rowId + "/" + generation + "/" + schemaVersion)
          .getBytes(StandardCharsets.US_ASCII);
      assertThat(RowCipher.aad(table(tableId), rowId, generation, schemaVersion))
          .as("seed %d: table %s, row %d, generation %d, schema %d", seed, tableId, rowId, generation, schemaVersion)
          .isEqualTo(expected);
    }
  }

  private static TableInfo table(String tableId) {
    return new TableInfo("T", tableId, "data", "sj_d_x", List.of(), List.of(), List.of(), 1, 1, List.of(), 1, 0);
  }
}
