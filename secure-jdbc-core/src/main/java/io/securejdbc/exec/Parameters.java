package io.securejdbc.exec;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameters of a prepared statement: for each, the value as the index sees it (for pushed-down lookups) and
 * the exact JDBC call to replay on the in-memory engine (so its conversions are the engine's own).
 */
public final class Parameters {

  /** One recorded setter call. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement ps, int index) throws SQLException;
  }

  public static final Parameters NONE = new Parameters(0);

  /**
   * The value of a parameter whose engine-side value the driver does not know (set with a Calendar or a target
   * type): lookups treat it as "any value" (no narrowing), never as NULL.
   */
  public static final Object OPAQUE = new Object() {
    @Override
    public String toString() {
      return "(opaque parameter)";
    }
  };

  private Object[] values;
  private Binder[] binders;

  public Parameters(int count) {
    values = new Object[count];
    binders = new Binder[count];
  }

  private Parameters(Object[] values, Binder[] binders) {
    this.values = values;
    this.binders = binders;
  }

  /** {@code index} is 1-based, as in JDBC. */
  public void set(int index, Object value, Binder binder) {
    if (index > values.length) {
      values = Arrays.copyOf(values, index);
      binders = Arrays.copyOf(binders, index);
    }
    values[index - 1] = value;
    binders[index - 1] = binder;
  }

  public Object[] values() {
    return values;
  }

  public int count() {
    return values.length;
  }

  public boolean isSet(int index) {
    return index <= binders.length && binders[index - 1] != null;
  }

  public void clear() {
    Arrays.fill(values, null);
    Arrays.fill(binders, null);
  }

  public Parameters copy() {
    return new Parameters(values.clone(), binders.clone());
  }

  void bindTo(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < binders.length; i++) {
      if (binders[i] != null) {
        binders[i].bind(ps, i + 1);
      }
    }
  }
}
