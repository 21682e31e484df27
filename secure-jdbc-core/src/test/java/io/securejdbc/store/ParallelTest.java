package io.securejdbc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Parallel#forRange}: every index exactly once, failures reach the caller, and no waiting for late help. */
class ParallelTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void everyIndexRunsExactlyOnce(long seed) throws SQLException {
    SplittableRandom r = new SplittableRandom(seed);
    try (Parallel pool = new Parallel(2)) {
      for (int round = 0; round < 50; round++) {
        int n = r.nextInt(2_000);
        int threshold = r.nextInt(1, 300);
        int piece = r.nextInt(1, 100);
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        pool.forRange(n, threshold, piece, (from, to) -> {
          if (n >= threshold) {
            assertThat(to - from).isBetween(1, piece);
          }
          for (int i = from; i < to; i++) {
            runs.incrementAndGet(i);
          }
        });
        for (int i = 0; i < n; i++) {
          assertThat(runs.get(i)).as("seed %d, round %d, n %d, index %d", seed, round, n, i).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void aFailingPieceReachesTheCallerWithItsState() {
    try (Parallel pool = new Parallel(2)) {
      assertThatThrownBy(() -> pool.forRange(1_000, 10, 7, (from, to) -> {
        if (from <= 500 && 500 < to) {
          throw new SQLException("piece failed", "XX001");
        }
      })).isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("XX001");
    }
  }

  /** With the pool's threads all busy (or not yet awake), the caller does every piece itself instead of waiting. */
  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void busyPoolThreadsAreNotWaitedFor() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Parallel pool = new Parallel(2)) {
      CountDownLatch busy = new CountDownLatch(2);
      for (int i = 0; i < 2; i++) {
        pool.offer(() -> {
          busy.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
      Thread caller = Thread.currentThread();
      AtomicIntegerArray runs = new AtomicIntegerArray(100);
      pool.forRange(100, 10, 10, (from, to) -> {
        assertThat(Thread.currentThread()).isSameAs(caller);
        for (int i = from; i < to; i++) {
          runs.incrementAndGet(i);
        }
      });
      for (int i = 0; i < 100; i++) {
        assertThat(runs.get(i)).isEqualTo(1);
      }
    } finally {
      release.countDown();
    }
  }

  @Test
  void aClosedPoolLeavesTheWorkToTheCaller() throws SQLException {
    Parallel pool = new Parallel(2);
    pool.close();
    AtomicIntegerArray runs = new AtomicIntegerArray(300);
    pool.forRange(300, 1, 16, (from, to) -> {
      for (int i = from; i < to; i++) {
        runs.incrementAndGet(i);
      }
    });
    for (int i = 0; i < 300; i++) {
      assertThat(runs.get(i)).isEqualTo(1);
    }
  }
}
