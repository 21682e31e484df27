package io.securejdbc.index;

/** A comparison of a column with a constant: {@code column op constant}. */
public enum CompareOp {
  EQ, LT, LE, GT, GE;

  /** The operator seen from the other side: {@code c < col} is {@code col > c}. */
  public CompareOp flip() {
    return switch (this) {
      case EQ -> EQ;
      case LT -> GT;
      case LE -> GE;
      case GT -> LT;
      case GE -> LE;
    };
  }
}
