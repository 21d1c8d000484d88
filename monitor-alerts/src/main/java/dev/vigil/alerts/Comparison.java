package dev.vigil.alerts;

/** How a condition's value is compared with its threshold. A {@code NaN} value never matches. */
public enum Comparison {
  /** {@code value > threshold}. */
  GREATER_THAN(">"),
  /** {@code value >= threshold}. */
  AT_LEAST(">="),
  /** {@code value < threshold}. */
  LESS_THAN("<"),
  /** {@code value <= threshold}. */
  AT_MOST("<=");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  /** Returns the operator, such as {@code >=}. */
  public String symbol() {
    return symbol;
  }

  /** Returns whether {@code value} compares with {@code threshold} this way; false for NaN. */
  public boolean test(double value, double threshold) {
    switch (this) {
      case GREATER_THAN: return value > threshold;
      case AT_LEAST: return value >= threshold;
      case LESS_THAN: return value < threshold;
      default: return value <= threshold;
    }
  }

  /** Returns whether larger values are the firing side ({@code >} and {@code >=}). */
  boolean firesUpward() {
    return this == GREATER_THAN || this == AT_LEAST;
  }
}
