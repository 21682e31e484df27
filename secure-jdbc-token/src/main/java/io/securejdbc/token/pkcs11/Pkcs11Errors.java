package io.securejdbc.token.pkcs11;

import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;

/**
 * Maps what SunPKCS11 throws to {@link TokenException} reasons. SunPKCS11's {@code PKCS11Exception} is not exported
 * by the JDK, so the PKCS#11 return value is read from its message ({@code CKR_...}), which is all it holds. Messages
 * of the result name only the operation and the return value, never a PIN or key bytes.
 */
final class Pkcs11Errors {

  private static final Pattern CKR = Pattern.compile("\\bCKR_[A-Z0-9_]+");

  private Pkcs11Errors() {}

  static TokenException map(String operation, Throwable e) {
    String ckr = returnValue(e);
    Reason reason = reasonFor(ckr, e);
    return new TokenException(reason, operation + " failed" + (ckr == null ? "" : " (" + ckr + ")"), e);
  }

  static Reason reasonFor(String ckr, Throwable e) {
    if (ckr == null) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof AEADBadTagException) {
          return Reason.INTEGRITY;
        }
        if (t.getMessage() != null && t.getMessage().contains("Token has been removed")) {
          return Reason.ABSENT;
        }
      }
      return Reason.IO;
    }
    return switch (ckr) {
      case "CKR_PIN_INCORRECT", "CKR_PIN_INVALID", "CKR_PIN_LEN_RANGE" -> Reason.WRONG_PIN;
      case "CKR_PIN_LOCKED" -> Reason.LOCKED;
      case "CKR_TOKEN_NOT_PRESENT", "CKR_DEVICE_REMOVED", "CKR_TOKEN_NOT_RECOGNIZED", "CKR_SLOT_ID_INVALID",
          "CKR_DEVICE_ERROR" -> Reason.ABSENT;
      case "CKR_USER_NOT_LOGGED_IN", "CKR_OBJECT_HANDLE_INVALID", "CKR_KEY_HANDLE_INVALID",
          "CKR_SESSION_HANDLE_INVALID", "CKR_SESSION_CLOSED" -> Reason.NOT_LOGGED_IN;
      case "CKR_ENCRYPTED_DATA_INVALID", "CKR_ENCRYPTED_DATA_LEN_RANGE" -> Reason.INTEGRITY;
      case "CKR_MECHANISM_INVALID", "CKR_MECHANISM_PARAM_INVALID", "CKR_FUNCTION_NOT_SUPPORTED",
          "CKR_KEY_FUNCTION_NOT_PERMITTED", "CKR_ATTRIBUTE_SENSITIVE" -> Reason.UNSUPPORTED;
      default -> hasBadTag(e) ? Reason.INTEGRITY : Reason.IO;
    };
  }

  /** The first {@code CKR_...} name in the cause chain, or null. */
  static String returnValue(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        Matcher m = CKR.matcher(t.getMessage());
        if (m.find()) {
          return m.group();
        }
      }
    }
    return null;
  }

  private static boolean hasBadTag(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AEADBadTagException) {
        return true;
      }
    }
    return false;
  }
}
