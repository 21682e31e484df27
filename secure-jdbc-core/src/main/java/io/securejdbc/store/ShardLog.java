package io.securejdbc.store;

import io.securejdbc.backend.Backend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redo record that makes a transaction writing rows on several data shards atomic (see
 * {@link BackendSession#commit}). The record lists the row writes on every shard but the primary data backend,
 * encrypted under the catalog key, and is committed with the primary's own writes: that commit is the transaction's
 * commit point. Each other shard commits a marker with its writes. Recovery re-applies, from the record, the writes
 * of every shard without a marker (its transaction was lost), writing the marker with them so that it never applies
 * twice, then deletes the record, and only then the markers.
 */
final class ShardLog {

  private static final Logger LOG = LoggerFactory.getLogger(ShardLog.class);
  static final String PREFIX = "redo/";

  enum Kind { INSERT, UPDATE, DELETE, SET_CT }

  /** One row write on a data shard: ciphertext and uniqueness tags as written (already encrypted). */
  record Op(String backend, Kind kind, String table, int slots, long rowId, byte[] ct, byte[][] tags) {}

  private ShardLog() {}

  static byte[] encode(List<Op> ops) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(ops.size());
      for (Op op : ops) {
        out.writeUTF(op.backend());
        out.writeByte(op.kind().ordinal());
        out.writeUTF(op.table());
        out.writeInt(op.slots());
        out.writeLong(op.rowId());
        writeBytes(out, op.ct());
        out.writeInt(op.tags() == null ? -1 : op.tags().length);
        if (op.tags() != null) {
          for (byte[] tag : op.tags()) {
            writeBytes(out, tag);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  static List<Op> decode(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    int n = in.readInt();
    List<Op> ops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String backend = in.readUTF();
      Kind kind = Kind.values()[in.readByte()];
      String table = in.readUTF();
      int slots = in.readInt();
      long rid = in.readLong();
      byte[] ct = readBytes(in);
      int tagCount = in.readInt();
      byte[][] tags = tagCount < 0 ? null : new byte[tagCount][];
      for (int t = 0; t < tagCount; t++) {
        tags[t] = readBytes(in);
      }
      ops.add(new Op(backend, kind, table, slots, rid, ct, tags));
    }
    return ops;
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0) {
      return null;
    }
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }

  /** Completes every transaction whose commit point passed but whose other shards did not commit. */
  static int recoverAll(SecureStore store) throws SQLException {
    Backend primary = store.primaryDataBackend();
    Map<String, byte[]> records = new LinkedHashMap<>();
    try (Connection c = primary.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT mkey, mval FROM " + store.metaTable() + " WHERE mkey LIKE '" + PREFIX + "%'")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          records.put(rs.getString(1), rs.getBytes(2));
        }
      }
      c.commit();
    }
    for (Map.Entry<String, byte[]> r : records.entrySet()) {
      recover(store, r.getKey().substring(PREFIX.length()), r.getValue());
    }
    if (!records.isEmpty()) {
      LOG.info("completed {} multi-shard transaction(s) interrupted after their commit point", records.size());
    }
    return records.size();
  }

  /**
   * Re-applies the writes of each shard that lacks the record's marker, writing the marker with them, then deletes
   * the record, then the markers. Markers outlive the record, so a record found again (a crash before its deletion)
   * is never applied twice.
   */
  static void recover(SecureStore store, String id, byte[] sealed) throws SQLException {
    List<Op> ops = store.openRedo(id, sealed);
    Map<String, List<Op>> byBackend = new LinkedHashMap<>();
    for (Op op : ops) {
      byBackend.computeIfAbsent(op.backend(), b -> new ArrayList<>()).add(op);
    }
    List<Backend> shards = new ArrayList<>();
    for (Map.Entry<String, List<Op>> e : byBackend.entrySet()) {
      Backend b = store.backend(e.getKey());
      shards.add(b);
      try (Connection c = b.connect()) {
        if (!hasMarker(c, store, id)) {
          for (Op op : e.getValue()) {
            apply(c, b, op);
          }
          try (PreparedStatement ps = c.prepareStatement(b.dialect().insertMeta(store.metaTable()))) {
            writeMarker(ps, id);
          }
        }
        c.commit();
      }
    }
    forget(store, id, store.primaryDataBackend(), shards);
  }

  /**
   * After a complete commit: deletes the record, then the markers (best effort; a marker left behind is a few bytes
   * that nothing reads). Never the other way round: a record without its markers would be applied again.
   */
  static void forget(SecureStore store, String id, Backend primary, List<Backend> others) {
    try (Connection c = primary.connect()) {
      deleteMeta(c, store, id);
      c.commit();
    } catch (SQLException e) {
      LOG.debug("removing redo record on backend {} failed ({}); recovery completes it", primary.name(),
          e.getSQLState());
      return;
    }
    for (Backend b : others) {
      if (b == primary) {
        continue;
      }
      try (Connection c = b.connect()) {
        deleteMeta(c, store, id);
        c.commit();
      } catch (SQLException e) {
        LOG.debug("removing redo marker on backend {} failed ({})", b.name(), e.getSQLState());
      }
    }
  }

  private static boolean hasMarker(Connection c, SecureStore store, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT mver FROM " + store.metaTable() + " WHERE mkey = ?")) {
      ps.setString(1, PREFIX + id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void deleteMeta(Connection c, SecureStore store, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + store.metaTable() + " WHERE mkey = ?")) {
      ps.setString(1, PREFIX + id);
      ps.executeUpdate();
    }
  }

  /** The marker a shard commits with its writes (see the class comment). */
  static void writeMarker(PreparedStatement insertMeta, String id) throws SQLException {
    insertMeta.setString(1, PREFIX + id);
    insertMeta.setLong(2, 0);
    insertMeta.setBytes(3, new byte[] {1});
    insertMeta.executeUpdate();
  }

  /** Idempotent re-application of one write (its shard's own transaction was lost, so the row is as before). */
  private static void apply(Connection c, Backend b, Op op) throws SQLException {
    switch (op.kind()) {
      case INSERT -> {
        delete(c, b, op);
        try (PreparedStatement ps = c.prepareStatement(b.dialect().insertRow(op.table(), op.slots()))) {
          ps.setLong(1, op.rowId());
          ps.setBytes(2, op.ct());
          for (int k = 0; k < op.slots(); k++) {
            ps.setBytes(3 + k, op.tags()[k]);
          }
          ps.executeUpdate();
        }
      }
      case UPDATE -> {
        try (PreparedStatement ps = c.prepareStatement(b.dialect().updateRow(op.table(), op.slots()))) {
          ps.setBytes(1, op.ct());
          for (int k = 0; k < op.slots(); k++) {
            ps.setBytes(2 + k, op.tags()[k]);
          }
          ps.setLong(2 + op.slots(), op.rowId());
          ps.executeUpdate();
        }
      }
      case DELETE -> delete(c, b, op);
      case SET_CT -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + op.table() + " SET ct = ? WHERE rid = ?")) {
          ps.setBytes(1, op.ct());
          ps.setLong(2, op.rowId());
          ps.executeUpdate();
        }
      }
      default -> throw new IllegalStateException(op.kind().name());
    }
  }

  private static void delete(Connection c, Backend b, Op op) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(b.dialect().deleteRow(op.table()))) {
      ps.setLong(1, op.rowId());
      ps.executeUpdate();
    }
  }
}
