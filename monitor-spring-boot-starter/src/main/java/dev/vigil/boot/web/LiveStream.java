package dev.vigil.boot.web;

import static java.util.Objects.requireNonNull;

import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.Subscription;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertListener;
import dev.vigil.boot.internal.Json;
import dev.vigil.boot.internal.Views;
import dev.vigil.store.EventQuery;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live stream of stored events and alert transitions, as Server-Sent Events, to at most
 * {@code maxClients} clients at once.
 *
 * <p>Publishing never blocks: the monitor's subscription thread and the alert engine only offer
 * a line to each matching client's bounded buffer; a full buffer loses the line, and the client
 * is told how many it lost. Each client has one sender thread that writes and flushes, and sends
 * a comment every {@code heartbeat} so that a gone client is noticed.
 */
public final class LiveStream implements AlertListener, AutoCloseable {

  /** What one client wants: its event filter, and whether it wants events and alerts. */
  public record Filter(EventQuery events, boolean wantsEvents, boolean wantsAlerts) {
    boolean accepts(MonitorEvent e) {
      return wantsEvents && events.matches(e);
    }

    boolean accepts(Alert a) {
      Severity min = events.minSeverity();
      return wantsAlerts && (min == null || a.severity().compareTo(min) >= 0);
    }
  }

  private static final int BUFFER = 1_024;

  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final ExecutorService senders;
  private final Subscription subscription;
  private final int maxClients;
  private final Duration heartbeat;
  private final Duration timeout;
  private final LongAdder dropped = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param heartbeat how often an idle client gets a comment line
   * @param timeout how long a connection is kept; the browser's {@code EventSource} reconnects
   */
  public LiveStream(Monitor monitor, int maxClients, Duration heartbeat, Duration timeout) {
    requireNonNull(monitor, "monitor");
    this.maxClients = maxClients;
    this.heartbeat = requireNonNull(heartbeat, "heartbeat");
    this.timeout = requireNonNull(timeout, "timeout");
    AtomicInteger n = new AtomicInteger();
    this.senders = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "vigil-stream-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.subscription = monitor.subscribe(this::publish, 4_096);
  }

  /** Returns how many clients are connected. */
  public int clients() {
    return clients.size();
  }

  /** Returns how many lines were lost because a client's buffer was full. */
  public long dropped() {
    return dropped.sum();
  }

  /**
   * Starts streaming to {@code async}'s response; returns at once.
   *
   * @return {@code false} (and nothing is written) if {@code maxClients} are connected
   */
  boolean open(AsyncContext async, Filter filter) throws IOException {
    HttpServletResponse response = (HttpServletResponse) async.getResponse();
    Client client = new Client(async, response.getOutputStream(), filter);
    synchronized (clients) { // the count and the add at once: never more than maxClients
      if (closed.get() || clients.size() >= maxClients) {
        return false;
      }
      clients.add(client);
    }
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-cache, no-store");
    response.setHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
    async.setTimeout(timeout.toMillis());
    async.addListener(client);
    client.offer("retry: 3000\n\n");
    try {
      senders.execute(client::run);
    } catch (RejectedExecutionException closedMeanwhile) {
      client.end();
    }
    return true;
  }

  private void publish(MonitorEvent event) {
    String line = null;
    for (Client c : clients) {
      if (c.filter.accepts(event)) {
        if (line == null) {
          line = "id: " + event.id() + "\nevent: event\ndata: " + Json.write(Views.event(event))
              + "\n\n";
        }
        c.offer(line);
      }
    }
  }

  @Override
  public void onTransition(Alert alert) {
    String line = null;
    for (Client c : clients) {
      if (c.filter.accepts(alert)) {
        if (line == null) {
          line = "event: alert\ndata: " + Json.write(Views.alert(alert)) + "\n\n";
        }
        c.offer(line);
      }
    }
  }

  @Override
  public void close() {
    boolean first;
    synchronized (clients) { // a client added before this is ended below; none after
      first = closed.compareAndSet(false, true);
    }
    if (first) {
      subscription.close();
      clients.forEach(Client::end);
      senders.shutdownNow();
    }
  }

  private final class Client implements AsyncListener {
    final AsyncContext async;
    final ServletOutputStream out;
    final Filter filter;
    final BlockingQueue<String> queue = new ArrayBlockingQueue<>(BUFFER);
    final AtomicBoolean ended = new AtomicBoolean();
    final LongAdder lost = new LongAdder();

    Client(AsyncContext async, ServletOutputStream out, Filter filter) {
      this.async = async;
      this.out = out;
      this.filter = filter;
    }

    void offer(String line) {
      if (!queue.offer(line)) {
        lost.increment();
        dropped.increment();
      }
    }

    void run() {
      try {
        while (!ended.get()) {
          String line = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
          long missed = lost.sumThenReset();
          if (missed > 0) {
            write("event: dropped\ndata: {\"count\":" + missed + "}\n\n");
          }
          write(line == null ? ": keep-alive\n\n" : line);
          for (String next; (next = queue.poll()) != null; ) {
            write(next);
          }
          out.flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException | RuntimeException gone) {
        // the client went away, or the container completed the request
      } finally {
        end();
      }
    }

    private void write(String s) throws IOException {
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    void end() {
      if (ended.compareAndSet(false, true)) {
        clients.remove(this);
        queue.clear();
        try {
          async.complete();
        } catch (RuntimeException alreadyCompleted) {
          // completed by the container (timeout, error) first
        }
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {
      ended.set(true);
      clients.remove(this);
    }

    /**
     * Ends the stream and completes the request on the container's thread, even when the sender
     * thread already ended it: a request not completed here is dispatched to the error page,
     * which cannot write its JSON as {@code text/event-stream} and logs a warning each time a
     * client goes away.
     */
    @Override
    public void onTimeout(AsyncEvent event) {
      end();
      complete();
    }

    @Override
    public void onError(AsyncEvent event) {
      end();
      complete();
    }

    private void complete() {
      try {
        async.complete();
      } catch (RuntimeException alreadyCompleted) {
        // completed by end() or by the container
      }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
