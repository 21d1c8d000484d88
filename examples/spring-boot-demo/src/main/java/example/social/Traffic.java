package example.social;

import dev.vigil.Monitor;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;

/**
 * The service's traffic: uploads to TikTok, Instagram and YouTube, webhooks, OAuth logins and
 * token refreshes, logged through SLF4J and counted through the {@link Monitor} as the seed-001
 * alert rules expect ({@code upload.success/failure}, {@code webhook.latency},
 * {@code oauth.success/failure}, {@code token.refresh.success/failure}). Things go wrong as
 * they do in production: the TikTok API client breaks ({@link FlakyDependency}), the database
 * has slow episodes and short bursts of refused connections, uploads hit quotas and OAuth codes
 * expire.
 *
 * <p>Threading: one daemon thread, {@code demo-traffic}, runs every round and the summaries, so
 * the counters below need no synchronization.
 */
final class Traffic implements SmartLifecycle {

  private static final Logger uploads = LoggerFactory.getLogger("example.social.upload.UploadService");
  private static final Logger webhooks = LoggerFactory.getLogger("example.social.webhook.WebhookController");
  private static final Logger oauth = LoggerFactory.getLogger("example.social.oauth.OAuthController");
  private static final Logger tokens = LoggerFactory.getLogger("example.social.oauth.TokenRefresher");
  private static final Logger db = LoggerFactory.getLogger("example.social.db.UploadRepository");
  private static final Logger summary = LoggerFactory.getLogger("example.social.Traffic");

  private final Monitor monitor;
  private final FlakyDependency tiktok;
  private final DemoProperties settings;
  private final Random random;
  private long startedAt;
  private ScheduledExecutorService executor;

  private long round;
  private int outageLogged = -1;
  private boolean databaseWasDown;
  private boolean slowWasOn;
  private int refreshFailures;
  // since the last summary
  private int uploadCount;
  private int uploadFailures;
  private int webhookCount;
  private long webhookMillis;
  private long webhookMax;
  private int logins;
  private int loginFailures;
  private int slowQueries;
  private int databaseErrors;

  Traffic(Monitor monitor, FlakyDependency tiktok, DemoProperties settings) {
    this.monitor = monitor;
    this.tiktok = tiktok;
    this.settings = settings;
    this.random = new Random(settings.getSeed());
  }

  @Override
  public synchronized void start() {
    startedAt = System.nanoTime(); // the episodes' clock starts with the traffic
    tiktok.start();
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "demo-traffic");
      t.setDaemon(true);
      return t;
    });
    long tick = Math.max(1, settings.getTick().toMillis());
    executor.scheduleAtFixedRate(this::safeRound, tick, tick, TimeUnit.MILLISECONDS);
    long every = Math.max(1, settings.getSummaryEvery().toMillis());
    executor.scheduleAtFixedRate(this::summary, every, every, TimeUnit.MILLISECONDS);
    summary.info("Traffic started: a round of requests every {} ms; the TikTok API breaks"
        + " first after {} s", tick, settings.getDependency().getFirstOutageAfter().toSeconds());
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  private void safeRound() {
    try {
      round();
    } catch (RuntimeException e) { // a bug here must not end the traffic
      summary.error("The traffic generator failed a round", e);
    }
  }

  private void round() {
    round++;
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startedAt);
    DemoProperties.Database d = settings.getDatabase();
    boolean slow = within(elapsed, d.getFirstSlowAfter(), d.getSlowEvery(), d.getSlowLasts());
    boolean databaseDown = within(elapsed, d.getFirstOutageAfter(), d.getOutageEvery(),
        d.getOutageLasts());
    if (slow != slowWasOn) {
      slowWasOn = slow;
      if (slow) {
        db.warn("Database CPU at 97%: autovacuum running on table uploads");
      }
    }

    upload(databaseDown);
    webhook(slow);
    if (round % 10 == 0) {
      login();
    }
    tokenRefresh();
    if (random.nextInt(slow ? 8 : 40) == 0) {
      slowQuery(slow);
    }
    if (databaseDown) {
      databaseOutage();
    }
    databaseWasDown = databaseDown;
  }

  /** Whether {@code elapsed} falls into an episode starting at {@code first}, then every {@code every}. */
  private static boolean within(Duration elapsed, Duration first, Duration every, Duration lasts) {
    if (elapsed.compareTo(first) < 0) {
      return false;
    }
    long into = elapsed.minus(first).toMillis() % Math.max(1, every.toMillis());
    return into < lasts.toMillis();
  }

  private void upload(boolean databaseDown) {
    String platform = pick("tiktok", 45, "instagram", 40, "youtube");
    String id = String.format(Locale.ROOT, "up-%06x", random.nextInt(0xffffff));
    MDC.put("requestId", id);
    try {
      uploadCount++;
      if (platform.equals("tiktok")) {
        try {
          tiktok.call();
        } catch (IOException e) {
          fail(platform);
          if (outageLogged != tiktok.outages()) { // the stack trace once per outage, then one line
            outageLogged = tiktok.outages();
            uploads.error("Upload {} to tiktok failed", id, e);
          } else {
            uploads.error("Upload {} to tiktok failed: {}", id, e.getMessage());
          }
          return;
        }
      }
      if (databaseDown) {
        fail(platform);
        return; // the repository logs the cause
      }
      if (random.nextInt(200) == 0) {
        fail(platform);
        uploads.warn("Upload {} to {} failed, will retry: 429 Too Many Requests (daily quota"
            + " exceeded for account {})", id, platform, 1000 + random.nextInt(9000));
        return;
      }
      monitor.increment("upload.success", "platform", platform);
    } finally {
      MDC.remove("requestId");
    }
  }

  private void fail(String platform) {
    uploadFailures++;
    monitor.increment("upload.failure", "platform", platform);
  }

  private void webhook(boolean slow) {
    String platform = pick("tiktok", 50, "instagram", 50, "youtube");
    monitor.increment("webhook.received", "platform", platform);
    long millis = slow ? 5_500 + random.nextInt(4_000)
        : 40 + (long) Math.exp(4.5 + random.nextGaussian() * 0.6);
    monitor.time("webhook.latency", Duration.ofMillis(millis));
    monitor.increment("webhook.processed", "platform", platform);
    webhookCount++;
    webhookMillis += millis;
    webhookMax = Math.max(webhookMax, millis);
    if (slow && webhookCount % 10 == 0) {
      webhooks.warn("Webhook {} event processed in {} ms: waiting for a database connection",
          platform, millis);
    }
  }

  private void login() {
    String platform = round % 20 == 0 ? "instagram" : "tiktok";
    logins++;
    boolean failed = platform.equals("instagram") ? random.nextInt(100) < 40
        : random.nextInt(100) < 3;
    if (failed) {
      loginFailures++;
      monitor.increment("oauth.failure", "platform", platform);
      oauth.error("OAuth callback for {} failed: invalid_grant (authorization code expired or"
          + " already used) for user {}", platform, 10_000 + random.nextInt(90_000));
    } else {
      monitor.increment("oauth.success", "platform", platform);
    }
  }

  private void tokenRefresh() {
    // TikTok tokens every 50 rounds; every 2 while the client is down (retries)
    boolean tiktokDown = tiktok.state() != FlakyDependency.State.UP;
    if (round % 50 == 0 || (tiktokDown && round % 2 == 0)) {
      try {
        tiktok.call();
        refreshFailures = 0;
        monitor.increment("token.refresh.success", "platform", "tiktok");
        tokens.debug("Refreshed the access token of tiktok account {}", 1000 + round % 50);
      } catch (IOException e) {
        refreshFailures++;
        monitor.increment("token.refresh.failure", "platform", "tiktok");
        if (refreshFailures % 5 == 1) { // the first failure, then every fifth
          tokens.error("Token refresh for tiktok failed ({} in a row): {}; retrying every {} ms",
              refreshFailures, e.getMessage(), settings.getTick().toMillis() * 2);
        }
      }
    }
    if (round % 50 == 25) {
      monitor.increment("token.refresh.success", "platform", "instagram");
    }
  }

  private void slowQuery(boolean slow) {
    slowQueries++;
    long millis = slow ? 2_000 + random.nextInt(6_000) : 1_100 + random.nextInt(1_500);
    db.warn("Slow query took {} ms: SELECT * FROM uploads WHERE account_id = ? AND status ="
        + " 'PENDING' ORDER BY created_at LIMIT 100", millis);
  }

  private void databaseOutage() {
    databaseErrors++;
    if (!databaseWasDown) { // the stack trace once per burst, then one line per failed query
      db.error("Could not load pending uploads: connect ECONNREFUSED 10.0.2.5:5432",
          new SQLTransientConnectionException("HikariPool-1 - Connection is not available,"
              + " request timed out after 3000ms", "08001",
              new ConnectException("connect ECONNREFUSED 10.0.2.5:5432")));
    } else {
      db.error("Could not load pending uploads: connect ECONNREFUSED 10.0.2.5:5432");
    }
  }

  private void summary() {
    long mean = webhookCount == 0 ? 0 : webhookMillis / webhookCount;
    summary.info("Last {} s: {} uploads ({} failed), {} webhooks (mean {} ms, max {} ms), {} OAuth"
        + " logins ({} failed), {} slow queries, {} database errors; TikTok API {}",
        settings.getSummaryEvery().toSeconds(), uploadCount, uploadFailures, webhookCount, mean,
        webhookMax, logins, loginFailures, slowQueries, databaseErrors, tiktok.state());
    uploadCount = uploadFailures = webhookCount = logins = loginFailures = slowQueries = 0;
    databaseErrors = 0;
    webhookMillis = webhookMax = 0;
  }

  private String pick(String a, int percentA, String b, int percentB, String c) {
    int r = random.nextInt(100);
    return r < percentA ? a : r < percentA + percentB ? b : c;
  }
}
