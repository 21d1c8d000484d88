/**
 * Following log files that other processes write: {@link dev.vigil.tail.LogTail} reads a file as
 * it grows, survives rotation and truncation, joins Java stack traces into one record and hands
 * each record to a {@link dev.vigil.tail.LineSink}.
 *
 * <p>Parameters and return values are non-null unless documented otherwise. The package-private
 * classes are not API.
 */
package dev.vigil.tail;
