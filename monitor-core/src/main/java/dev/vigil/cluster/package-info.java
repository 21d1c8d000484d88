/**
 * Running several instances as one: the {@link dev.vigil.cluster.Leadership} that decides which
 * instance evaluates rules, sends notifications and runs maintenance.
 *
 * <p>Parameters and return values are non-null unless documented as nullable.
 */
package dev.vigil.cluster;
