package dev.vigil.tail;

/**
 * Receives the records a {@link LogTail} reads: one line of the file, or, with multiline joining,
 * a line followed by its continuation lines (a Java stack trace) separated by {@code '\n'}.
 *
 * <p>Contract: a tail calls its sink from one thread at a time — its own thread once {@link
 * LogTail#start() started} — and in file order. The sink must return quickly and must not block
 * for long: while it runs, the tail reads nothing. It must not call back into the tail other than
 * {@link LogTail#close()}. An exception it throws is caught and counted in {@link
 * LogTail#sinkFailures()}; the tail goes on with the next record. Neither argument is ever
 * {@code null}; the record carries no line terminator.
 */
@FunctionalInterface
public interface LineSink {

  /**
   * Accepts one record.
   *
   * @param source the source name the tail was built with, such as {@code whatsapp-gateway}
   * @param line the record, without its line terminator; possibly empty
   */
  void accept(String source, String line);
}
