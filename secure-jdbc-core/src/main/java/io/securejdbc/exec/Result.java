package io.securejdbc.exec;

import java.sql.ResultSet;

/** What a statement produced: a result set, or an update count with optional generated keys. */
public record Result(ResultSet resultSet, long updateCount, ResultSet generatedKeys) {

  public static Result rows(ResultSet rs) {
    return new Result(rs, -1, null);
  }

  public static Result count(long n, ResultSet keys) {
    return new Result(null, n, keys);
  }
}
