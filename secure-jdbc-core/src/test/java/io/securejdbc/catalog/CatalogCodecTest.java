package io.securejdbc.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.index.ColumnType;
import io.securejdbc.index.EntryFormat;
import io.securejdbc.index.KeywordMode;
import io.securejdbc.index.SqlType;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog's serialisation keeps every column's entry format and tells a newer format from damage. */
class CatalogCodecTest {

  private static Catalog catalogWith(EntryFormat a, EntryFormat b) {
    List<ColumnInfo> columns = List.of(
        new ColumnInfo(1, "ID", ColumnType.of(SqlType.INTEGER), true, null, null, KeywordMode.PLAIN, "index0",
            "sj_i_a", a),
        new ColumnInfo(2, "NAME", ColumnType.of(SqlType.VARCHAR), false, null, null, KeywordMode.PROTECTED,
            "index1", "sj_i_b", b));
    TableInfo t = new TableInfo("T", "tid", "data", "sj_d_t", columns, List.of(), List.of(), 1, 1,
        List.of(new byte[] {1, 2, 3}, new byte[] {4, 5, 6}), 3, 0);
    return Catalog.empty().withTable(t);
  }

  @Test
  void entryFormats_roundTrip() throws Exception {
    for (EntryFormat[] f : new EntryFormat[][] {{EntryFormat.SIV, EntryFormat.TAGGED_GCM},
        {EntryFormat.TAGGED_GCM, EntryFormat.SIV}}) {
      Catalog decoded = CatalogCodec.decode(CatalogCodec.encode(catalogWith(f[0], f[1])));
      List<ColumnInfo> columns = decoded.table("T").orElseThrow().columns();
      assertThat(columns).extracting(ColumnInfo::entryFormat).containsExactly(f[0], f[1]);
      assertThat(columns).extracting(ColumnInfo::indexTable).containsExactly("sj_i_a", "sj_i_b");
    }
  }

  /**
   * One-key index tables are a layout drivers before catalog format 5 cannot read: such a catalog says format 5 (an
   * older driver then reports a newer store, not damage); catalogs without them keep their older format.
   */
  @Test
  void oneKeyIndexTables_needFormat5_othersKeepTheirs() throws Exception {
    byte[] oneKey = CatalogCodec.encode(catalogWith(EntryFormat.TAGGED_GCM_ONE_KEY, EntryFormat.SIV));
    assertThat(ByteBuffer.wrap(oneKey).getInt(0)).isEqualTo(5);
    assertThat(CatalogCodec.decode(oneKey).table("T").orElseThrow().columns()).extracting(ColumnInfo::entryFormat)
        .containsExactly(EntryFormat.TAGGED_GCM_ONE_KEY, EntryFormat.SIV);
    byte[] tagged = CatalogCodec.encode(catalogWith(EntryFormat.TAGGED_GCM, EntryFormat.SIV));
    assertThat(ByteBuffer.wrap(tagged).getInt(0)).isEqualTo(2);
  }

  @Test
  void aNewerFormat_isReportedAsSuch_notAsDamage() {
    byte[] encoded = CatalogCodec.encode(catalogWith(EntryFormat.TAGGED_GCM, EntryFormat.TAGGED_GCM));
    int newer = CatalogCodec.UnknownFormatException.newestKnown() + 1;
    ByteBuffer.wrap(encoded).putInt(0, newer);
    assertThatThrownBy(() -> CatalogCodec.decode(encoded))
        .isInstanceOfSatisfying(CatalogCodec.UnknownFormatException.class,
            e -> assertThat(e.format()).isEqualTo(newer));
  }

  @Test
  void sequences_roundTrip_andCatalogsWithoutThemStayInFormat2() throws Exception {
    Catalog plain = catalogWith(EntryFormat.TAGGED_GCM, EntryFormat.TAGGED_GCM);
    assertThat(ByteBuffer.wrap(CatalogCodec.encode(plain)).getInt(0)).as("readable by the previous release")
        .isEqualTo(2);
    SequenceInfo q = new SequenceInfo("ORDERS_SEQ", "abc123", "INTEGER", 1, 101, 50, 1, Integer.MAX_VALUE, 32);
    SequenceInfo down = new SequenceInfo("DOWN", "def456", "BIGINT", -1, -1, -3, Long.MIN_VALUE, -1, 1);
    byte[] encoded = CatalogCodec.encode(plain.withSequence(q).withSequence(down));
    assertThat(ByteBuffer.wrap(encoded).getInt(0)).isEqualTo(3);
    Catalog decoded = CatalogCodec.decode(encoded);
    assertThat(decoded.sequences()).containsExactly(java.util.Map.entry("ORDERS_SEQ", q),
        java.util.Map.entry("DOWN", down));
    assertThat(decoded.table("T")).isPresent();
    assertThat(decoded.withoutTable("T").sequences()).as("other changes keep the sequences").hasSize(2);
  }

  @Test
  void foreignKeys_roundTripInFormat4_andGoWithTheirTables() throws Exception {
    Catalog base = catalogWith(EntryFormat.TAGGED_GCM, EntryFormat.TAGGED_GCM);
    ForeignKey fk = new ForeignKey("FK_T_SELF", "tid", List.of(2), "tid", List.of(1),
        ForeignKey.OnDelete.SET_NULL);
    byte[] encoded = CatalogCodec.encode(base.withForeignKey(fk));
    assertThat(ByteBuffer.wrap(encoded).getInt(0)).isEqualTo(4);
    Catalog decoded = CatalogCodec.decode(encoded);
    assertThat(decoded.foreignKeys()).containsExactly(java.util.Map.entry("FK_T_SELF", fk));
    assertThat(decoded.tableById("tid")).isPresent();
    assertThat(decoded.withoutTable("T").foreignKeys()).as("dropping a table drops its foreign keys").isEmpty();
    assertThat(decoded.withoutForeignKey("FK_T_SELF").foreignKeys()).isEmpty();
  }

  @Test
  void sequenceValues_stayWithinBoundsAndSixtyFourBits() {
    SequenceInfo q = new SequenceInfo("Q", "id", "BIGINT", 1, 10, 5, 1, 30, 32);
    assertThat(q.value(0)).isEqualTo(10);
    assertThat(q.value(4)).isEqualTo(30);
    assertThat(q.value(5)).isNull();
    assertThat(q.lastValue(0, 100)).isEqualTo(30);
    assertThat(q.lastValue(2, 2)).isEqualTo(25);
    assertThat(q.lastValue(5, 10)).isNull();
    SequenceInfo huge = new SequenceInfo("H", "id", "BIGINT", 0, Long.MAX_VALUE - 1, 1, 0, Long.MAX_VALUE, 32);
    assertThat(huge.value(1)).isEqualTo(Long.MAX_VALUE);
    assertThat(huge.value(2)).as("overflow is the end, not a wrap-around").isNull();
  }
}
