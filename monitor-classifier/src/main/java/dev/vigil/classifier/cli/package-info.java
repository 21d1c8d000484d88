/**
 * The {@code vigil-classify} command-line tool ({@link dev.vigil.classifier.cli.ClassifyCommand}),
 * shipped as the executable jar {@code vigil-classify.jar}. Not an API: only its command line and
 * output format, described in the module's README, are stable.
 */
package dev.vigil.classifier.cli;
