package io.securejdbc.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plain keywords must sort (as unsigned bytes, the way every backend compares them) exactly as the values sort in
 * SQL, and be equal exactly when the values are equal. Random values from seeded generators; a failure names its seed.
 */
class KeywordOrderTest {

  static Stream<Long> seeds() {
    return LongStream.range(1, 21).boxed();
  }

  private static <T> void assertOrderPreserved(SqlType type, long seed, Function<Random, T> gen,
      Comparator<T> order) {
    Random random = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      T a = gen.apply(random);
      T b = random.nextInt(10) == 0 ? a : gen.apply(random);
      int expected = Integer.signum(order.compare(a, b));
      int actual = Integer.signum(Arrays.compareUnsigned(Keywords.full(type, a), Keywords.full(type, b)));
      assertThat(actual).as("seed %d: %s vs %s", seed, a, b).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void integers_sortAsNumbers(long seed) {
    assertOrderPreserved(SqlType.BIGINT, seed, r -> switch (r.nextInt(3)) {
      case 0 -> r.nextLong();
      case 1 -> (long) r.nextInt(200) - 100;
      default -> r.nextBoolean() ? Long.MAX_VALUE - r.nextInt(3) : Long.MIN_VALUE + r.nextInt(3);
    }, Long::compare);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decimals_sortAsNumbersWhateverTheScale(long seed) {
    assertOrderPreserved(SqlType.DECIMAL, seed, r -> {
      BigDecimal d = BigDecimal.valueOf(r.nextLong() % 100000, r.nextInt(12) - 3);
      return r.nextInt(5) == 0 ? d.setScale(d.scale() + r.nextInt(4)) : d;
    }, BigDecimal::compareTo);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void doubles_sortLikeDoubleCompare(long seed) {
    double[] specials = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1.0, -1.0};
    assertOrderPreserved(SqlType.DOUBLE, seed, r -> r.nextInt(4) == 0 ? specials[r.nextInt(specials.length)]
        : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20), Double::compare);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void strings_sortLikeStringCompareTo(long seed) {
    char[] alphabet = {'\0', '\u0001', 'a', 'b', 'z', 'A', '~', '\u007f', '\u0080', '\u00e9', '\u4e2d', '\ud83d',
        '\ude00', '\uffff', ' '};
    assertOrderPreserved(SqlType.VARCHAR, seed, r -> {
      char[] s = new char[r.nextInt(6)];
      for (int i = 0; i < s.length; i++) {
        s[i] = alphabet[r.nextInt(alphabet.length)];
      }
      return new String(s);
    }, String::compareTo);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void dateTimes_sortChronologically(long seed) {
    assertOrderPreserved(SqlType.DATE, seed, r -> LocalDate.ofEpochDay(r.nextInt(2_000_000) - 1_000_000),
        LocalDate::compareTo);
    assertOrderPreserved(SqlType.TIME, seed, r -> LocalTime.ofNanoOfDay(Math.floorMod(r.nextLong(),
        86_400_000_000_000L)), LocalTime::compareTo);
    assertOrderPreserved(SqlType.TIMESTAMP, seed, r -> LocalDateTime.ofEpochSecond(r.nextInt() * 10L,
        r.nextInt(1_000_000_000), ZoneOffset.UTC), LocalDateTime::compareTo);
    assertOrderPreserved(SqlType.TIMESTAMP_TZ, seed, r -> OffsetDateTime.of(LocalDateTime.ofEpochSecond(
        r.nextInt(100000), r.nextInt(2) * 500_000_000, ZoneOffset.UTC), ZoneOffset.ofHours(r.nextInt(25) - 12)),
        Comparator.comparing(OffsetDateTime::toInstant));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void nullKeyword_sortsBelowEveryValueAndRangesExcludeIt(long seed) {
    Random r = new Random(seed);
    byte[] nullKw = Keywords.nullKeyword();
    for (int i = 0; i < 200; i++) {
      byte[] kw = Keywords.plain(SqlType.BIGINT, r.nextLong());
      assertThat(Arrays.compareUnsigned(nullKw, kw)).isNegative();
      assertThat(KeywordLookups.compare(SqlType.BIGINT, CompareOp.LT, r.nextLong()).orElseThrow()
          .contains(nullKw)).isFalse();
    }
  }
}
