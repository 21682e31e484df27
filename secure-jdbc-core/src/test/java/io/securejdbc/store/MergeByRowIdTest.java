package io.securejdbc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pipelined lookup's merge of fetched chunks: the same rows as a sort by row id, whatever the runs look like. */
class MergeByRowIdTest {

  static Stream<Long> seeds() {
    return new SplittableRandom(20261206).longs(200).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void merge_equalsASortOfAllRows(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Row[]> runs = new ArrayList<>();
    List<Row> all = new ArrayList<>();
    int count = r.nextInt(12);
    for (int i = 0; i < count; i++) {
      Row[] run = new Row[r.nextInt(40)];
      for (int k = 0; k < run.length; k++) {
        // Small id ranges give equal ids across runs; negative ids sort before positive ones, as longs do.
        run[k] = new Row(r.nextBoolean() ? r.nextLong(-50, 50) : r.nextLong(), new Object[] {i, k});
        all.add(run[k]);
      }
      if (r.nextInt(4) > 0) {
        Arrays.sort(run, Comparator.comparingLong(Row::rowId));
      }
      runs.add(run);
    }
    List<Row[]> before = runs.stream().map(Row[]::clone).toList();

    List<Row> merged = RowFetcher.mergeByRowId(runs);

    assertThat(merged).containsExactlyInAnyOrderElementsOf(all);
    for (int i = 1; i < merged.size(); i++) {
      assertThat(merged.get(i - 1).rowId()).as("seed %d, position %d", seed, i)
          .isLessThanOrEqualTo(merged.get(i).rowId());
    }
    for (int i = 0; i < runs.size(); i++) {
      assertThat(runs.get(i)).as("the caller's runs are left as they were").containsExactly(before.get(i));
    }
  }
}
