package io.securejdbc.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.crypto.DataKey;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Posting entries hide row ids and are bound to their keyword, column and table. */
class ColumnIndexTest {

  private final DataKey key = DataKey.generate("t1-g0");
  private final ColumnIndex name = new ColumnIndex("t1", 1, ColumnType.of(SqlType.VARCHAR), KeywordMode.PLAIN, key);
  private final ColumnIndex city = new ColumnIndex("t1", 2, ColumnType.of(SqlType.VARCHAR), KeywordMode.PLAIN, key);

  @Test
  void entry_roundTrips_andDoesNotContainTheRowId() throws GeneralSecurityException {
    byte[] kw = name.keyword("alice");
    long rid = 0x1122334455667788L;
    byte[] entry = name.entry(kw, rid);
    assertThat(name.rowId(kw, entry)).isEqualTo(rid);
    byte[] ridBytes = java.nio.ByteBuffer.allocate(8).putLong(rid).array();
    assertThat(indexOf(entry, ridBytes)).isNegative();
  }

  @Test
  void entry_isDeterministicPerColumn_butUnlinkableAcrossColumns() {
    byte[] kw = name.keyword("x");
    assertThat(name.entry(kw, 42)).isEqualTo(name.entry(kw, 42));
    assertThat(city.entry(city.keyword("x"), 42)).isNotEqualTo(name.entry(kw, 42));
  }

  @Test
  void entry_movedToAnotherKeywordOrColumn_failsAuthentication() {
    byte[] entry = name.entry(name.keyword("alice"), 7);
    assertThatThrownBy(() -> name.rowId(name.keyword("bob"), entry)).isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> city.rowId(city.keyword("alice"), entry)).isInstanceOf(GeneralSecurityException.class);
    byte[] altered = entry.clone();
    altered[3] ^= 1;
    assertThatThrownBy(() -> name.rowId(name.keyword("alice"), altered))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void protectedKeywords_hideTheValue_andAnswerOnlyEquality() {
    ColumnIndex p = new ColumnIndex("t1", 3, ColumnType.of(SqlType.VARCHAR), KeywordMode.PROTECTED, key);
    byte[] kw = p.keyword("secret-value");
    assertThat(indexOf(kw, "secret".getBytes())).isNegative();
    assertThat(kw).isEqualTo(p.keyword("secret-value")).isNotEqualTo(p.keyword("secret-valuf"));
    KeyRange eq = KeywordLookups.compare(SqlType.VARCHAR, CompareOp.EQ, "secret-value").orElseThrow();
    assertThat(p.stored(eq)).contains(KeyRange.exact(kw));
    KeyRange lt = KeywordLookups.compare(SqlType.VARCHAR, CompareOp.LT, "m").orElseThrow();
    assertThat(p.stored(lt)).isEmpty();
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
