package io.securejdbc.token.soft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.crypto.RawKeyAccess;
import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import io.securejdbc.token.TokenState;
import io.securejdbc.token.WrappedKey;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key store file: its documented layout, crash safety of the retry counter, and tamper detection. */
class SoftwareTokenStoreTest {

  private static final String PIN = "file-pin-2718";
  private static final KdfParams FAST = new KdfParams(64, 1, 1);
  private static final byte[] AAD = {7};

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("token.sjks");
  }

  private SoftwareToken open() {
    return open(new Argon2idKdf(), true);
  }

  private SoftwareToken open(PinKdf kdf, boolean createIfAbsent) {
    return new SoftwareToken("t", new Backing.OnFile(file()), createIfAbsent, 3, FAST, kdf);
  }

  private static Reason reason(ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(TokenException.class);
    return ((TokenException) t).reason();
  }

  private static byte[] raw(DataKey key) {
    return key.withRawMaterial(RawKeyAccess.forTokenImplementations(), byte[]::clone);
  }

  /** A store with master keys "alpha" and "beta", and a data key wrapped under alpha. */
  private WrappedKey storeWithTwoKeys(DataKey k) throws Exception {
    try (SoftwareToken t = open()) {
      t.login(PIN.toCharArray());
      KeyHandle alpha = t.createMasterKey("alpha");
      t.createMasterKey("beta");
      return t.wrap(alpha, k, AAD);
    }
  }

  @Test
  void theFirstLoginCreatesAStoreWithTheDocumentedHeader() throws Exception {
    assertThat(file()).doesNotExist();
    try (SoftwareToken t = open()) {
      assertThat(t.state()).isEqualTo(TokenState.LOGGED_OUT);
      t.login(PIN.toCharArray());
      assertThat(t.state()).isEqualTo(TokenState.READY);
    }
    StoreReader.Parsed p = StoreReader.parse(file());
    assertThat(p.version()).isEqualTo(1);
    assertThat(p.kdfId()).isEqualTo(1);
    assertThat(List.of(p.memoryKiB(), p.iterations(), p.parallelism())).containsExactly(64, 1, 1);
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.failedAttempts()).isZero();
    assertThat(p.entries()).isEmpty();
    assertThat(p.salt()).isNotEqualTo(new byte[16]);
    // Only the store and its lock file remain: the temporary file of the atomic write was renamed away.
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("token.sjks",
          "token.sjks.lock");
    }
  }

  @Test
  void twoStoresGetDifferentSalts() throws Exception {
    try (SoftwareToken t = open()) {
      t.login(PIN.toCharArray());
    }
    byte[] first = StoreReader.parse(file()).salt();
    Files.delete(file());
    try (SoftwareToken t = open()) {
      t.login(PIN.toCharArray());
    }
    assertThat(StoreReader.parse(file()).salt()).isNotEqualTo(first);
  }

  @Test
  void withoutCreateIfAbsentAMissingStoreIsAbsentAndNothingIsCreated() throws Exception {
    Path missing = dir.resolve("no-such-dir").resolve("token.sjks");
    try (SoftwareToken t =
        new SoftwareToken("t", new Backing.OnFile(missing), false, 3, FAST, new Argon2idKdf())) {
      assertThat(reason(() -> t.login(PIN.toCharArray()))).isEqualTo(Reason.ABSENT);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aNewInstanceOpensTheStoreWithTheRightPinOnlyAndTheCounterLivesInTheFile() throws Exception {
    DataKey k = DataKey.generate("k1");
    WrappedKey w = storeWithTwoKeys(k);
    try (SoftwareToken t = open()) {
      assertThat(reason(() -> t.login("nope".toCharArray()))).isEqualTo(Reason.WRONG_PIN);
      assertThat(StoreReader.parse(file()).failedAttempts()).isEqualTo(1);
    }
    try (SoftwareToken t = open()) {
      assertThat(reason(() -> t.login("nope".toCharArray()))).isEqualTo(Reason.WRONG_PIN);
      assertThat(StoreReader.parse(file()).failedAttempts()).isEqualTo(2);
      t.login(PIN.toCharArray());
      assertThat(StoreReader.parse(file()).failedAttempts()).isZero();
      assertThat(raw(t.unwrap(t.findMasterKey("alpha").orElseThrow(), w, AAD))).isEqualTo(raw(k));
    }
  }

  @Test
  void theAttemptIsPersistedBeforeThePinIsChecked() throws Exception {
    storeWithTwoKeys(DataKey.generate("k1"));
    PinKdf powerCut = (pin, params, salt) -> {
      throw new IllegalStateException("power cut during the KDF");
    };
    try (SoftwareToken t = open(powerCut, true)) {
      assertThatThrownBy(() -> t.login("guess-1".toCharArray())).hasMessageContaining("power cut");
    }
    assertThat(StoreReader.parse(file()).failedAttempts()).isEqualTo(1);
    try (SoftwareToken t = open()) {
      TokenException e = (TokenException) org.assertj.core.api.Assertions.catchThrowable(
          () -> t.login("guess-2".toCharArray()));
      assertThat(e.remainingAttempts()).isEqualTo(1);
    }
  }

  @Test
  void aLockedStoreShowsLockedWhenOpened() throws Exception {
    storeWithTwoKeys(DataKey.generate("k1"));
    try (SoftwareToken t = open()) {
      for (int i = 0; i < 3; i++) {
        reason(() -> t.login("nope".toCharArray()));
      }
    }
    assertThat(StoreReader.parse(file()).failedAttempts()).isEqualTo(3);
    try (SoftwareToken t = open()) {
      assertThat(t.state()).isEqualTo(TokenState.LOCKED);
      assertThat(reason(() -> t.login(PIN.toCharArray()))).isEqualTo(Reason.LOCKED);
    }
    assertThat(StoreReader.parse(file()).failedAttempts()).as("a refused login counts nothing more").isEqualTo(3);
  }

  @Test
  void aCorruptedByteAnywhereIsReportedAsIntegrityWithoutCostingAnAttempt() throws Exception {
    storeWithTwoKeys(DataKey.generate("k1"));
    byte[] good = Files.readAllBytes(file());
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x10;
      Files.write(file(), bad);
      try (SoftwareToken t = open()) {
        assertThat(reason(() -> t.login(PIN.toCharArray()))).as("byte %d", i).isEqualTo(Reason.INTEGRITY);
      }
      assertThat(Files.readAllBytes(file())).as("byte %d: nothing written", i).isEqualTo(bad);
    }
    Files.write(file(), Arrays.copyOf(good, good.length - 1));
    try (SoftwareToken t = open()) {
      assertThat(reason(() -> t.login(PIN.toCharArray()))).isEqualTo(Reason.INTEGRITY);
    }
  }

  /** Edits the store as an attacker would: change bytes, then recompute the checksum. */
  private void tamper(java.util.function.Consumer<ByteBuffer> edit) throws Exception {
    byte[] bytes = Files.readAllBytes(file());
    edit.accept(ByteBuffer.wrap(bytes));
    Files.write(file(), StoreReader.withFixedChecksum(bytes));
  }

  @Test
  void changedKdfParametersSaltOrRetryLimitMakeEveryPinWrong() throws Exception {
    List<java.util.function.Consumer<ByteBuffer>> edits = List.of(
        b -> b.putInt(StoreReader.OFFSET_MEMORY, 72),
        b -> b.put(StoreReader.OFFSET_SALT, (byte) (b.get(StoreReader.OFFSET_SALT) ^ 1)),
        b -> b.putShort(StoreReader.OFFSET_MAX_ATTEMPTS, (short) 50));
    for (var edit : edits) {
      Files.deleteIfExists(file());
      storeWithTwoKeys(DataKey.generate("k1"));
      tamper(edit);
      try (SoftwareToken t = open()) {
        assertThat(reason(() -> t.login(PIN.toCharArray()))).isEqualTo(Reason.WRONG_PIN);
        assertThat(t.state()).isNotEqualTo(TokenState.READY);
      }
    }
  }

  @Test
  void anAlteredMasterKeyEntryIsDetectedAfterTheRightPin() throws Exception {
    storeWithTwoKeys(DataKey.generate("k1"));
    int lastByteOfAlpha = StoreReader.parse(file()).entries().get(0).offset() + 2 + "alpha".length() + 59;
    tamper(b -> b.put(lastByteOfAlpha, (byte) (b.get(lastByteOfAlpha) ^ 1)));
    try (SoftwareToken t = open()) {
      assertThat(reason(() -> t.login(PIN.toCharArray()))).isEqualTo(Reason.INTEGRITY);
      assertThat(t.state()).isNotEqualTo(TokenState.READY);
    }
  }

  @Test
  void aRenamedEntryIsDetected() throws Exception {
    storeWithTwoKeys(DataKey.generate("k1"));
    int aliasStart = StoreReader.parse(file()).entries().get(1).offset() + 2;
    tamper(b -> b.put(aliasStart, (byte) 'x'));
    try (SoftwareToken t = open()) {
      assertThat(reason(() -> t.login(PIN.toCharArray()))).isEqualTo(Reason.INTEGRITY);
    }
  }

  @Test
  void aRemovedOrReorderedEntryIsDetectedByTheKeyTableTag() throws Exception {
    storeWithTwoKeys(DataKey.generate("k1"));
    byte[] original = Files.readAllBytes(file());
    StoreReader.Parsed p = StoreReader.parse(original);
    int alpha = p.entries().get(0).offset();
    int beta = p.entries().get(1).offset();
    int end = beta + 2 + "beta".length() + 60;

    byte[] dropped = StoreReader.concat(Arrays.copyOf(original, beta), Arrays.copyOfRange(original, end,
        original.length));
    ByteBuffer.wrap(dropped).putShort(StoreReader.OFFSET_COUNT, (short) 1);
    Files.write(file(), StoreReader.withFixedChecksum(dropped));
    try (SoftwareToken t = open()) {
      assertThat(reason(() -> t.login(PIN.toCharArray()))).isEqualTo(Reason.INTEGRITY);
    }

    byte[] swapped = StoreReader.concat(Arrays.copyOf(original, alpha), Arrays.copyOfRange(original, beta, end),
        Arrays.copyOfRange(original, alpha, beta), Arrays.copyOfRange(original, end, original.length));
    Files.write(file(), StoreReader.withFixedChecksum(swapped));
    try (SoftwareToken t = open()) {
      assertThat(reason(() -> t.login(PIN.toCharArray()))).isEqualTo(Reason.INTEGRITY);
    }
  }

  @Test
  void anEntryFromAnotherStoreWithTheSamePinDoesNotDecrypt() throws Exception {
    storeWithTwoKeys(DataKey.generate("k1"));
    byte[] mine = Files.readAllBytes(file());
    Files.delete(file());
    storeWithTwoKeys(DataKey.generate("k1"));
    byte[] theirs = Files.readAllBytes(file());
    int alpha = StoreReader.parse(mine).entries().get(0).offset();
    byte[] spliced = mine.clone();
    System.arraycopy(theirs, alpha, spliced, alpha, 2 + "alpha".length() + 60);
    Files.write(file(), StoreReader.withFixedChecksum(spliced));
    try (SoftwareToken t = open()) {
      assertThat(reason(() -> t.login(PIN.toCharArray()))).isEqualTo(Reason.INTEGRITY);
    }
  }

  @Test
  void documentedLimitWhoeverCanWriteTheFileCanResetTheCounter() throws Exception {
    storeWithTwoKeys(DataKey.generate("k1"));
    try (SoftwareToken t = open()) {
      for (int i = 0; i < 3; i++) {
        reason(() -> t.login("nope".toCharArray()));
      }
      assertThat(t.state()).isEqualTo(TokenState.LOCKED);
    }
    tamper(b -> b.putShort(StoreReader.OFFSET_FAILED, (short) 0));
    try (SoftwareToken t = open()) {
      t.login(PIN.toCharArray());
      assertThat(t.state()).isEqualTo(TokenState.READY);
    }
  }

  @Test
  void aStoreReplacedWhileLoggedInIsNeverOverwritten() throws Exception {
    storeWithTwoKeys(DataKey.generate("k1"));
    try (SoftwareToken t = open()) {
      t.login(PIN.toCharArray());
      Path other = dir.resolve("other.sjks");
      try (SoftwareToken o = new SoftwareToken("o", new Backing.OnFile(other), true, 3, FAST, new Argon2idKdf())) {
        o.login("another-pin".toCharArray());
      }
      byte[] replacement = Files.readAllBytes(other);
      Files.write(file(), replacement);
      assertThat(reason(() -> t.createMasterKey("gamma"))).isEqualTo(Reason.INTEGRITY);
      assertThat(Files.readAllBytes(file())).isEqualTo(replacement);
    }
  }

  @Test
  void twoInstancesOnOneFileLoseNoKeys() throws Exception {
    storeWithTwoKeys(DataKey.generate("k1"));
    try (SoftwareToken a = open(); SoftwareToken b = open()) {
      a.login(PIN.toCharArray());
      b.login(PIN.toCharArray());
      a.createMasterKey("from-a");
      b.createMasterKey("from-b");
      assertThat(StoreReader.masterKeys(file(), PIN)).containsOnlyKeys("alpha", "beta", "from-a", "from-b");
      assertThat(b.findMasterKey("from-a")).as("b reloaded the store when it changed it").isPresent();
      b.deleteMasterKey(b.findMasterKey("from-a").orElseThrow());
      assertThat(StoreReader.masterKeys(file(), PIN)).containsOnlyKeys("alpha", "beta", "from-b");
    }
  }

  @Test
  void concurrentWrongLoginsAreAllCounted() throws Exception {
    try (SoftwareToken t = new SoftwareToken("t", new Backing.OnFile(file()), true, 1000, FAST, new Argon2idKdf())) {
      t.login(PIN.toCharArray());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        done.add(pool.submit(() -> {
          try (SoftwareToken t =
              new SoftwareToken("t", new Backing.OnFile(file()), true, 1000, FAST, new Argon2idKdf())) {
            for (int j = 0; j < 10; j++) {
              reason(() -> t.login("nope".toCharArray()));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(StoreReader.parse(file()).failedAttempts()).isEqualTo(40);
  }

  @Test
  void closeZeroesTheKekAndTheMasterKeys() throws Exception {
    SoftwareToken t = open();
    t.login(PIN.toCharArray());
    t.createMasterKey("alpha");
    java.lang.reflect.Field kekField = SoftwareToken.class.getDeclaredField("kek");
    java.lang.reflect.Field keysField = SoftwareToken.class.getDeclaredField("masterKeys");
    kekField.setAccessible(true);
    keysField.setAccessible(true);
    byte[] kek = (byte[]) kekField.get(t);
    byte[] master = ((java.util.Map<?, ?>) keysField.get(t)).values().stream().map(byte[].class::cast).findFirst()
        .orElseThrow();
    assertThat(kek).isNotEqualTo(new byte[32]);
    assertThat(master).isNotEqualTo(new byte[32]);
    t.close();
    assertThat(kek).isEqualTo(new byte[32]);
    assertThat(master).isEqualTo(new byte[32]);
    assertThat(kekField.get(t)).isNull();
  }

  @Test
  void aStoreCreatedWithTheDocumentedDefaultsUsesProductionKdfCost() throws Exception {
    try (KeyToken t = new SoftwareTokenProvider().open(java.util.Map.of("path", file().toString()))) {
      t.login(PIN.toCharArray());
    }
    StoreReader.Parsed p = StoreReader.parse(file());
    assertThat(p.memoryKiB()).isGreaterThanOrEqualTo(19 * 1024).isEqualTo(64 * 1024);
    assertThat(p.iterations()).isGreaterThanOrEqualTo(2).isEqualTo(3);
    assertThat(p.parallelism()).isEqualTo(1);
    assertThat(p.maxAttempts()).isEqualTo(5);
  }
}
