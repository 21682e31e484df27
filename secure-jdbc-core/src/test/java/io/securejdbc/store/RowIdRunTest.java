package io.securejdbc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RowIdRun}: the ids of one write keep each row's slot, are positive and distinct, and their high parts are
 * one run of consecutive values handed out in an order unrelated to the rows' order.
 */
class RowIdRunTest {

  private static final int SLOT_BITS = Integer.numberOfTrailingZeros(Shards.SLOTS);

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void idsKeepSlots_formOneRun_andHideTheRowOrder(long seed) throws NoSuchAlgorithmException {
    SplittableRandom r = new SplittableRandom(seed);
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(seed);
    for (int n : new int[] {0, 1, 2, 3, 17, 500, 5_000}) {
      int[] slots = new int[n];
      boolean randomSlots = r.nextBoolean();
      for (int i = 0; i < n; i++) {
        slots[i] = randomSlots && r.nextInt(4) > 0 ? -1 : r.nextInt(Shards.SLOTS);
      }
      long[] ids = RowIdRun.draw(random, slots);
      assertThat(ids).hasSize(n);
      long[] high = new long[n];
      Set<Integer> randomSlotsSeen = new HashSet<>();
      for (int i = 0; i < n; i++) {
        assertThat(ids[i]).as("seed %d, n %d, id %d", seed, n, i).isPositive();
        if (slots[i] >= 0) {
          assertThat(Shards.slotOf(ids[i])).as("seed %d, n %d: slot of row %d", seed, n, i).isEqualTo(slots[i]);
        } else {
          randomSlotsSeen.add(Shards.slotOf(ids[i]));
        }
        high[i] = ids[i] >>> SLOT_BITS;
      }
      long[] sorted = high.clone();
      Arrays.sort(sorted);
      for (int i = 1; i < n; i++) {
        assertThat(sorted[i]).as("seed %d, n %d: the high parts are one run", seed, n).isEqualTo(sorted[0] + i);
      }
      if (n >= 500) {
        // The run is shuffled: about half of neighbouring rows have ascending ids (all of them would, unshuffled).
        int ascending = 0;
        for (int i = 1; i < n; i++) {
          ascending += high[i] > high[i - 1] ? 1 : 0;
        }
        assertThat(ascending).as("seed %d, n %d", seed, n).isBetween((int) (n * 0.4), (int) (n * 0.6));
        if (randomSlots) {
          // Rows without a unique key spread over the slots (so over the data shards): ~375 such rows of 500 fill
          // about 197 of the 256 slots, ~3,750 fill all.
          assertThat(randomSlotsSeen.size()).as("seed %d, n %d", seed, n).isGreaterThan(n >= 5_000 ? 250 : 170);
        }
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void separateWrites_startTheirRunsAtRandom(long seed) throws NoSuchAlgorithmException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(seed);
    Set<Long> all = new HashSet<>();
    long lowestStart = Long.MAX_VALUE;
    long highestStart = 0;
    for (int write = 0; write < 200; write++) {
      long[] ids = RowIdRun.draw(random, new int[50]);
      long start = Arrays.stream(ids).min().getAsLong() >>> SLOT_BITS;
      lowestStart = Math.min(lowestStart, start);
      highestStart = Math.max(highestStart, start);
      for (long id : ids) {
        assertThat(all.add(id)).as("seed %d: id %d drawn twice", seed, id).isTrue();
      }
    }
    // 200 random starts in [1, 2^55) spread over most of it: the ids reveal neither order nor count.
    assertThat(highestStart - lowestStart).as("seed %d", seed).isGreaterThan(1L << 54);
  }
}
