package io.securejdbc.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * One-column posting keys must sort exactly as (keyword, entry) pairs do, and a keyword range must be exactly one
 * key range: the backend answers lookups on the keys alone. Keywords are drawn from a small alphabet rich in 0x00,
 * 0x01 and 0xFF, with many prefixes of one another (the cases escaping exists for); a failure names its seed.
 */
class PostingKeyTest {

  private static final HexFormat HEX = HexFormat.of();

  static Stream<Long> seeds() {
    return LongStream.range(1, 31).boxed();
  }

  private static byte[] keyword(Random r) {
    byte[] alphabet = {0, 1, 2, (byte) 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};
    byte[] k = new byte[r.nextInt(6)];
    for (int i = 0; i < k.length; i++) {
      k[i] = alphabet[r.nextInt(alphabet.length)];
    }
    return k;
  }

  private static byte[] entry(Random r) {
    byte[] e = new byte[r.nextBoolean() ? 2 : ColumnIndex.TAGGED_ENTRY_LENGTH];
    for (int i = 0; i < e.length; i++) {
      e[i] = (byte) (r.nextInt(4) == 0 ? 0 : r.nextInt(256));
    }
    return e;
  }

  private static int pairOrder(byte[] k1, byte[] e1, byte[] k2, byte[] e2) {
    int c = Arrays.compareUnsigned(k1, k2);
    return Integer.signum(c != 0 ? c : Arrays.compareUnsigned(e1, e2));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void keys_sortAsPairs_andSplitBack(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 3000; i++) {
      byte[] k1 = keyword(r);
      byte[] e1 = entry(r);
      byte[] k2 = r.nextInt(4) == 0 ? k1 : keyword(r);
      byte[] e2 = r.nextInt(8) == 0 ? e1 : entry(r);
      byte[] key1 = PostingKey.of(k1, e1);
      byte[] key2 = PostingKey.of(k2, e2);
      String what = "seed " + seed + ": " + HEX.formatHex(k1) + "/" + HEX.formatHex(e1) + " vs " + HEX.formatHex(k2)
          + "/" + HEX.formatHex(e2);
      assertThat(Integer.signum(Arrays.compareUnsigned(key1, key2))).as(what).isEqualTo(pairOrder(k1, e1, k2, e2));
      assertThat(PostingKey.keyword(key1)).as(what).isEqualTo(k1);
      assertThat(PostingKey.entry(key1)).as(what).isEqualTo(e1);
      assertThat(PostingKey.split(key1)).as(what).isDeepEqualTo(new byte[][] {k1, e1});
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void keywordRanges_areExactlyKeyRanges(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 3000; i++) {
      byte[] lo = keyword(r);
      byte[] hi = keyword(r);
      KeyRange range = new KeyRange(r.nextInt(5) == 0 ? null : lo, r.nextBoolean(), r.nextInt(5) == 0 ? null : hi,
          r.nextBoolean());
      if (r.nextInt(4) == 0) {
        range = KeyRange.exact(lo);
      }
      byte[] kw = r.nextInt(3) == 0 ? (r.nextBoolean() ? lo : hi) : keyword(r);
      byte[] key = PostingKey.of(kw, entry(r));
      byte[][] bounds = PostingKey.bounds(range);
      boolean inKeys = (bounds[0] == null || Arrays.compareUnsigned(key, bounds[0]) >= 0)
          && (bounds[1] == null || Arrays.compareUnsigned(key, bounds[1]) < 0);
      assertThat(inKeys).as("seed %d: keyword %s in %s", seed, HEX.formatHex(kw), range)
          .isEqualTo(range.contains(kw));
    }
  }

  @Test
  void keysNotInTheForm_areRefused() {
    for (byte[] bad : new byte[][] {{}, {1, 2, 3}, {0}, {0, 1, 0, 0}, {5, 0, 7, 0, 0, 9}}) {
      assertThatThrownBy(() -> PostingKey.entry(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> PostingKey.keyword(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> PostingKey.split(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(PostingKey.keyword(new byte[] {0, (byte) 0xFF, 0, 0, 9})).containsExactly(0);
  }
}
