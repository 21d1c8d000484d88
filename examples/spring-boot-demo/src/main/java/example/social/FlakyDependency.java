package example.social;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TikTok API client of the service, which breaks now and then and stays broken until it is
 * restarted: either its connections are refused or its calls hang. Vigil's health check
 * {@code tiktok-api} watches it through {@link DependencyController} and its recovery action
 * restarts it.
 *
 * <p>Thread safety: every method is synchronized; the state is a function of the monotonic
 * clock, so nothing needs a thread of its own.
 */
final class FlakyDependency {

  private static final Logger log = LoggerFactory.getLogger("example.social.tiktok.TikTokClient");

  /** What a caller of the dependency sees. */
  enum State { UP, REFUSING, HANGING, RESTARTING }

  private final DemoProperties.Dependency settings;
  private final Random random;
  private boolean started;
  private long nextOutageAt;
  private long restartedUntil;
  private boolean nextOutageHangs;
  private boolean stubborn; // the next restart does not help (the outage goes on)
  private State reported = State.UP;
  private int outages;
  private int restarts;

  FlakyDependency(DemoProperties.Dependency settings, long seed) {
    this.settings = settings;
    this.random = new Random(seed);
  }

  /** Starts the clock: the first outage comes after {@code first-outage-after}. */
  synchronized void start() {
    long now = System.nanoTime();
    started = true;
    nextOutageAt = now + settings.getFirstOutageAfter().toNanos();
    restartedUntil = now;
  }

  /** Returns the state now, logging the moment an outage begins. */
  synchronized State state() {
    long now = System.nanoTime();
    State s;
    if (!started) {
      s = State.UP;
    } else if (now - restartedUntil < 0) {
      s = State.RESTARTING;
    } else if (now - nextOutageAt >= 0) {
      s = nextOutageHangs ? State.HANGING : State.REFUSING;
    } else {
      s = State.UP;
    }
    if (s != reported) {
      String why = s == State.REFUSING ? "connect ECONNREFUSED 10.0.3.7:443"
          : "calls time out after 10000 ms";
      if ((s == State.REFUSING || s == State.HANGING) && reported == State.UP) {
        outages++;
        log.error("TikTok API client lost its connections: {}", why);
      } else if (s == State.REFUSING || s == State.HANGING) {
        log.error("TikTok API client restarted but still cannot connect: {}", why);
      } else if (s == State.UP && reported == State.RESTARTING) {
        log.info("TikTok API client is back: connection pool ready (8 connections)");
      }
      reported = s;
    }
    return s;
  }

  /** A call to the API; throws what a real client throws while the dependency is down. */
  void call() throws IOException {
    switch (state()) {
      case REFUSING -> throw new ConnectException("connect ECONNREFUSED 10.0.3.7:443");
      case HANGING -> throw new SocketTimeoutException("Read timed out after 10000 ms");
      case RESTARTING -> throw new IOException("503 Service Unavailable: client restarting");
      case UP -> { }
    }
  }

  /**
   * Restarts the client: it is back after the restart time, until its next outage; except that
   * in one outage in three (never the first) the first restart does not help.
   */
  synchronized void restart() {
    restarts++;
    long now = System.nanoTime();
    restartedUntil = now + settings.getRestartTakes().toNanos();
    if (stubborn && now - nextOutageAt >= 0) {
      stubborn = false; // down again after this restart: the next one will do
      state();
      return;
    }
    stubborn = random.nextInt(3) == 0;
    long min = settings.getMinUptime().toNanos();
    long spread = Math.max(0, settings.getMaxUptime().toNanos() - min);
    nextOutageAt = restartedUntil + min + (long) (random.nextDouble() * spread);
    nextOutageHangs = random.nextInt(3) == 0; // one outage in three hangs rather than refuses
    state();
  }

  /** How many outages there were since the start. */
  synchronized int outages() {
    return outages;
  }

  /** How many times the client was restarted since the start. */
  synchronized int restarts() {
    return restarts;
  }

  /** How long a restart takes. */
  Duration restartTakes() {
    return settings.getRestartTakes();
  }
}
