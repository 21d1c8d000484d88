/**
 * A test kit for alert rules: {@link dev.vigil.alerts.testing.AlertTestKit} runs rules on a real
 * {@link dev.vigil.Monitor} with a virtual clock, so that a unit test feeds samples and events at
 * chosen times, moves the clock, and asserts which alerts are pending, firing or resolved and which
 * notifications the listeners would get.
 *
 * <p>Plain Java, no test-framework dependency: a failed assertion throws {@link AssertionError},
 * which every test framework reports. Parameters and return values are non-null.
 */
package dev.vigil.alerts.testing;
