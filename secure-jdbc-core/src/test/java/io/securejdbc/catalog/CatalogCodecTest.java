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

  @Test
  void aNewerFormat_isReportedAsSuch_notAsDamage() {
    byte[] encoded = CatalogCodec.encode(catalogWith(EntryFormat.TAGGED_GCM, EntryFormat.TAGGED_GCM));
    int newer = CatalogCodec.UnknownFormatException.newestKnown() + 1;
    ByteBuffer.wrap(encoded).putInt(0, newer);
    assertThatThrownBy(() -> CatalogCodec.decode(encoded))
        .isInstanceOfSatisfying(CatalogCodec.UnknownFormatException.class,
            e -> assertThat(e.format()).isEqualTo(newer));
  }
}
