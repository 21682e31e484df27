package io.securejdbc.bench;

/** The outcome of a correctness check: ok, wrong (an answer that differs from plain H2), or unsupported (an error). */
public record Verdict(String kind, String detail) {

  public static Verdict pass() {
    return new Verdict("ok", "");
  }

  public static Verdict reference() {
    return new Verdict("reference", "plain H2 is the reference");
  }

  public static Verdict wrong(String detail) {
    return new Verdict("wrong", detail);
  }

  public static Verdict unsupported(Throwable e) {
    String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !msg.contains(cause.getMessage())) {
      msg += " (cause: " + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
    return new Verdict("unsupported", msg.length() > 400 ? msg.substring(0, 400) + "..." : msg);
  }

  public boolean passed() {
    return kind.equals("ok") || kind.equals("reference");
  }

  Verdict prefixed(String prefix) {
    return new Verdict(kind, prefix + detail);
  }
}
