package io.securejdbc.sql;

import io.securejdbc.sql.SqlAnalyzer.TableRef;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

/**
 * Resolves column identifiers of an expression against the table references of one FROM clause, the way SQL
 * scoping does for the innermost query. Anything uncertain (an unknown qualifier, a name several references have, a
 * derived table that might have it, a nested query) makes the expression unresolvable, so it is not pushed down.
 */
final class ColumnResolver {

  private final List<TableRef> refs;
  private final boolean hasOpaque;

  ColumnResolver(List<TableRef> refs) {
    this.refs = refs;
    this.hasOpaque = refs.stream().anyMatch(r -> r.table == null);
  }

  /** The single reference every column of {@code expr} belongs to, or null. */
  TableRef soleReference(SqlNode expr) {
    TableRef[] found = new TableRef[1];
    boolean ok = visit(expr, found);
    return ok ? found[0] : null;
  }

  private boolean visit(SqlNode node, TableRef[] found) {
    if (node == null) {
      return true;
    }
    if (node instanceof SqlSelect) {
      return false;
    }
    if (node instanceof SqlIdentifier id) {
      if (id.isStar()) {
        return false;
      }
      TableRef r = resolve(id);
      if (r == null || (found[0] != null && found[0] != r)) {
        return false;
      }
      found[0] = r;
      return true;
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        if (!visit(n, found)) {
          return false;
        }
      }
      return true;
    }
    if (node instanceof SqlCall call) {
      if (call.getKind() == org.apache.calcite.sql.SqlKind.OTHER_FUNCTION
          && call.getOperator().getSyntax() == org.apache.calcite.sql.SqlSyntax.FUNCTION_ID) {
        return true;
      }
      for (SqlNode operand : call.getOperandList()) {
        if (!visit(operand, found)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The reference a column identifier belongs to, or null when that is uncertain. */
  TableRef refOf(SqlIdentifier id) {
    return id.isStar() ? null : resolve(id);
  }

  /** The column name if {@code id} names a column of {@code ref}. */
  String columnOf(SqlIdentifier id, TableRef ref) {
    return resolve(id) == ref ? id.names.get(id.names.size() - 1) : null;
  }

  private TableRef resolve(SqlIdentifier id) {
    String column = id.names.get(id.names.size() - 1);
    if (id.names.size() >= 2) {
      String qualifier = id.names.get(id.names.size() - 2);
      TableRef match = null;
      for (TableRef r : refs) {
        if (qualifier.equals(r.alias)) {
          if (match != null) {
            return null;
          }
          match = r;
        }
      }
      return match != null && match.hasColumn(column) ? match : null;
    }
    if (hasOpaque) {
      return null;
    }
    TableRef match = null;
    for (TableRef r : refs) {
      if (r.hasColumn(column)) {
        if (match != null) {
          return null;
        }
        match = r;
      }
    }
    return match;
  }
}
