package io.securejdbc.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows must come back exactly: every type, scale, precision and odd string (lone surrogates, NUL). */
class ValueCodecTest {

  static Stream<Long> seeds() {
    return LongStream.range(1, 11).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyType_roundTripsExactly(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 500; i++) {
      for (SqlType type : SqlType.values()) {
        Object v = random(type, r);
        ValueCodec.Writer w = new ValueCodec.Writer();
        ValueCodec.write(w, type, v);
        Object back = ValueCodec.read(new ValueCodec.Reader(w.toByteArray()), type);
        if (v instanceof byte[] b) {
          assertThat((byte[]) back).as("seed %d %s", seed, type).isEqualTo(b);
        } else {
          assertThat(back).as("seed %d %s", seed, type).isEqualTo(v);
        }
      }
    }
  }

  /** A whole row in one writer: it outgrows its first buffer several times and keeps every byte in order. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void manyValues_inOneWriter_readBackInOrder(long seed) {
    Random r = new Random(seed);
    SqlType[] types = SqlType.values();
    for (int row = 0; row < 50; row++) {
      int n = 1 + r.nextInt(60);
      SqlType[] rowTypes = new SqlType[n];
      Object[] values = new Object[n];
      ValueCodec.Writer w = new ValueCodec.Writer();
      for (int i = 0; i < n; i++) {
        rowTypes[i] = types[r.nextInt(types.length)];
        values[i] = random(rowTypes[i], r);
        ValueCodec.write(w, rowTypes[i], values[i]);
      }
      ValueCodec.Reader reader = new ValueCodec.Reader(w.toByteArray());
      for (int i = 0; i < n; i++) {
        Object back = ValueCodec.read(reader, rowTypes[i]);
        if (values[i] instanceof byte[] b) {
          assertThat((byte[]) back).as("seed %d row %d value %d", seed, row, i).isEqualTo(b);
        } else {
          assertThat(back).as("seed %d row %d value %d", seed, row, i).isEqualTo(values[i]);
        }
      }
      assertThat(reader.hasMore()).as("seed %d row %d: bytes left over", seed, row).isFalse();
      w.wipe();
      assertThat(w.toByteArray()).isEmpty();
    }
  }

  /** The encoding is stored and fed to the uniqueness tags' HMAC: its bytes must never change. */
  @org.junit.jupiter.api.Test
  void encoding_isByteForByteStable() {
    ValueCodec.Writer w = new ValueCodec.Writer();
    w.varLong(300);
    w.zigZag(-3);
    ValueCodec.write(w, SqlType.VARCHAR, "a\u00e9\u20ac");
    w.bytes(new byte[] {7, 8});
    w.fixedLong(0x0102030405060708L);
    w.raw(0xFF);
    assertThat(w.toByteArray()).containsExactly(0xAC, 0x02, 0x05, 0x03, 0x61, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0x02,
        7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0xFF);
  }

  static Object random(SqlType type, Random r) {
    return switch (type) {
      case BOOLEAN -> r.nextBoolean();
      case TINYINT -> r.nextInt(256) - 128;
      case SMALLINT -> r.nextInt(65536) - 32768;
      case INTEGER -> r.nextInt();
      case BIGINT -> r.nextLong();
      case DECIMAL -> new BigDecimal(new java.math.BigInteger(r.nextInt(120), r).negate(), r.nextInt(40) - 5);
      case REAL -> Float.intBitsToFloat(r.nextInt());
      case DOUBLE -> r.nextDouble() * Math.pow(10, r.nextInt(600) - 300);
      case CHAR, VARCHAR, CLOB -> {
        char[] c = new char[r.nextInt(20)];
        for (int i = 0; i < c.length; i++) {
          c[i] = (char) r.nextInt(65536);
        }
        yield new String(c);
      }
      case BINARY, VARBINARY, BLOB -> {
        byte[] b = new byte[r.nextInt(40)];
        r.nextBytes(b);
        yield b;
      }
      case DATE -> LocalDate.ofEpochDay(r.nextInt(4_000_000) - 2_000_000);
      case TIME -> LocalTime.ofNanoOfDay(Math.floorMod(r.nextLong(), 86_400_000_000_000L));
      case TIME_TZ -> OffsetTime.of(LocalTime.ofSecondOfDay(r.nextInt(86400)), ZoneOffset.ofHours(r.nextInt(27) - 13));
      case TIMESTAMP -> LocalDateTime.ofEpochSecond(r.nextInt() * 7L, r.nextInt(1_000_000_000), ZoneOffset.UTC);
      case TIMESTAMP_TZ -> OffsetDateTime.of(LocalDateTime.ofEpochSecond(r.nextInt(), r.nextInt(1_000_000_000),
          ZoneOffset.UTC), ZoneOffset.ofTotalSeconds((r.nextInt(37) - 18) * 1800));
      case UUID -> new UUID(r.nextLong(), r.nextLong());
    };
  }
}
