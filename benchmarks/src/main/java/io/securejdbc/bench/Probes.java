package io.securejdbc.bench;

import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Statements outside the measured workloads that show what an engine cannot answer, or answers wrongly: checked once
 * per loaded database against plain H2 and written to the verdict file (type "probe"); never measured.
 */
final class Probes {

  record Probe(String name, String sql, boolean ordered, Function<SplittableRandom, Object[]> params) {}

  static final List<Probe> ALL = List.of(
      new Probe("range written as >= AND <=",
          "SELECT id, balance FROM customer WHERE balance >= ? AND balance <= ?", false, r -> {
            int lo = r.nextInt(Dataset.BALANCE_DOMAIN - Workload.RANGE_WIDTH);
            return new Object[] {lo, lo + Workload.RANGE_WIDTH - 1};
          }),
      new Probe("ORDER BY an encrypted column", "SELECT id, name FROM customer WHERE grp = ? ORDER BY name, id", true,
          r -> new Object[] {r.nextInt(100)}),
      new Probe("MAX of an encrypted column", "SELECT MAX(balance) FROM customer WHERE tier = ?", false,
          r -> new Object[] {r.nextInt(10)}),
      new Probe("string comparison (name < ?) with equality",
          "SELECT id FROM customer WHERE grp = ? AND name < ?", false,
          r -> new Object[] {r.nextInt(100), "m"}),
      new Probe("IN list on an encrypted column", "SELECT id, city FROM customer WHERE email IN (?, ?, ?)", false,
          r -> new Object[] {Dataset.email(r.nextInt(100)), Dataset.email(r.nextInt(100)), "nobody@mail.test"}),
      new Probe("COUNT over an equality filter", "SELECT COUNT(*) FROM customer WHERE city = ?", false,
          r -> new Object[] {Dataset.city(r.nextInt(50))}));

  private Probes() {}

  static void run(Db db, Db ref) {
    for (Probe p : ALL) {
      SplittableRandom r = new SplittableRandom(11);
      Verdict v;
      try {
        v = Verdict.pass();
        for (int k = 0; k < 3 && v.passed(); k++) {
          v = Workload.compare(db, ref, p.sql(), p.params().apply(r), p.ordered());
        }
      } catch (SQLException | RuntimeException e) {
        v = Verdict.unsupported(e);
      }
      Verdicts.recordProbe(db.engine(), db.size(), p.name(), p.sql(), v);
    }
  }
}
