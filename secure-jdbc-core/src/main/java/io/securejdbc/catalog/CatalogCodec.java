package io.securejdbc.catalog;

import io.securejdbc.ddl.DdlStatement.Identity;
import io.securejdbc.index.ColumnType;
import io.securejdbc.index.EntryFormat;
import io.securejdbc.index.KeywordMode;
import io.securejdbc.index.SqlType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalog's plaintext serialisation (it is encrypted before it leaves the driver). Versioned for upgrades. */
public final class CatalogCodec {

  /**
   * 5: a column's entry format may be {@link EntryFormat#TAGGED_GCM_ONE_KEY} (an index table layout older drivers
   * cannot read; same encoding as 4). 4: foreign keys follow the sequences. 3: sequences follow the indexes. 2: each
   * indexed column records its posting entry format (format 1 knew only {@link EntryFormat#SIV}). A catalog is
   * written in the oldest format that holds it, so that drivers of earlier releases keep reading stores that use
   * nothing newer, and refuse the others as written by a newer driver rather than as damaged.
   */
  private static final int FORMAT = 5;

  private CatalogCodec() {}

  /** A catalog in a format this driver does not know: written by a newer secure-jdbc, not damaged. */
  public static final class UnknownFormatException extends IOException {

    private final int format;

    UnknownFormatException(int format) {
      super("unknown catalog format " + format);
      this.format = format;
    }

    public int format() {
      return format;
    }

    /** The newest format this driver reads. */
    public static int newestKnown() {
      return FORMAT;
    }
  }

  public static byte[] encode(Catalog catalog) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(formatFor(catalog));
      out.writeLong(catalog.version());
      out.writeInt(catalog.tables().size());
      for (TableInfo t : catalog.tables()) {
        writeTable(out, t);
      }
      out.writeInt(catalog.views().size());
      for (Map.Entry<String, String> v : catalog.views().entrySet()) {
        writeString(out, v.getKey());
        writeString(out, v.getValue());
      }
      out.writeInt(catalog.indexes().size());
      for (IndexInfo i : catalog.indexes().values()) {
        writeString(out, i.name());
        writeString(out, i.table());
        writeIds(out, i.columnIds());
        out.writeBoolean(i.unique());
        out.writeInt(i.uniqueSlot());
      }
      if (formatFor(catalog) >= 3) {
        out.writeInt(catalog.sequences().size());
        for (SequenceInfo q : catalog.sequences().values()) {
          writeString(out, q.name());
          writeString(out, q.sequenceId());
          writeString(out, q.dataType());
          out.writeLong(q.start());
          out.writeLong(q.base());
          out.writeLong(q.increment());
          out.writeLong(q.minValue());
          out.writeLong(q.maxValue());
          out.writeLong(q.cache());
        }
      }
      if (formatFor(catalog) >= 4) {
        out.writeInt(catalog.foreignKeys().size());
        for (ForeignKey k : catalog.foreignKeys().values()) {
          writeString(out, k.name());
          writeString(out, k.childTableId());
          writeIds(out, k.columnIds());
          writeString(out, k.parentTableId());
          writeIds(out, k.parentColumnIds());
          out.writeUTF(k.onDelete().name());
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Catalog decode(byte[] encoded) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
    int format = in.readInt();
    if (format < 1 || format > FORMAT) {
      throw new UnknownFormatException(format);
    }
    long version = in.readLong();
    int n = in.readInt();
    Map<String, TableInfo> tables = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      TableInfo t = readTable(in, format);
      tables.put(t.name(), t);
    }
    int views = in.readInt();
    Map<String, String> viewMap = new LinkedHashMap<>();
    for (int i = 0; i < views; i++) {
      viewMap.put(readString(in), readString(in));
    }
    int ni = in.readInt();
    Map<String, IndexInfo> indexes = new LinkedHashMap<>();
    for (int i = 0; i < ni; i++) {
      String name = readString(in);
      String table = readString(in);
      List<Integer> ids = readIds(in);
      indexes.put(name, new IndexInfo(name, table, List.copyOf(ids), in.readBoolean(), in.readInt()));
    }
    Map<String, SequenceInfo> sequences = new LinkedHashMap<>();
    int ns = format >= 3 ? in.readInt() : 0;
    for (int i = 0; i < ns; i++) {
      SequenceInfo q = new SequenceInfo(readString(in), readString(in), readString(in), in.readLong(),
          in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
      sequences.put(q.name(), q);
    }
    Map<String, ForeignKey> foreignKeys = new LinkedHashMap<>();
    int nf = format >= 4 ? in.readInt() : 0;
    for (int i = 0; i < nf; i++) {
      ForeignKey k = new ForeignKey(readString(in), readString(in), readIds(in), readString(in), readIds(in),
          ForeignKey.OnDelete.valueOf(in.readUTF()));
      foreignKeys.put(k.name(), k);
    }
    return new Catalog(version, tables, viewMap, indexes, sequences, foreignKeys);
  }

  private static void writeTable(DataOutputStream out, TableInfo t) throws IOException {
    writeString(out, t.name());
    writeString(out, t.tableId());
    writeString(out, t.dataBackend());
    writeString(out, t.dataTable());
    out.writeInt(t.columns().size());
    for (ColumnInfo c : t.columns()) {
      out.writeInt(c.id());
      writeString(out, c.name());
      out.writeUTF(c.type().type().name());
      out.writeInt(c.type().precision());
      out.writeInt(c.type().scale());
      out.writeBoolean(c.notNull());
      writeNullable(out, c.defaultExpression());
      out.writeBoolean(c.identity() != null);
      if (c.identity() != null) {
        out.writeBoolean(c.identity().always());
        out.writeLong(c.identity().start());
        out.writeLong(c.identity().increment());
      }
      out.writeUTF(c.keywordMode().name());
      writeNullable(out, c.indexBackend());
      writeNullable(out, c.indexTable());
      out.writeInt(c.entryFormat().code());
    }
    out.writeInt(t.uniqueKeys().size());
    for (UniqueKey k : t.uniqueKeys()) {
      writeString(out, k.name());
      out.writeInt(k.slot());
      out.writeBoolean(k.primaryKey());
      out.writeInt(k.columnIds().size());
      for (int id : k.columnIds()) {
        out.writeInt(id);
      }
    }
    out.writeInt(t.checks().size());
    for (String c : t.checks()) {
      writeString(out, c);
    }
    out.writeInt(t.schemaVersion());
    out.writeInt(t.keyGeneration());
    out.writeInt(t.wrappedKeys().size());
    for (byte[] k : t.wrappedKeys()) {
      out.writeInt(k.length);
      out.write(k);
    }
    out.writeInt(t.nextColumnId());
    out.writeInt(t.nextUniqueSlot());
  }

  private static TableInfo readTable(DataInputStream in, int format) throws IOException {
    String name = readString(in);
    String tableId = readString(in);
    String dataBackend = readString(in);
    String dataTable = readString(in);
    int nc = in.readInt();
    List<ColumnInfo> columns = new ArrayList<>(nc);
    for (int i = 0; i < nc; i++) {
      int id = in.readInt();
      String cname = readString(in);
      SqlType type = SqlType.valueOf(in.readUTF());
      ColumnType ctype = new ColumnType(type, in.readInt(), in.readInt());
      boolean notNull = in.readBoolean();
      String def = readNullable(in);
      Identity identity = in.readBoolean() ? new Identity(in.readBoolean(), in.readLong(), in.readLong()) : null;
      KeywordMode mode = KeywordMode.valueOf(in.readUTF());
      String indexBackend = readNullable(in);
      String indexTable = readNullable(in);
      EntryFormat entries = format == 1 ? EntryFormat.SIV : EntryFormat.ofCode(in.readInt());
      columns.add(new ColumnInfo(id, cname, ctype, notNull, def, identity, mode, indexBackend, indexTable, entries));
    }
    int nk = in.readInt();
    List<UniqueKey> keys = new ArrayList<>(nk);
    for (int i = 0; i < nk; i++) {
      String kname = readString(in);
      int slot = in.readInt();
      boolean pk = in.readBoolean();
      int n = in.readInt();
      List<Integer> ids = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        ids.add(in.readInt());
      }
      keys.add(new UniqueKey(kname, slot, pk, List.copyOf(ids)));
    }
    int nch = in.readInt();
    List<String> checks = new ArrayList<>(nch);
    for (int i = 0; i < nch; i++) {
      checks.add(readString(in));
    }
    int schemaVersion = in.readInt();
    int generation = in.readInt();
    int nw = in.readInt();
    List<byte[]> wrapped = new ArrayList<>(nw);
    for (int i = 0; i < nw; i++) {
      wrapped.add(in.readNBytes(in.readInt()));
    }
    int nextColumnId = in.readInt();
    int nextSlot = in.readInt();
    return new TableInfo(name, tableId, dataBackend, dataTable, List.copyOf(columns), List.copyOf(keys),
        List.copyOf(checks), schemaVersion, generation, List.copyOf(wrapped), nextColumnId, nextSlot);
  }

  /** The oldest format that holds everything in the catalog, so older drivers read what they can. */
  private static int formatFor(Catalog catalog) {
    boolean oneKey = catalog.tables().stream().flatMap(t -> t.columns().stream())
        .anyMatch(c -> c.isIndexed() && c.entryFormat().oneKey());
    return oneKey ? 5 : !catalog.foreignKeys().isEmpty() ? 4 : !catalog.sequences().isEmpty() ? 3 : 2;
  }

  private static void writeIds(DataOutputStream out, List<Integer> ids) throws IOException {
    out.writeInt(ids.size());
    for (int id : ids) {
      out.writeInt(id);
    }
  }

  private static List<Integer> readIds(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 100_000) {
      throw new IOException("malformed catalog");
    }
    List<Integer> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(in.readInt());
    }
    return List.copyOf(ids);
  }

  /** Unlike writeUTF, not limited to 64 KiB (view texts and CHECK expressions can be long). */
  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 64 * 1024 * 1024) {
      throw new IOException("malformed catalog");
    }
    return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      writeString(out, s);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }
}
