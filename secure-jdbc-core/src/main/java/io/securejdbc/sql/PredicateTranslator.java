package io.securejdbc.sql;

import io.securejdbc.index.CompareOp;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlTimeLiteral;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates a Calcite expression on one table reference into a {@link Pred}, or null where the index cannot help.
 * AND keeps what it can translate (a weaker conjunction selects a superset); OR needs every branch.
 */
final class PredicateTranslator {

  /** Resolves a column identifier to the column's name in the table, or null if it is not this table's column. */
  private final Function<SqlIdentifier, String> columns;
  /** True for columns of type BOOLEAN (a bare boolean column is a predicate). */
  private final Function<String, Boolean> isBoolean;

  /** When exact, AND must translate every part: the result then means exactly what the expression means. */
  private final boolean exact;

  PredicateTranslator(Function<SqlIdentifier, String> columns, Function<String, Boolean> isBoolean) {
    this(columns, isBoolean, false);
  }

  PredicateTranslator(Function<SqlIdentifier, String> columns, Function<String, Boolean> isBoolean,
      boolean exact) {
    this.columns = columns;
    this.isBoolean = isBoolean;
    this.exact = exact;
  }

  Pred translate(SqlNode node) {
    if (node instanceof SqlIdentifier id) {
      String col = columns.apply(id);
      return col != null && isBoolean.apply(col)
          ? new Pred.Compare(col, CompareOp.EQ, new Operand.Literal(Boolean.TRUE)) : null;
    }
    if (!(node instanceof SqlCall call)) {
      return null;
    }
    SqlKind kind = call.getKind();
    switch (kind) {
      case AND: {
        List<Pred> parts = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
          Pred p = translate(operand);
          if (p != null) {
            parts.add(p);
          } else if (exact) {
            return null;
          }
        }
        return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new Pred.And(parts);
      }
      case OR: {
        List<Pred> parts = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
          Pred p = translate(operand);
          if (p == null) {
            return null;
          }
          parts.add(p);
        }
        return new Pred.Or(parts);
      }
      case EQUALS:
        return compare(call, CompareOp.EQ);
      case LESS_THAN:
        return compare(call, CompareOp.LT);
      case LESS_THAN_OR_EQUAL:
        return compare(call, CompareOp.LE);
      case GREATER_THAN:
        return compare(call, CompareOp.GT);
      case GREATER_THAN_OR_EQUAL:
        return compare(call, CompareOp.GE);
      case IS_NULL: {
        String col = column(call.operand(0));
        return col == null ? null : new Pred.IsNull(col);
      }
      case IN:
        return in(call);
      case BETWEEN:
        return between(call);
      case LIKE:
        return like(call);
      default:
        return null;
    }
  }

  private Pred compare(SqlCall call, CompareOp op) {
    String left = column(call.operand(0));
    Operand right = operand(call.operand(1));
    if (left != null && right != null) {
      return new Pred.Compare(left, op, right);
    }
    String rightCol = column(call.operand(1));
    Operand leftOp = operand(call.operand(0));
    return rightCol != null && leftOp != null ? new Pred.Compare(rightCol, op.flip(), leftOp) : null;
  }

  private Pred in(SqlCall call) {
    String col = column(call.operand(0));
    if (col == null || !(call.operand(1) instanceof SqlNodeList list) || list.isEmpty()) {
      return null;
    }
    List<Pred> parts = new ArrayList<>();
    for (SqlNode n : list) {
      Operand o = operand(n);
      if (o == null) {
        return null;
      }
      parts.add(new Pred.Compare(col, CompareOp.EQ, o));
    }
    return parts.size() == 1 ? parts.get(0) : new Pred.Or(parts);
  }

  private Pred between(SqlCall call) {
    if (!(call.getOperator() instanceof SqlBetweenOperator op) || op.isNegated()
        || op.flag == SqlBetweenOperator.Flag.SYMMETRIC) {
      return null;
    }
    String col = column(call.operand(0));
    Operand lo = operand(call.operand(1));
    Operand hi = operand(call.operand(2));
    if (col == null || lo == null || hi == null) {
      return null;
    }
    return new Pred.And(List.of(new Pred.Compare(col, CompareOp.GE, lo), new Pred.Compare(col, CompareOp.LE, hi)));
  }

  private Pred like(SqlCall call) {
    if (!(call.getOperator() instanceof SqlLikeOperator op) || op.isNegated()
        || !op.getName().equalsIgnoreCase("LIKE")) {
      return null;
    }
    String col = column(call.operand(0));
    Operand pattern = operand(call.operand(1));
    Operand escape = call.operandCount() > 2 ? operand(call.operand(2)) : null;
    if (col == null || pattern == null || (call.operandCount() > 2 && escape == null)) {
      return null;
    }
    return new Pred.Like(col, pattern, escape);
  }

  private String column(SqlNode node) {
    return node instanceof SqlIdentifier id ? columns.apply(id) : null;
  }

  /** A literal or parameter, or null for anything computed. */
  static Operand operand(SqlNode node) {
    if (node instanceof SqlDynamicParam p) {
      return new Operand.Param(p.getIndex());
    }
    if (node instanceof SqlBasicCall call && call.getKind() == SqlKind.MINUS_PREFIX
        && call.operand(0) instanceof SqlNumericLiteral n) {
      Object v = literal(n);
      if (v instanceof BigDecimal d) {
        return new Operand.Literal(d.negate());
      }
      return v instanceof Double d ? new Operand.Literal(-d) : null;
    }
    if (node instanceof SqlLiteral lit) {
      Object v = literal(lit);
      return v == null ? null : new Operand.Literal(v);
    }
    return null;
  }

  private static Object literal(SqlLiteral lit) {
    try {
      if (lit instanceof org.apache.calcite.sql.SqlUnknownLiteral u) {
        // Babel keeps DATE '...' / TIMESTAMP '...' unresolved until validation; resolve the typed ones we index.
        return switch (u.tag.toUpperCase(java.util.Locale.ROOT)) {
          case "DATE" -> literal(u.resolve(SqlTypeName.DATE));
          case "TIME" -> literal(u.resolve(SqlTypeName.TIME));
          case "TIMESTAMP" -> literal(u.resolve(SqlTypeName.TIMESTAMP));
          default -> null;
        };
      }
      if (lit instanceof SqlNumericLiteral n) {
        BigDecimal d = n.bigDecimalValue();
        return d == null ? null : n.isExact() ? d : (Object) d.doubleValue();
      }
      if (lit instanceof SqlCharStringLiteral s) {
        return s.getValueAs(String.class);
      }
      if (lit instanceof SqlDateLiteral d) {
        return LocalDate.parse(d.toFormattedString());
      }
      if (lit instanceof SqlTimestampLiteral t) {
        return LocalDateTime.parse(t.toFormattedString().replace(' ', 'T'));
      }
      if (lit instanceof SqlTimeLiteral t) {
        return LocalTime.parse(t.toFormattedString());
      }
      if (lit.getTypeName() == SqlTypeName.BOOLEAN) {
        return lit.booleanValue();
      }
      if (lit.getTypeName() == SqlTypeName.BINARY) {
        return lit.getValueAs(byte[].class);
      }
    } catch (RuntimeException e) {
      return null;
    }
    return null;
  }
}
