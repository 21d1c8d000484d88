package dev.vigil.internal;

import dev.vigil.Classification;
import dev.vigil.Classifier;
import dev.vigil.LogLevel;

/** The classifier of a monitor without rules: no rule ever matches, events keep their level. */
enum LevelOnlyClassifier implements Classifier {
  INSTANCE;

  @Override
  public Classification classify(CharSequence line) {
    return Classification.NONE;
  }

  @Override
  public Classification classify(CharSequence message, LogLevel level, String logger,
      String source) {
    return Classification.NONE;
  }
}
