package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.backend.BackendRole;
import io.securejdbc.config.StoreConfig;
import java.sql.SQLException;
import java.util.Map;

/** The placement rules every configuration must satisfy before the store opens. */
final class Placement {

  private Placement() {}

  static void check(StoreConfig config, Map<String, Backend> backends) throws SQLException {
    long data = backends.values().stream().filter(b -> b.role() == BackendRole.DATA).count();
    long index = backends.values().stream().filter(b -> b.role() == BackendRole.INDEX).count();
    if (data == 0) {
      throw SqlState.UNABLE_TO_CONNECT.exception("placement rule 'data backend required': configure one backend"
          + " with role data");
    }
    if (index == 0) {
      throw SqlState.UNABLE_TO_CONNECT.exception("placement rule 'index backend required': configure at least"
          + " one backend with role index (on a different provider than the data backend)");
    }
    for (Backend d : backends.values()) {
      for (Backend i : backends.values()) {
        if (d.role() == BackendRole.DATA && i.role() == BackendRole.INDEX && d.zone().equals(i.zone())) {
          throw SqlState.UNABLE_TO_CONNECT.exception("placement rule 'data and index in different zones' violated:"
              + " data backend '" + d.name() + "' and index backend '" + i.name() + "' are both in zone '"
              + d.zone() + "'");
        }
      }
    }
  }
}
