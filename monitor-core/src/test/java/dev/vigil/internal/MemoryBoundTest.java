package dev.vigil.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store is bounded: a million events into a store of 100,000 keep the heap under
 * the figure stated in the README, even in the worst case where every event is its own group
 * (each group keeps its latest event alive after the ring evicted it).
 */
class MemoryBoundTest {

  /** The stated bound: 100,000 events of ~120 chars with a context entry, all distinct groups. */
  static final long BOUND_BYTES = 160L * 1024 * 1024;

  @Test
  void aMillionEventsInAHundredThousandEventStoreStayUnderTheStatedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    Monitor monitor = Monitor.builder().name("memory-" + System.nanoTime())
        .maxEvents(100_000).queueCapacity(1 << 20).build();
    try {
      for (int i = 0; i < 1_000_000; i++) {
        // Distinct words defeat the fingerprint's masking: every event is a new group.
        monitor.event(LogLevel.ERROR, "Upload " + Integer.toString(i, 26).replace('0', 'x')
                + " failed for account holder after retries: remote said the quota was exceeded")
            .context("requestId", "req-" + i)
            .capture();
        if ((i & 0xFFFF) == 0) {
          Thread.yield(); // let the pipeline keep up, so that nothing is dropped
        }
      }
      while (monitor.eventStore().size() < 100_000 || queueDepth(monitor) > 0) {
        Thread.onSpinWait();
      }
      long used = usedAfterGc(memory) - before;
      System.out.printf("heap held by a 100,000-event store after 1,000,000 events: %.1f MiB, "
          + "%d groups%n", used / (1024.0 * 1024), monitor.eventStore().groupCount());
      assertThat(monitor.eventStore().size()).isEqualTo(100_000);
      assertThat(monitor.eventStore().groupCount()).isEqualTo(100_000);
      assertThat(used).isLessThan(BOUND_BYTES);
    } finally {
      monitor.close();
    }
  }

  private static int queueDepth(Monitor monitor) {
    return (int) monitor.meterRegistry().get(dev.vigil.VigilMeters.QUEUE_DEPTH).gauge().value();
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
