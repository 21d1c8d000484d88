package dev.vigil.classifier.internal.regex;

/** Thrown when a regular expression is malformed, unsupported or too complex to run in linear time. */
public final class RegexSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public RegexSyntaxException(String message) {
    super(message);
  }
}
