/**
 * Capture from Logback: {@link dev.vigil.logback.VigilAppender}. Needs {@code logback-classic} on
 * the classpath, which Vigil does not bring itself.
 */
package dev.vigil.logback;
