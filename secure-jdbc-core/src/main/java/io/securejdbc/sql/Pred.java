package io.securejdbc.sql;

import io.securejdbc.index.CompareOp;
import java.util.List;

/**
 * A predicate on one table reference that the keyword index can answer (or narrow). Pushed predicates are only
 * ever weaker than the query's own: the candidate rows they select are a superset of the rows the query needs, and
 * the query itself runs on them afterwards.
 */
public sealed interface Pred {

  /** {@code column op constant}. */
  record Compare(String column, CompareOp op, Operand value) implements Pred {}

  /** {@code column IS NULL}. */
  record IsNull(String column) implements Pred {}

  /** {@code column LIKE pattern [ESCAPE escape]}: the literal prefix before the first wildcard narrows the scan. */
  record Like(String column, Operand pattern, Operand escape) implements Pred {}

  record And(List<Pred> parts) implements Pred {}

  record Or(List<Pred> parts) implements Pred {}

  /**
   * True when the predicate cannot be TRUE on a row whose columns are all NULL. Only such predicates may narrow the
   * null-supplying side of an outer join.
   */
  static boolean isStrict(Pred p) {
    if (p instanceof And a) {
      return a.parts().stream().anyMatch(Pred::isStrict);
    }
    if (p instanceof Or o) {
      return o.parts().stream().allMatch(Pred::isStrict);
    }
    return !(p instanceof IsNull);
  }
}
