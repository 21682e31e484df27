package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.backend.BackendRole;
import io.securejdbc.backend.Backends;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.config.StoreConfig;
import io.securejdbc.config.StoreConfig.BackendSpec;
import io.securejdbc.crypto.Aead;
import io.securejdbc.crypto.DataKey;
import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokens;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenState;
import io.securejdbc.token.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open secure database, shared by all connections to it in this JVM: its backends, its token session, the
 * catalog and the unwrapped table keys. Plaintext keys live only here, in memory, and are destroyed on close.
 */
public final class SecureStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SecureStore.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StoreConfig config;
  private final Map<String, Backend> backends;
  private final Backend primaryData;
  private final KeyToken token;
  private volatile KeyHandle master;
  private final Map<String, KeyHandle> masters = new ConcurrentHashMap<>();
  private volatile long tokenGraceMillis;
  private volatile long tokenMissingSince;
  private final CatalogStore catalogStore;
  private final Aead catalogAead;
  private final Map<String, TableKeys> tableKeys = new ConcurrentHashMap<>();
  private final byte[] pinVerifierKey = new byte[32];
  private final byte[] pinVerifier;
  private volatile Catalog catalog;
  private volatile boolean closed;
  private final Parallel parallel;
  private final IndexCleaner indexCleaner = new IndexCleaner(this);
  // Multi-shard commits exclude multi-shard reads (in this JVM), so a read of a sharded table sees a transaction
  // that wrote rows on several data shards either everywhere or nowhere.
  private final java.util.concurrent.locks.ReentrantReadWriteLock shardCommits =
      new java.util.concurrent.locks.ReentrantReadWriteLock();

  private SecureStore(StoreConfig config, Map<String, Backend> backends, KeyToken token, KeyHandle master,
      Aead catalogAead, Catalog catalog, char[] pin) {
    this.config = config;
    this.backends = backends;
    this.primaryData = firstOf(backends, BackendRole.DATA);
    this.token = token;
    this.master = master;
    this.masters.put(master.alias(), master);
    this.catalogStore = new CatalogStore(primaryData, config.namespace());
    this.catalogAead = catalogAead;
    this.catalog = catalog;
    RANDOM.nextBytes(pinVerifierKey);
    this.pinVerifier = verifier(pin);
    this.parallel = new Parallel(Math.max(2, backends.size()));
  }

  /** Opens (or, the first time, creates) the store: backends, token login, master key, catalog. */
  public static SecureStore open(StoreConfig config, char[] pin) throws SQLException {
    Map<String, Backend> backends = createBackends(config);
    KeyToken token = null;
    try {
      Placement.check(config, backends);
      Backend primary = firstOf(backends, BackendRole.DATA);
      CatalogStore cs = new CatalogStore(primary, config.namespace());
      cs.ensureMetaTable();
      token = KeyTokens.open(config.token().type(), config.token().options());
      token.login(pin);
      byte[] wrappedCatalogKey = cs.read(CatalogStore.CATALOG_KEY_ROW);
      KeyHandle master;
      DataKey catalogKey;
      byte[] aad = catalogKeyAad(config);
      if (wrappedCatalogKey == null) {
        master = token.findMasterKey(config.masterKeyAlias()).orElse(null);
        if (master == null) {
          master = token.createMasterKey(config.masterKeyAlias());
        }
        catalogKey = DataKey.generate("catalog-" + randomHex(8));
        if (!cs.insert(CatalogStore.CATALOG_KEY_ROW, 0, token.wrap(master, catalogKey, aad).toBytes())) {
          catalogKey.destroy();
          throw SqlState.SERIALIZATION_FAILURE.exception("another driver initialised this database at the same"
              + " time; open the connection again");
        }
      } else {
        WrappedKey wrapped = WrappedKey.fromBytes(wrappedCatalogKey);
        master = token.findMasterKey(wrapped.masterAlias()).orElseThrow(() -> new TokenException(
            TokenException.Reason.KEY_NOT_FOUND, "master key not on this token"));
        catalogKey = token.unwrap(master, wrapped, aad);
      }
      Aead catalogAead = catalogKey.aead();
      catalogKey.destroy();
      Catalog catalog = cs.loadCatalog(catalogAead);
      if (catalog == null) {
        catalog = Catalog.empty();
        cs.saveCatalog(catalogAead, null, catalog);
        catalog = cs.loadCatalog(catalogAead);
      }
      for (Backend b : backends.values()) {
        if (b.role() == BackendRole.DATA && b != primary) {
          new CatalogStore(b, config.namespace()).ensureMetaTable(); // markers of multi-shard commits
        }
      }
      LOG.debug("opened secure store {} with {} backends", config.key(), backends.size());
      SecureStore store = new SecureStore(config, backends, token, master, catalogAead, catalog, pin);
      try {
        ShardLog.recoverAll(store);
      } catch (SQLException e) {
        LOG.warn("completing interrupted multi-shard transactions failed ({}); retried at the next open or by"
            + " SecureAdmin.recover()", e.getSQLState());
      }
      return store;
    } catch (TokenException e) {
      closeQuietly(token, backends);
      throw TokenErrors.toSql(e);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(token, backends);
      throw e;
    }
  }

  private static Map<String, Backend> createBackends(StoreConfig config) throws SQLException {
    Map<String, Backend> backends = new LinkedHashMap<>();
    try {
      for (BackendSpec spec : config.backends()) {
        backends.put(spec.name(), Backends.create(spec.name(), spec.role(), spec.zone(), spec.url(), spec.user(),
            spec.password(), spec.properties(), spec.pool()));
      }
    } catch (IllegalArgumentException e) {
      backends.values().forEach(Backend::close);
      throw SqlState.UNABLE_TO_CONNECT.exception(e.getMessage(), e);
    }
    return backends;
  }

  public StoreConfig config() {
    return config;
  }

  public Catalog catalog() {
    return catalog;
  }

  public Backend backend(String name) {
    Backend b = backends.get(name);
    if (b == null) {
      throw new IllegalStateException("the catalog names backend '" + name + "' which is not configured");
    }
    return b;
  }

  public List<Backend> backends(BackendRole role) {
    List<Backend> list = new ArrayList<>();
    backends.values().stream().filter(b -> b.role() == role).forEach(list::add);
    return list;
  }

  public Backend primaryDataBackend() {
    return primaryData;
  }

  String metaTable() {
    return catalogStore.metaTable();
  }

  CatalogStore catalogStore() {
    return catalogStore;
  }

  /**
   * Persists {@code next} if the stored catalog is still {@code expected}, then makes it current. Callers hold
   * the DDL lock.
   */
  public synchronized void commitCatalog(Catalog expected, Catalog next) throws SQLException {
    if (catalog != expected) {
      throw SqlState.SERIALIZATION_FAILURE.exception("the schema changed concurrently; run the statement again");
    }
    if (!catalogStore.saveCatalog(catalogAead, expected, next)) {
      Catalog reloaded = catalogStore.loadCatalog(catalogAead);
      if (reloaded != null) {
        catalog = reloaded;
      }
      throw SqlState.SERIALIZATION_FAILURE.exception(
          "another driver changed the schema concurrently; run the statement again");
    }
    catalog = next;
    for (TableInfo t : next.tables()) {
      TableKeys k = tableKeys.get(t.tableId());
      if (k != null) {
        k.refresh(t);
      }
    }
  }

  /** The keys of a table, unwrapped through the token on first use. */
  TableKeys keys(TableInfo table) throws SQLException {
    checkOpen();
    TableKeys k = tableKeys.computeIfAbsent(table.tableId(), id -> new TableKeys(table, this::unwrap));
    k.refresh(table);
    return k;
  }

  /** Forgets a dropped table's keys. */
  public void forgetKeys(String tableId) {
    TableKeys k = tableKeys.remove(tableId);
    if (k != null) {
      k.destroy();
    }
  }

  /**
   * Unwraps from the newest definition of the table this JVM knows: a reader holding an older catalog snapshot may
   * have refreshed the shared {@link TableKeys} meanwhile, so the caller's copy can lack a generation a concurrent
   * rotation just added (or still name a master key that rotation deleted).
   */
  private DataKey unwrap(TableInfo table, int generation) throws SQLException {
    TableInfo source = holding(latestDefinition(table), generation);
    if (source == null) {
      source = holding(table, generation);
    }
    if (source == null) {
      throw SqlState.SERIALIZATION_FAILURE.exception("key generation " + generation + " of table " + table.name()
          + " is not in this driver's catalog (changed by another driver); open a new connection and retry");
    }
    try {
      WrappedKey wrapped = WrappedKey.fromBytes(source.wrappedKeys().get(generation));
      return token.unwrap(masterFor(wrapped), wrapped, tableKeyAad(table.tableId(), generation));
    } catch (TokenException e) {
      throw TokenErrors.toSql(e);
    }
  }

  private TableInfo latestDefinition(TableInfo table) {
    for (TableInfo t : catalog.tables()) {
      if (t.tableId().equals(table.tableId())) {
        return t;
      }
    }
    return null;
  }

  private static TableInfo holding(TableInfo t, int generation) {
    return t != null && generation < t.wrappedKeys().size() && t.wrappedKeys().get(generation).length > 0 ? t : null;
  }

  /** The master key a wrapped key names (after a master rotation, keys not yet re-wrapped name the old one). */
  private KeyHandle masterFor(WrappedKey wrapped) throws TokenException {
    KeyHandle h = masters.get(wrapped.masterAlias());
    if (h == null) {
      h = token.findMasterKey(wrapped.masterAlias()).orElseThrow(() -> new TokenException(
          TokenException.Reason.KEY_NOT_FOUND, "master key not on this token"));
      masters.put(wrapped.masterAlias(), h);
    }
    return h;
  }

  /**
   * Master key rotation: a new master key is generated inside the token, the catalog key and every table key are
   * re-wrapped under it (the data itself is untouched, so this is instant), and the old master keys are deleted.
   * Idempotent and resumable: whatever is still wrapped under an older master is re-wrapped on the next call.
   */
  public synchronized String rotateMasterKey() throws SQLException {
    checkOpen();
    try {
      String base = config.masterKeyAlias();
      String current = master.alias();
      int n = current.startsWith(base + "-r") ? Integer.parseInt(current.substring(base.length() + 2)) : 0;
      String nextAlias = base + "-r" + (n + 1);
      KeyHandle next = token.findMasterKey(nextAlias).orElse(null);
      if (next == null) {
        next = token.createMasterKey(nextAlias);
      }
      masters.put(nextAlias, next);
      java.util.Set<String> retired = new java.util.TreeSet<>();
      CatalogStore.Entry ck = catalogStore.readEntry(CatalogStore.CATALOG_KEY_ROW);
      WrappedKey wrappedCatalogKey = WrappedKey.fromBytes(ck.value());
      if (!wrappedCatalogKey.masterAlias().equals(nextAlias)) {
        retired.add(wrappedCatalogKey.masterAlias());
        byte[] rewrapped = rewrap(wrappedCatalogKey, next, catalogKeyAad(config)).toBytes();
        if (!catalogStore.update(CatalogStore.CATALOG_KEY_ROW, ck.version(), ck.version() + 1, rewrapped)) {
          throw SqlState.SERIALIZATION_FAILURE.exception("the catalog key changed concurrently; retry the rotation");
        }
      }
      Catalog before = catalog;
      Catalog after = before;
      for (TableInfo t : before.tables()) {
        List<byte[]> keys = new ArrayList<>(t.wrappedKeys());
        for (int g = 0; g < keys.size(); g++) {
          if (keys.get(g).length == 0) {
            continue;
          }
          WrappedKey w = WrappedKey.fromBytes(keys.get(g));
          if (!w.masterAlias().equals(nextAlias)) {
            retired.add(w.masterAlias());
            keys.set(g, rewrap(w, next, tableKeyAad(t.tableId(), g)).toBytes());
          }
        }
        after = after.replacing(t.name(), t.withKeys(t.keyGeneration(), keys));
      }
      if (after != before) {
        commitCatalog(before, after);
      }
      master = next;
      retired.remove(nextAlias);
      for (String alias : retired) {
        KeyHandle old = token.findMasterKey(alias).orElse(null);
        if (old != null) {
          token.deleteMasterKey(old);
        }
        masters.remove(alias);
      }
      LOG.info("master key rotated for tenant {} ({} older master key(s) deleted)", config.tenant(), retired.size());
      return nextAlias;
    } catch (TokenException e) {
      throw TokenErrors.toSql(e);
    }
  }

  private WrappedKey rewrap(WrappedKey wrapped, KeyHandle next, byte[] aad) throws TokenException {
    DataKey key = token.unwrap(masterFor(wrapped), wrapped, aad);
    try {
      return token.wrap(next, key, aad);
    } finally {
      key.destroy();
    }
  }

  /** The alias of the master key currently wrapping new keys. */
  public String currentMasterAlias() {
    return master.alias();
  }

  /** How long a removed token may be absent before cached keys are wiped and work is refused (default 0). */
  /** Whether obsolete index entries are removed on a background thread (default) or by the committing caller. */
  public void setBackgroundIndexCleanup(boolean background) {
    indexCleaner.setBackground(background);
  }

  IndexCleaner indexCleaner() {
    return indexCleaner;
  }

  /**
   * Waits until the obsolete index entries that writes committed before this call queued for removal are removed.
   * Schema changes, verify, repair and rotations call it, so that they never meet an entry that is merely queued.
   */
  public void awaitIndexCleanup() throws SQLException {
    if (!indexCleaner.flush(CLEANUP_WAIT_MILLIS)) {
      throw SqlState.SERIALIZATION_FAILURE.exception("obsolete index entries queued for removal were not removed"
          + " within " + CLEANUP_WAIT_MILLIS / 1000 + " s (an index backend is slow or unreachable); retry");
    }
  }

  private static final long CLEANUP_WAIT_MILLIS = 60_000;

  /** Index transactions the background cleaner has run so far (each removes up to a batch of entries). */
  public long indexCleanupTransactions() {
    return indexCleaner.transactions();
  }

  public void setTokenGracePeriod(java.time.Duration grace) {
    this.tokenGraceMillis = grace.toMillis();
  }

  /** A fresh data key for a table generation, returned wrapped (the plaintext copy is destroyed here). */
  public byte[] newWrappedTableKey(String tableId, int generation) throws SQLException {
    DataKey key = DataKey.generate(tableId + "-g" + generation);
    try {
      return token.wrap(master, key, tableKeyAad(tableId, generation)).toBytes();
    } catch (TokenException e) {
      throw TokenErrors.toSql(e);
    } finally {
      key.destroy();
    }
  }

  /** Refuses work once the token is gone: cached keys are destroyed rather than used without the token. */
  public void checkOpen() throws SQLException {
    if (closed) {
      throw SqlState.CONNECTION_DOES_NOT_EXIST.exception("the secure database was closed");
    }
    TokenState state = token.state();
    if (state == TokenState.READY) {
      tokenMissingSince = 0;
      return;
    }
    if (state == TokenState.ABSENT && tokenGraceMillis > 0) {
      long now = System.currentTimeMillis();
      if (tokenMissingSince == 0) {
        tokenMissingSince = now;
        LOG.warn("the security token is absent; cached keys stay usable for {} ms", tokenGraceMillis);
      }
      if (now - tokenMissingSince < tokenGraceMillis) {
        return;
      }
    }
    {
      tableKeys.values().forEach(TableKeys::destroy);
      tableKeys.clear();
      throw state == TokenState.ABSENT
          ? SqlState.CONNECTION_FAILURE.exception("the security token was removed; keys were wiped."
              + " Reconnect the token and open a new connection")
          : SqlState.INVALID_AUTHORIZATION.exception("the security token is " + state.name().toLowerCase()
              + "; open a new connection with the PIN");
    }
  }

  /** Checks the PIN of a further connection to an already open store (constant time). */
  public void verifyPin(char[] pin) throws SQLException {
    if (!MessageDigest.isEqual(pinVerifier, verifier(pin))) {
      throw SqlState.INVALID_AUTHORIZATION.exception("wrong token PIN for this database");
    }
  }

  /** Ids for the rows one write inserts, in the given slots (-1: random); see {@link RowIdRun}. */
  public long[] newRowIds(int[] slots) {
    return RowIdRun.draw(RANDOM, slots);
  }

  /** A random meaningless physical table name under this tenant's prefix. */
  public String newPhysicalName(char kind) {
    return config.namespace() + kind + "_" + randomHex(8);
  }

  public static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Creates a column's index table in its entry format's layout (and its index, where a second statement). */
  public void createIndexTable(Backend backend, ColumnInfo column) throws SQLException {
    for (String sql : EntryTable.create(backend.dialect(), column)) {
      if (sql != null) {
        executeOn(backend, sql);
      }
    }
  }

  /** Runs DDL on a backend in its own transaction. */
  public void executeOn(Backend backend, String sql) throws SQLException {
    try (Connection c = backend.connect(); Statement s = c.createStatement()) {
      s.execute(sql);
      c.commit();
    }
  }

  /** Completes multi-shard transactions interrupted after their commit point; returns how many. */
  public int recoverShardCommits() throws SQLException {
    checkOpen();
    return ShardLog.recoverAll(this);
  }

  /** Encrypts a redo record under the catalog key, bound to this database and the record id. */
  byte[] sealRedo(String id, List<ShardLog.Op> ops) throws SQLException {
    byte[] plain = ShardLog.encode(ops);
    try {
      return catalogAead.encrypt(plain, redoAad(id));
    } catch (java.security.GeneralSecurityException e) {
      throw SqlState.INTERNAL_ERROR.exception("redo record encryption failed", e);
    } finally {
      java.util.Arrays.fill(plain, (byte) 0);
    }
  }

  List<ShardLog.Op> openRedo(String id, byte[] sealed) throws SQLException {
    try {
      return ShardLog.decode(catalogAead.decrypt(sealed, redoAad(id)));
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw SqlState.DATA_CORRUPTED.exception("a multi-shard redo record failed authentication: the data backend"
          + " altered or moved it");
    }
  }

  private byte[] redoAad(String id) {
    return ("sj1/redo/" + config.namespace() + "/" + id).getBytes(StandardCharsets.US_ASCII);
  }

  /** Held to read several data shards as of one moment (see {@link #shardCommitLock}). */
  java.util.concurrent.locks.Lock shardReadLock() {
    return shardCommits.readLock();
  }

  /** Held while a transaction commits on several data shards. */
  java.util.concurrent.locks.Lock shardCommitLock() {
    return shardCommits.writeLock();
  }

  /** Concurrent per-backend work. */
  public Parallel parallel() {
    return parallel;
  }

  /** The token this store uses (its keys never leave it; for administration and tests). */
  public KeyToken token() {
    return token;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    // Before the keys go and the backends shut down: queued removals need the backends (not the keys).
    indexCleaner.close();
    closed = true;
    tableKeys.values().forEach(TableKeys::destroy);
    tableKeys.clear();
    java.util.Arrays.fill(pinVerifierKey, (byte) 0);
    if (config.dropBackendsOnClose()) {
      for (Backend b : backends.values()) {
        try (Connection c = b.connect(); Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
        } catch (SQLException e) {
          LOG.debug("shutting down in-memory backend {} failed: {}", b.name(), e.getSQLState());
        }
      }
    }
    parallel.close();
    closeQuietly(token, backends);
  }

  public boolean isClosed() {
    return closed;
  }

  private byte[] verifier(char[] pin) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(pinVerifierKey, "HmacSHA256"));
      byte[] bytes = new String(pin == null ? new char[0] : pin).getBytes(StandardCharsets.UTF_8);
      byte[] out = mac.doFinal(bytes);
      java.util.Arrays.fill(bytes, (byte) 0);
      return out;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] catalogKeyAad(StoreConfig config) {
    return ("sj1/catalog-key/" + config.namespace()).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] tableKeyAad(String tableId, int generation) {
    return ("sj1/table-key/" + tableId + "/" + generation).getBytes(StandardCharsets.US_ASCII);
  }

  private static Backend firstOf(Map<String, Backend> backends, BackendRole role) {
    return backends.values().stream().filter(b -> b.role() == role).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + role + " backend configured"));
  }

  private static void closeQuietly(KeyToken token, Map<String, Backend> backends) {
    if (token != null) {
      token.close();
    }
    backends.values().forEach(Backend::close);
  }
}
