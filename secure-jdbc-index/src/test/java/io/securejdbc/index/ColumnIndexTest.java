package io.securejdbc.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.crypto.DataKey;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Posting entries hide row ids, are bound to their keyword, column and table, and can be found for deletion. */
class ColumnIndexTest {

  private final DataKey key = DataKey.generate("t1-g0");

  private ColumnIndex column(int id, EntryFormat format) {
    return new ColumnIndex("t1", id, ColumnType.of(SqlType.VARCHAR), KeywordMode.PLAIN, format, key);
  }

  @ParameterizedTest
  @EnumSource(EntryFormat.class)
  void entry_roundTrips_andDoesNotContainTheRowId(EntryFormat format) throws GeneralSecurityException {
    ColumnIndex name = column(1, format);
    byte[] kw = name.keyword("alice");
    long rid = 0x1122334455667788L;
    byte[] entry = name.entry(kw, rid);
    assertThat(entry).hasSize(format == EntryFormat.SIV ? ColumnIndex.SIV_ENTRY_LENGTH
        : ColumnIndex.TAGGED_ENTRY_LENGTH);
    assertThat(name.rowId(kw, entry)).isEqualTo(rid);
    byte[] ridBytes = java.nio.ByteBuffer.allocate(8).putLong(rid).array();
    assertThat(indexOf(entry, ridBytes)).isNegative();
  }

  @ParameterizedTest
  @EnumSource(EntryFormat.class)
  void entry_movedToAnotherKeywordColumnOrFormat_orAltered_failsAuthentication(EntryFormat format) {
    ColumnIndex name = column(1, format);
    ColumnIndex city = column(2, format);
    ColumnIndex otherFormat = column(1, format == EntryFormat.SIV ? EntryFormat.TAGGED_GCM : EntryFormat.SIV);
    byte[] entry = name.entry(name.keyword("alice"), 7);
    assertThatThrownBy(() -> name.rowId(name.keyword("bob"), entry)).isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> city.rowId(city.keyword("alice"), entry)).isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> otherFormat.rowId(otherFormat.keyword("alice"), entry))
        .isInstanceOf(GeneralSecurityException.class);
    for (int i = 0; i < entry.length; i++) {
      byte[] altered = entry.clone();
      altered[i] ^= 1;
      assertThatThrownBy(() -> name.rowId(name.keyword("alice"), altered))
          .as("byte %d altered", i).isInstanceOf(GeneralSecurityException.class);
    }
    byte[] truncated = Arrays.copyOf(entry, entry.length - 1);
    assertThatThrownBy(() -> name.rowId(name.keyword("alice"), truncated))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void siv_entry_isDeterministicPerColumn_butUnlinkableAcrossColumns() {
    ColumnIndex name = column(1, EntryFormat.SIV);
    ColumnIndex city = column(2, EntryFormat.SIV);
    byte[] kw = name.keyword("x");
    assertThat(name.entry(kw, 42)).isEqualTo(name.entry(kw, 42));
    assertThat(city.entry(city.keyword("x"), 42)).isNotEqualTo(name.entry(kw, 42));
    ColumnIndex.EntryRange range = name.deletionRange(kw, 42);
    assertThat(range.from()).isEqualTo(name.entry(kw, 42)).isEqualTo(range.to());
  }

  @Test
  void tagged_entry_isRandomised_butItsDeletionTagIsFixed_andUnlinkableAcrossKeywordsAndColumns() {
    ColumnIndex name = column(1, EntryFormat.TAGGED_GCM);
    ColumnIndex city = column(2, EntryFormat.TAGGED_GCM);
    byte[] kw = name.keyword("x");
    byte[] a = name.entry(kw, 42);
    byte[] b = name.entry(kw, 42);
    assertThat(a).isNotEqualTo(b);
    assertThat(Arrays.copyOf(a, 16)).isEqualTo(Arrays.copyOf(b, 16));
    assertThat(Arrays.copyOf(name.entry(name.keyword("y"), 42), 16)).isNotEqualTo(Arrays.copyOf(a, 16));
    assertThat(Arrays.copyOf(city.entry(city.keyword("x"), 42), 16)).isNotEqualTo(Arrays.copyOf(a, 16));
  }

  /** Seeded: the deletion range of (keyword, row) holds exactly that pair's entries among many of one keyword. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void tagged_deletionRange_holdsExactlyThePairsEntries(long seed) {
    Random random = new Random(seed);
    ColumnIndex name = column(1, EntryFormat.TAGGED_GCM);
    byte[] kw = name.keyword("k" + random.nextInt(3));
    long target = random.nextLong();
    ColumnIndex.EntryRange range = name.deletionRange(kw, target);
    for (int i = 0; i < 2000; i++) {
      long rid = i % 10 == 0 ? target : random.nextLong();
      byte[] entry = name.entry(kw, rid);
      boolean inside = Arrays.compareUnsigned(entry, range.from()) >= 0
          && Arrays.compareUnsigned(entry, range.to()) <= 0;
      assertThat(inside).as("seed %d, entry %d", seed, i).isEqualTo(rid == target);
    }
  }

  @Test
  void tagged_deletionTagMovedOntoAnotherEntry_failsAuthentication() {
    ColumnIndex name = column(1, EntryFormat.TAGGED_GCM);
    byte[] kw = name.keyword("alice");
    byte[] a = name.entry(kw, 1);
    byte[] b = name.entry(kw, 2);
    byte[] swapped = b.clone();
    System.arraycopy(a, 0, swapped, 0, 16);
    assertThatThrownBy(() -> name.rowId(kw, swapped)).isInstanceOf(GeneralSecurityException.class);
  }

  @ParameterizedTest
  @EnumSource(EntryFormat.class)
  void protectedKeywords_hideTheValue_andAnswerOnlyEquality(EntryFormat format) {
    ColumnIndex p = new ColumnIndex("t1", 3, ColumnType.of(SqlType.VARCHAR), KeywordMode.PROTECTED, format, key);
    byte[] kw = p.keyword("secret-value");
    assertThat(indexOf(kw, "secret".getBytes())).isNegative();
    assertThat(kw).isEqualTo(p.keyword("secret-value")).isNotEqualTo(p.keyword("secret-valuf"));
    KeyRange eq = KeywordLookups.compare(SqlType.VARCHAR, CompareOp.EQ, "secret-value").orElseThrow();
    assertThat(p.stored(eq)).contains(KeyRange.exact(kw));
    KeyRange lt = KeywordLookups.compare(SqlType.VARCHAR, CompareOp.LT, "m").orElseThrow();
    assertThat(p.stored(lt)).isEmpty();
  }

  @Test
  void formatCodes_areStable() {
    assertThat(EntryFormat.ofCode(1)).isEqualTo(EntryFormat.SIV);
    assertThat(EntryFormat.ofCode(2)).isEqualTo(EntryFormat.TAGGED_GCM);
    assertThat(EntryFormat.ofCode(3)).isEqualTo(EntryFormat.TAGGED_GCM_ONE_KEY);
    assertThatThrownBy(() -> EntryFormat.ofCode(4)).isInstanceOf(IllegalArgumentException.class);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
