package io.securejdbc.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The index may return more rows than a predicate selects, never fewer: for random values and constants, every value
 * satisfying {@code value op constant} (as SQL evaluates it) must have its keyword inside the lookup's range.
 */
class KeywordLookupsTest {

  static Stream<Long> seeds() {
    return LongStream.range(1, 21).boxed();
  }

  private static boolean holds(int cmp, CompareOp op) {
    return switch (op) {
      case EQ -> cmp == 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void integerColumn_decimalConstants_neverMissARow(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 3000; i++) {
      long value = r.nextInt(40) - 20;
      BigDecimal constant = BigDecimal.valueOf(r.nextInt(400) - 200, r.nextInt(2));
      CompareOp op = CompareOp.values()[r.nextInt(5)];
      KeyRange range = KeywordLookups.compare(SqlType.INTEGER, op, constant).orElseThrow();
      if (holds(BigDecimal.valueOf(value).compareTo(constant), op)) {
        assertThat(range.contains(Keywords.plain(SqlType.INTEGER, (int) value)))
            .as("seed %d: %d %s %s", seed, value, op, constant).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void doubleAndRealColumns_neverMissARow(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 3000; i++) {
      double value = (r.nextInt(200) - 100) / 8.0;
      double constant = r.nextBoolean() ? value : (r.nextInt(200) - 100) / 8.0;
      CompareOp op = CompareOp.values()[r.nextInt(5)];
      KeyRange d = KeywordLookups.compare(SqlType.DOUBLE, op, constant).orElseThrow();
      if (holds(Double.compare(value, constant), op)) {
        assertThat(d.contains(Keywords.plain(SqlType.DOUBLE, value))).as("seed %d", seed).isTrue();
      }
      float f = (float) value;
      KeyRange real = KeywordLookups.compare(SqlType.REAL, op, new BigDecimal("0.1")).orElseThrow();
      if (holds(Float.compare(f, 0.1f), op) || holds(Double.compare(f, 0.1), op)) {
        assertThat(real.contains(Keywords.plain(SqlType.REAL, f))).as("seed %d", seed).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void strings_rangesAndPrefixes_neverMissARow(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 3000; i++) {
      String value = randomString(r);
      String constant = r.nextInt(4) == 0 ? value : randomString(r);
      CompareOp op = CompareOp.values()[r.nextInt(5)];
      KeyRange range = KeywordLookups.compare(SqlType.VARCHAR, op, constant).orElseThrow();
      if (holds(value.compareTo(constant), op)) {
        assertThat(range.contains(Keywords.plain(SqlType.VARCHAR, value))).as("seed %d", seed).isTrue();
      }
      String prefix = constant.substring(0, r.nextInt(constant.length() + 1));
      KeyRange like = KeywordLookups.likePrefix(SqlType.VARCHAR, prefix).orElseThrow();
      boolean inRange = like.contains(Keywords.plain(SqlType.VARCHAR, value));
      assertThat(inRange).as("seed %d: '%s' LIKE '%s%%'", seed, value, prefix)
          .isEqualTo(value.startsWith(prefix) || (inRange && isTruncated(value)));
    }
  }

  @Test
  void longStrings_areTruncatedAndStillFound() {
    String base = "x".repeat(400);
    String a = base + "a";
    String b = base + "b";
    assertThat(Keywords.plain(SqlType.VARCHAR, a)).hasSize(Keywords.MAX_LENGTH).isEqualTo(
        Keywords.plain(SqlType.VARCHAR, b));
    KeyRange lt = KeywordLookups.compare(SqlType.VARCHAR, CompareOp.LT, b).orElseThrow();
    assertThat(lt.contains(Keywords.plain(SqlType.VARCHAR, a))).isTrue();
    KeyRange gt = KeywordLookups.compare(SqlType.VARCHAR, CompareOp.GT, a).orElseThrow();
    assertThat(gt.contains(Keywords.plain(SqlType.VARCHAR, b))).isTrue();
  }

  @Test
  void coercionsTheEngineDoesDifferently_fallBackToScans() {
    assertThat(KeywordLookups.compare(SqlType.INTEGER, CompareOp.EQ, "5")).isEmpty();
    assertThat(KeywordLookups.compare(SqlType.VARCHAR, CompareOp.EQ, 5)).isEmpty();
    assertThat(KeywordLookups.compare(SqlType.DECIMAL, CompareOp.EQ, 0.1d)).isEmpty();
    assertThat(KeywordLookups.compare(SqlType.CHAR, CompareOp.LT, "a")).isEmpty();
    assertThat(KeywordLookups.compare(SqlType.CLOB, CompareOp.EQ, "a")).isEmpty();
    assertThat(KeywordLookups.compare(SqlType.INTEGER, CompareOp.EQ, null)).isEqualTo(Optional.empty());
  }

  private static boolean isTruncated(String s) {
    return Keywords.full(SqlType.VARCHAR, s).length > Keywords.MAX_LENGTH;
  }

  private static String randomString(Random r) {
    String alphabet = "aAbz0 \u00e9\u4e2d";
    char[] c = new char[r.nextInt(5)];
    for (int i = 0; i < c.length; i++) {
      c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
    }
    return new String(c);
  }
}
