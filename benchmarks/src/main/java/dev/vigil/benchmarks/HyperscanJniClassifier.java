package dev.vigil.benchmarks;

import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_CASELESS;
import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_SINGLEMATCH;
import static com.gliwka.hyperscan.jni.hyperscan.HS_MODE_BLOCK;
import static com.gliwka.hyperscan.jni.hyperscan.HS_SCAN_TERMINATED;
import static com.gliwka.hyperscan.jni.hyperscan.HS_SUCCESS;
import static com.gliwka.hyperscan.jni.hyperscan.hs_alloc_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_compile_multi;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_compile_error;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_database;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_scan;

import com.gliwka.hyperscan.jni.hs_compile_error_t;
import com.gliwka.hyperscan.jni.hs_database_t;
import com.gliwka.hyperscan.jni.hs_scratch_t;
import com.gliwka.hyperscan.jni.match_event_handler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Hyperscan through the low-level JavaCPP binding, the speed-of-light reference: {@code hs_scan}
 * in block mode with a reused {@code hs_scratch_t}, a reused native buffer that each line is
 * encoded into (one byte per char, see {@link HyperscanPatterns}) through a direct
 * {@link ByteBuffer} view, and one reused match callback that keeps the best rank and stops the
 * scan once rank 0 is found. Allocates nothing per line. Not thread-safe (scratch, buffer and
 * callback are per instance); {@link #close()} frees native memory.
 */
public final class HyperscanJniClassifier implements LineClassifier, AutoCloseable {

  private final HyperscanPatterns patterns;
  private final hs_database_t database;
  private final hs_scratch_t scratch;
  private final BytePointer buffer;
  private final ByteBuffer bytes;
  private final Callback callback;

  /** Compiles {@code table}'s keywords with {@code hs_compile_multi}. */
  public HyperscanJniClassifier(RuleTable table) {
    patterns = new HyperscanPatterns(table);
    int n = patterns.expressions.length;
    int[] flags = new int[n];
    int[] ids = new int[n];
    for (int e = 0; e < n; e++) {
      flags[e] = HS_FLAG_SINGLEMATCH | (patterns.caseless[e] ? HS_FLAG_CASELESS : 0);
      ids[e] = e;
    }
    try (PointerPointer<BytePointer> expressions = new PointerPointer<>(n);
        IntPointer flagsPointer = new IntPointer(flags);
        IntPointer idsPointer = new IntPointer(ids);
        PointerPointer<hs_database_t> databaseOut = new PointerPointer<>(1);
        PointerPointer<hs_compile_error_t> errorOut = new PointerPointer<>(1)) {
      expressions.putString(patterns.expressions, StandardCharsets.UTF_8);
      int rc = hs_compile_multi(expressions, flagsPointer, idsPointer, n, HS_MODE_BLOCK, null,
          databaseOut, errorOut);
      if (rc != HS_SUCCESS) {
        hs_compile_error_t error = errorOut.get(hs_compile_error_t.class);
        String message = error.message().getString();
        int expression = error.expression();
        hs_free_compile_error(error);
        throw new IllegalArgumentException("hs_compile_multi failed (" + rc + ") on expression "
            + expression + (expression >= 0 ? " '" + patterns.expressions[expression] + "'" : "")
            + ": " + message);
      }
      database = databaseOut.get(hs_database_t.class);
    }
    scratch = new hs_scratch_t();
    int rc = hs_alloc_scratch(database, scratch);
    if (rc != HS_SUCCESS) {
      hs_free_database(database);
      throw new IllegalStateException("hs_alloc_scratch failed: " + rc);
    }
    buffer = new BytePointer(Text.MAX_SCAN_LENGTH);
    bytes = buffer.asByteBuffer();
    callback = new Callback(patterns.rankOfId);
  }

  @Override
  public int classify(String line) {
    int limit = Text.scanLength(line);
    ByteBuffer b = bytes;
    for (int i = 0; i < limit; i++) {
      b.put(i, HyperscanPatterns.encode(line.charAt(i)));
    }
    callback.best = Integer.MAX_VALUE;
    int rc = hs_scan(database, buffer, limit, 0, scratch, callback, null);
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) {
      throw new IllegalStateException("hs_scan failed: " + rc);
    }
    int best = callback.best;
    return best == Integer.MAX_VALUE ? -1 : patterns.ruleOfRank[best];
  }

  @Override
  public void close() {
    hs_free_scratch(scratch);
    hs_free_database(database);
    buffer.close();
    callback.close();
  }

  private static final class Callback extends match_event_handler {
    private final int[] rankOfId;
    int best;

    Callback(int[] rankOfId) {
      this.rankOfId = rankOfId;
    }

    @Override
    public int call(int id, long from, long to, int flags, Pointer context) {
      int rank = rankOfId[id];
      if (rank < best) {
        best = rank;
      }
      return best == 0 ? 1 : 0;
    }
  }
}
