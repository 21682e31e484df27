package io.securejdbc.sql;

/** A constant in a pushed-down predicate: a literal, or a JDBC parameter bound at execution. */
public sealed interface Operand {

  Object value(Object[] parameters);

  record Literal(Object value) implements Operand {
    @Override
    public Object value(Object[] parameters) {
      return value;
    }
  }

  /** A {@code ?} (0-based). */
  record Param(int index) implements Operand {
    @Override
    public Object value(Object[] parameters) {
      return parameters != null && index < parameters.length ? parameters[index] : null;
    }
  }
}
