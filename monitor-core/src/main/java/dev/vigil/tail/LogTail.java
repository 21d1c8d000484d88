package dev.vigil.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Follows a log file that another process writes, like {@code tail -F}, and hands each line (or
 * joined stack trace) to a {@link LineSink} together with a source name.
 *
 * <pre>{@code
 * LogTail tail = LogTail.builder(Path.of("/var/log/gateway.log"), "gateway")
 *     .sink((source, line) -> pipeline.offer(source, line))
 *     .build()
 *     .start();
 * ...
 * tail.close();
 * }</pre>
 *
 * <p><b>Reading.</b> By default the tail starts at the end of the existing file and delivers only
 * what is appended afterwards (if the file ends inside a line at that moment, the rest of that
 * line arrives as a line of its own); {@link Builder#fromStart(boolean) fromStart(true)} reads the
 * existing content first. A file that does not exist yet (or no longer exists) is waited for and
 * read from its start when it appears. Bytes are read through a {@link FileChannel} into one
 * reusable buffer and decoded with the {@link Builder#charset(Charset) charset}, malformed or
 * unmappable input replaced by U+FFFD. Lines end at {@code '\n'}; a {@code '\r'} before it is
 * stripped. A line longer than {@link Builder#maxLineLength(int) maxLineLength} characters is cut
 * there, the rest of it skipped, and it is counted in {@link #linesTruncated()}: memory stays
 * bounded whatever the file holds. A last line without its newline is held until the newline
 * arrives, and delivered without one only when the file has been rotated away.
 *
 * <p><b>Rotation.</b> On each poll the tail compares the identity of the file at the path ({@link
 * BasicFileAttributes#fileKey()}, the device and inode on Unix) with the one it reads. When it
 * differs (the file was renamed away and a new one created, or deleted), the tail keeps reading
 * the old file through its open channel until one poll finds nothing new in it, so lines written
 * after the rename still arrive exactly once and in order; then it closes the old file, counts
 * {@link #rotationsDetected() a rotation} and reads the new file from its start. When the file
 * became shorter than the position read ({@code copytruncate}), the tail counts {@link
 * #truncationsDetected() a truncation} and reads it again from its start. Data written after a
 * {@code copytruncate} that outgrows the old position before the next poll cannot be told from an
 * append; files renamed away are followed only until they are quiet for one poll.
 *
 * <p><b>Multiline.</b> With {@link Builder#multiline(boolean) multiline} on (the default), the
 * continuation lines of a Java stack trace (starting with a tab, or whitespace and {@code at }, or
 * {@code Caused by:}, {@code Suppressed:}, {@code ... N more}) are appended, after a {@code '\n'},
 * to the record they continue. A record is delivered when the next line that is not a
 * continuation arrives, or when a poll finds no new data: a record reaches the sink at most one
 * poll interval after its last line was written. A record keeps at most {@link
 * Builder#maxRecordLength(int) maxRecordLength} characters; a record cut there counts once in
 * {@link #linesTruncated()}.
 *
 * <p><b>Threading.</b> {@link #start()} starts one daemon thread named {@code vigil-tail-<source>}
 * that polls every {@link Builder#pollInterval(Duration) poll interval}; the sink runs on it. All
 * methods are thread-safe. Nothing here throws into the caller at run time: I/O errors are counted
 * in {@link #ioErrors()} and retried on the next poll, failures of the sink in {@link
 * #sinkFailures()}. Nothing logs. {@link #close()} wakes the thread, which finishes the read pass
 * under way (if any), delivers the record held for continuation lines and releases the file; a
 * partial last line is dropped.
 */
public final class LogTail implements AutoCloseable {

  static final int DEFAULT_MAX_LINE_LENGTH = 16 * 1024;
  static final int DEFAULT_MAX_RECORD_LENGTH = 64 * 1024;
  static final int MAX_LENGTH_LIMIT = 16 * 1024 * 1024;
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
  static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(1);
  static final Duration MAX_POLL_INTERVAL = Duration.ofHours(1);
  static final int MAX_SOURCE_LENGTH = 100;
  private static final int BUFFER_SIZE = 16 * 1024;

  /*
   * Threading model: every piece of reading state below (channel, identity, position, buffers,
   * decoder, assembler, joiner) is touched only with `lock` held, by the polling thread or by a
   * caller of pollOnce(). `closed` is the one flag read without the lock: the poll loop and the
   * read loop check it to stop early. close() sets it, unparks the thread and waits for it; the
   * thread itself flushes and releases the file when its loop ends (or close() does, if no thread
   * was started or the thread has ended). Counters are LongAdders read by any thread.
   */

  private final Path file;
  private final String source;
  private final boolean fromStart;
  private final Duration pollInterval;
  private final LineSink sink;

  private final ReentrantLock lock = new ReentrantLock();
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_SIZE);
  private final CharBuffer chars = CharBuffer.allocate(BUFFER_SIZE);
  private final CharsetDecoder decoder;
  private final LineAssembler lines;
  private final StackTraceJoiner joiner; // null without multiline

  // guarded by lock
  private boolean initialized;
  private FileChannel channel; // null while no file is open
  private Object fileId; // identity of the file being followed; null if none
  private long position; // bytes of that file read so far

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Thread thread;

  private final LongAdder delivered = new LongAdder();
  private final LongAdder truncatedLines = new LongAdder();
  private final LongAdder sinkFailures = new LongAdder();
  private final LongAdder rotations = new LongAdder();
  private final LongAdder truncations = new LongAdder();
  private final LongAdder ioErrors = new LongAdder();

  private LogTail(Builder b, int maxRecordLength) {
    this.file = b.file;
    this.source = b.source;
    this.fromStart = b.fromStart;
    this.pollInterval = b.pollInterval;
    this.sink = b.sink;
    this.decoder = b.charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    int maxLineLength = b.maxLineLength;
    if (b.multiline) {
      this.joiner = new StackTraceJoiner(maxRecordLength, this::deliver, truncatedLines::increment);
      this.lines = new LineAssembler(maxLineLength, (line, truncated) -> {
        if (truncated) {
          truncatedLines.increment();
        }
        joiner.line(line);
      });
    } else {
      this.joiner = null;
      this.lines = new LineAssembler(maxLineLength, (line, truncated) -> {
        if (truncated) {
          truncatedLines.increment();
        }
        deliver(line);
      });
    }
  }

  /**
   * Returns a builder for a tail of {@code file} whose records the sink receives with the name
   * {@code source}.
   *
   * @param file the log file; it need not exist yet; symbolic links are followed
   * @param source a short name for where the lines come from, such as {@code whatsapp-gateway};
   *     it also names the thread
   */
  public static Builder builder(Path file, String source) {
    return new Builder(
        Objects.requireNonNull(file, "file"), Objects.requireNonNull(source, "source"));
  }

  /** Returns the file this tail follows. */
  public Path file() {
    return file;
  }

  /** Returns the source name handed to the sink with every record. */
  public String source() {
    return source;
  }

  /**
   * Starts the polling thread, {@code vigil-tail-<source>}, a daemon. Where reading begins is
   * decided here, before this method returns: at the current end of the file unless {@link
   * Builder#fromStart(boolean) fromStart} is set, so a line appended after {@code start()} returns
   * is delivered. Calling it again, or after {@link #close()}, does nothing. Never throws: a file
   * that cannot be opened now is retried on each poll.
   *
   * @return this tail
   */
  public LogTail start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      return this;
    }
    lock.lock();
    try {
      if (!initialized) {
        initialize();
      }
    } catch (IOException | RuntimeException e) {
      ioErrors.increment();
    } finally {
      lock.unlock();
    }
    Thread t = new Thread(this::runLoop, "vigil-tail-" + source);
    t.setDaemon(true);
    thread = t;
    t.start();
    return this;
  }

  /**
   * Stops the polling thread and releases the file. Wakes the thread at once, so it ends as soon
   * as the read pass under way (if any) is done, and waits for it: as long as the poll interval,
   * but at least one second and at most ten. The record held for continuation lines is delivered
   * first; a partial last line without its newline is dropped. If the sink is still busy when the
   * wait ends, the thread finishes and releases the file on its own shortly after. Idempotent;
   * never throws. May be called from the sink.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
      if (t == Thread.currentThread()) {
        return; // called from the sink: the loop ends after this poll and cleans up
      }
      try {
        t.join(Math.min(Math.max(pollInterval.toMillis(), 1_000), 10_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        return; // the sink is slow: the thread releases the file when it ends
      }
    }
    if (lock.isHeldByCurrentThread()) {
      return; // called from the sink during pollOnce(), which cleans up when it ends
    }
    lock.lock();
    try {
      shutDown();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Does one read pass synchronously, on the calling thread: decides where reading begins if
   * that was not done yet, checks the file for rotation and truncation, reads what was appended
   * and delivers the complete records to the sink. Without a thread started, the sink is called
   * from the thread calling this method. Does nothing once closed; never throws (except an
   * {@link Error} from the sink that is a {@link VirtualMachineError}).
   */
  void pollOnce() {
    if (closed.get()) {
      return;
    }
    lock.lock();
    try {
      if (closed.get()) {
        return;
      }
      if (!initialized) {
        initialize();
        if (!initialized) {
          return;
        }
      }
      if (!poll() && joiner != null) {
        joiner.flush(); // no new data for one poll: the record is complete
      }
    } catch (IOException | RuntimeException e) {
      ioErrors.increment();
    } finally {
      try {
        if (closed.get() && thread == null) {
          shutDown(); // the sink closed this tail during the poll
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Returns the number of records the sink accepted without throwing. */
  public long linesDelivered() {
    return delivered.sum();
  }

  /**
   * Returns the number of lines cut at {@link Builder#maxLineLength(int) maxLineLength}, plus the
   * number of joined records cut at {@link Builder#maxRecordLength(int) maxRecordLength}.
   */
  public long linesTruncated() {
    return truncatedLines.sum();
  }

  /** Returns the number of records whose delivery the sink failed with an exception. */
  public long sinkFailures() {
    return sinkFailures.sum();
  }

  /**
   * Returns how often the followed file was found renamed away, replaced or deleted (and then
   * read to its end and closed).
   */
  public long rotationsDetected() {
    return rotations.sum();
  }

  /** Returns how often the file was found shorter than the position read, and read again. */
  public long truncationsDetected() {
    return truncations.sum();
  }

  /** Returns the number of polls that failed with an I/O error; each is retried on the next. */
  public long ioErrors() {
    return ioErrors.sum();
  }

  /** Returns the polling thread, or {@code null} before {@link #start()}; for tests. */
  Thread thread() {
    return thread;
  }

  @Override
  public String toString() {
    return "LogTail[" + source + " <- " + file + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private void runLoop() {
    long intervalNanos = pollInterval.toNanos();
    try {
      while (!closed.get()) {
        // A stray interrupt would close the channel in the middle of a read; a closed channel
        // is reopened anyway, but there is no reason to let one through.
        Thread.interrupted();
        pollOnce();
        if (!closed.get()) {
          LockSupport.parkNanos(this, intervalNanos);
        }
      }
    } finally {
      lock.lock();
      try {
        shutDown();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Delivers the held record and closes the file. Lock held. */
  private void shutDown() {
    try {
      if (joiner != null) {
        joiner.flush();
      }
    } finally {
      closeChannel();
    }
  }

  /** Decides where reading begins: the end of an existing file unless fromStart. Lock held. */
  private void initialize() throws IOException {
    Object id = identityAtPath();
    if (id == null) {
      initialized = true; // read from its start once it appears
    } else if (open(id)) {
      position = fromStart ? 0 : channel.size();
      initialized = true;
    } // else replaced between two looks: decided on the next poll
  }

  /** One pass; returns whether any bytes were read. Lock held. */
  private boolean poll() throws IOException {
    if (channel != null && !channel.isOpen()) {
      channel = null; // closed under us (an interrupt): reopened below if still at the path
    }
    Object atPath = identityAtPath();
    boolean same = fileId != null && fileId.equals(atPath);
    if (same && channel == null && !open(atPath)) {
      return false; // replaced between two looks: decided on the next poll
    }
    if (channel != null) {
      if (same) {
        if (channel.size() < position) {
          truncations.increment();
          endOfFile();
          position = 0;
        }
        return readAvailable();
      }
      if (readAvailable()) {
        return true; // rotated, but the old file is still being written: drain it first
      }
    }
    boolean read = false;
    if (fileId != null) {
      // The followed file was renamed away, replaced or deleted, and has been read to its end.
      rotations.increment();
      endOfFile();
      closeChannel();
    }
    if (atPath != null && open(atPath)) {
      read = readAvailable();
    }
    return read;
  }

  /** Reads from position to the current size of the open file. Lock held. */
  private boolean readAvailable() throws IOException {
    boolean read = false;
    long size = channel.size();
    while (position < size && !closed.get()) {
      int n = channel.read(bytes, position);
      if (n <= 0) {
        break;
      }
      position += n;
      read = true;
      bytes.flip();
      decode(false);
      bytes.compact();
    }
    return read;
  }

  /**
   * The file ends here: decodes what is left, delivers the partial last line and the held
   * record, and resets the decoder. Lock held.
   */
  private void endOfFile() {
    bytes.flip();
    decode(true);
    CoderResult r;
    do {
      r = decoder.flush(chars);
      drainChars();
    } while (r.isOverflow());
    bytes.clear();
    decoder.reset();
    lines.endOfInput();
    if (joiner != null) {
      joiner.flush();
    }
  }

  private void decode(boolean endOfInput) {
    CoderResult r;
    do {
      r = decoder.decode(bytes, chars, endOfInput);
      drainChars();
    } while (r.isOverflow());
  }

  private void drainChars() {
    chars.flip();
    lines.accept(chars.array(), chars.arrayOffset() + chars.position(),
        chars.arrayOffset() + chars.limit());
    chars.clear();
  }

  private void deliver(String record) {
    try {
      sink.accept(source, record);
      delivered.increment();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      sinkFailures.increment();
    }
  }

  /**
   * Opens the file at the path if it still has identity {@code id}, looking before and after
   * opening so that the channel surely reads that file; returns whether it did. Leaves position,
   * buffer and decoder as they are. Lock held.
   */
  private boolean open(Object id) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    boolean ok = false;
    try {
      ok = id.equals(identityAtPath());
    } finally {
      if (!ok) {
        ch.close();
      }
    }
    if (ok) {
      channel = ch;
      fileId = id;
    }
    return ok;
  }

  private void closeChannel() {
    FileChannel ch = channel;
    channel = null;
    fileId = null;
    position = 0;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        ioErrors.increment();
      }
    }
  }

  /**
   * Returns the identity of the regular file at the path, or {@code null} if there is none. The
   * identity is the file key (device and inode on Unix) or, where the file system has none, the
   * creation time.
   */
  private Object identityAtPath() throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (!a.isRegularFile()) {
      return null;
    }
    Object key = a.fileKey();
    return key != null ? key : a.creationTime();
  }

  /**
   * Builds a {@link LogTail}. Setters reject {@code null} at once; {@link #build()} checks every
   * setting and reports all problems together. Not thread-safe.
   */
  public static final class Builder {
    private final Path file;
    private final String source;
    private boolean fromStart;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private int maxRecordLength;
    private boolean maxRecordLengthSet;
    private Charset charset = StandardCharsets.UTF_8;
    private boolean multiline = true;
    private LineSink sink;

    private Builder(Path file, String source) {
      this.file = file;
      this.source = source;
    }

    /**
     * Reads the existing content of the file first if {@code true}; by default ({@code false})
     * starts at its end, like {@code tail -F}. A file that does not exist at start is always read
     * from its start once it appears.
     */
    public Builder fromStart(boolean fromStart) {
      this.fromStart = fromStart;
      return this;
    }

    /** Sets how often the file is checked; from 1 ms to 1 hour, default 500 ms. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
      return this;
    }

    /**
     * Sets the number of characters kept of one line, from 1 to 16,777,216; default 16,384. The
     * rest of a longer line is skipped up to its newline, and the line counts in {@link
     * LogTail#linesTruncated()}.
     */
    public Builder maxLineLength(int maxLineLength) {
      this.maxLineLength = maxLineLength;
      return this;
    }

    /**
     * Sets the number of characters kept of one multiline record (a line and its continuation
     * lines, with the {@code '\n'} between them); at least {@link #maxLineLength(int)
     * maxLineLength}, at most 16,777,216; default 65,536 or maxLineLength if that is larger.
     */
    public Builder maxRecordLength(int maxRecordLength) {
      this.maxRecordLength = maxRecordLength;
      this.maxRecordLengthSet = true;
      return this;
    }

    /** Sets the file's character set; default UTF-8. Undecodable bytes become U+FFFD. */
    public Builder charset(Charset charset) {
      this.charset = Objects.requireNonNull(charset, "charset");
      return this;
    }

    /**
     * Joins Java stack trace lines to the record they continue if {@code true} (the default);
     * delivers every line on its own if {@code false}.
     */
    public Builder multiline(boolean multiline) {
      this.multiline = multiline;
      return this;
    }

    /** Sets the sink that receives the records; required. See {@link LineSink} for its contract. */
    public Builder sink(LineSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Checks every setting and builds the tail, not yet started. Does not open the file.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public LogTail build() {
      List<String> problems = new ArrayList<>();
      if (source.isBlank()) {
        problems.add("source must not be blank");
      } else if (source.length() > MAX_SOURCE_LENGTH) {
        problems.add("source '" + source.substring(0, 20) + "...' is longer than "
            + MAX_SOURCE_LENGTH + " characters");
      } else if (source.chars().anyMatch(Character::isISOControl)) {
        problems.add("source '" + source.replaceAll("\\p{Cntrl}", "?")
            + "' must not contain control characters");
      }
      if (file.getFileName() == null) {
        problems.add("file '" + file + "' names no file");
      } else if (Files.isDirectory(file)) {
        problems.add("file '" + file + "' is a directory");
      }
      if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0
          || pollInterval.compareTo(MAX_POLL_INTERVAL) > 0) {
        problems.add("pollInterval " + pollInterval + " must be from 1 ms to 1 hour");
      }
      if (maxLineLength < 1 || maxLineLength > MAX_LENGTH_LIMIT) {
        problems.add("maxLineLength " + maxLineLength + " must be from 1 to " + MAX_LENGTH_LIMIT);
      }
      int recordLength = maxRecordLengthSet
          ? maxRecordLength
          : Math.max(DEFAULT_MAX_RECORD_LENGTH, maxLineLength);
      if (recordLength < 1 || recordLength > MAX_LENGTH_LIMIT) {
        problems.add("maxRecordLength " + recordLength + " must be from 1 to " + MAX_LENGTH_LIMIT);
      } else if (recordLength < maxLineLength) {
        problems.add("maxRecordLength " + recordLength + " must be at least maxLineLength "
            + maxLineLength);
      }
      if (sink == null) {
        problems.add("sink is required");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid LogTail for '" + file + "': " + String.join("; ", problems));
      }
      return new LogTail(this, recordLength);
    }
  }
}
