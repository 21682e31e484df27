package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.backend.Dialect;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.CatalogCodec;
import io.securejdbc.crypto.Aead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps the encrypted catalog and the wrapped catalog key in the meta table of the primary data backend. The catalog
 * is AES-GCM encrypted under the catalog key with associated data {@code sj1/catalog/<namespace>}; updates are a
 * compare-and-set on the catalog version, so two drivers cannot silently overwrite each other's DDL.
 */
final class CatalogStore {

  static final String CATALOG_KEY_ROW = "catalog.key";
  static final String CATALOG_ROW = "catalog";

  private final Backend backend;
  private final String metaTable;
  private final byte[] aad;

  CatalogStore(Backend backend, String namespace) {
    this.backend = backend;
    this.metaTable = namespace + "meta";
    this.aad = ("sj1/catalog/" + namespace).getBytes(StandardCharsets.US_ASCII);
  }

  String metaTable() {
    return metaTable;
  }

  void ensureMetaTable() throws SQLException {
    try (Connection c = backend.connect(); Statement s = c.createStatement()) {
      s.execute(backend.dialect().createMetaTable(metaTable));
      c.commit();
    }
  }

  /** The stored value of a meta row, or null. */
  byte[] read(String key) throws SQLException {
    try (Connection c = backend.connect();
        PreparedStatement ps = c.prepareStatement(backend.dialect().selectMeta(metaTable))) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        byte[] value = rs.next() ? rs.getBytes(2) : null;
        c.commit();
        return value;
      }
    }
  }

  /** A meta row's version and value, or null. */
  record Entry(long version, byte[] value) {}

  Entry readEntry(String key) throws SQLException {
    try (Connection c = backend.connect();
        PreparedStatement ps = c.prepareStatement(backend.dialect().selectMeta(metaTable))) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        Entry e = rs.next() ? new Entry(rs.getLong(1), rs.getBytes(2)) : null;
        c.commit();
        return e;
      }
    }
  }

  /** Inserts a meta row; false if it already exists (another driver created it first). */
  boolean insert(String key, long version, byte[] value) throws SQLException {
    Dialect d = backend.dialect();
    try (Connection c = backend.connect(); PreparedStatement ps = c.prepareStatement(d.insertMeta(metaTable))) {
      ps.setString(1, key);
      ps.setLong(2, version);
      ps.setBytes(3, value);
      ps.executeUpdate();
      c.commit();
      return true;
    } catch (SQLException e) {
      if (d.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Compare-and-set; false when the stored version is no longer {@code expected}. */
  boolean update(String key, long expected, long next, byte[] value) throws SQLException {
    try (Connection c = backend.connect();
        PreparedStatement ps = c.prepareStatement(backend.dialect().updateMeta(metaTable))) {
      ps.setLong(1, next);
      ps.setBytes(2, value);
      ps.setString(3, key);
      ps.setLong(4, expected);
      int n = ps.executeUpdate();
      c.commit();
      return n == 1;
    }
  }

  Catalog loadCatalog(Aead catalogAead) throws SQLException {
    byte[] stored = read(CATALOG_ROW);
    if (stored == null) {
      return null;
    }
    byte[] plain = null;
    try {
      plain = catalogAead.decrypt(stored, aad);
      return CatalogCodec.decode(plain);
    } catch (CatalogCodec.UnknownFormatException e) {
      // Authenticated, so not damaged: a newer driver wrote it.
      throw SqlState.FEATURE_NOT_SUPPORTED.exception("the catalog was written by a newer secure-jdbc (catalog format "
          + e.format() + ", this driver reads up to " + CatalogCodec.UnknownFormatException.newestKnown()
          + "): use that version of the driver or a later one", e);
    } catch (GeneralSecurityException | IOException e) {
      throw SqlState.DATA_CORRUPTED.exception(
          "the encrypted catalog failed authentication: it was altered or belongs to another key", e);
    } finally {
      if (plain != null) {
        java.util.Arrays.fill(plain, (byte) 0);
      }
    }
  }

  boolean saveCatalog(Aead catalogAead, Catalog previous, Catalog next) throws SQLException {
    byte[] plain = CatalogCodec.encode(next);
    try {
      byte[] ct = catalogAead.encrypt(plain, aad);
      return previous == null ? insert(CATALOG_ROW, next.version(), ct)
          : update(CATALOG_ROW, previous.version(), next.version(), ct);
    } catch (GeneralSecurityException e) {
      throw SqlState.INTERNAL_ERROR.exception("catalog encryption failed", e);
    } finally {
      java.util.Arrays.fill(plain, (byte) 0);
    }
  }
}
