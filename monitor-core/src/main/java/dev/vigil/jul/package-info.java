/** Capture from {@code java.util.logging}: {@link dev.vigil.jul.VigilHandler}. */
package dev.vigil.jul;
