package example.shop;

import dev.vigil.Monitor;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The shop's traffic: ordinary requests, slow queries, a flaky payment provider, a database that
 * goes away in bursts, and two neighbouring services whose lines Vigil ingests. Seeded, so every
 * run tells the same story.
 */
final class Traffic {

  private static final Logger ORDERS = LoggerFactory.getLogger("example.shop.OrderController");
  private static final Logger PAYMENTS = LoggerFactory.getLogger("example.shop.PaymentClient");
  private static final Logger REPOSITORY = LoggerFactory.getLogger("example.shop.OrderRepository");
  private static final String[] PLATFORMS = {"tiktok", "instagram", "youtube"};

  private final Monitor monitor;
  private final Random random;

  Traffic(Monitor monitor, long seed) {
    this.monitor = monitor;
    this.random = new Random(seed);
  }

  void runFor(Duration duration) throws InterruptedException {
    Instant end = Instant.now().plus(duration);
    int tick = 0;
    while (Instant.now().isBefore(end)) {
      tick++;
      for (int i = 0; i < 20; i++) {
        request(tick * 100 + i);
      }
      neighbours(tick);
      if (tick % 40 == 10) {
        databaseOutage();
      }
      Thread.sleep(100);
    }
  }

  private void request(int n) {
    MDC.put("requestId", "req-" + Integer.toHexString(0x5f3a0000 + n));
    try {
      int orderId = 4_000 + random.nextInt(1_000);
      int millis = 20 + random.nextInt(180);
      ORDERS.info("GET /api/orders/{} 200 in {} ms", orderId, millis);
      String platform = PLATFORMS[random.nextInt(PLATFORMS.length)];
      boolean failed = random.nextInt(100) < (platform.equals("tiktok") ? 12 : 2);
      // metrics the alert rules read: a counter per outcome, tagged by platform
      monitor.increment(failed ? "upload.failure" : "upload.success", "platform", platform);
      if (failed) {
        ORDERS.warn("Upload to {} failed, will retry: quota exceeded for channel {}", platform,
            random.nextInt(90) + 10);
      }
      if (random.nextInt(60) == 0) {
        REPOSITORY.warn("slow query: SELECT * FROM orders WHERE customer_id = {} took {} ms",
            random.nextInt(10_000), 1_200 + random.nextInt(3_000));
      }
      if (random.nextInt(150) == 0) {
        PAYMENTS.error("Payment for order {} failed", orderId,
            new SocketTimeoutException("Read timed out after 5000 ms"));
      }
    } finally {
      MDC.clear();
    }
  }

  private void databaseOutage() {
    for (int i = 0; i < 200; i++) {
      REPOSITORY.error("Could not load order {}", 4_000 + i, new SQLException(
          "Connection is not available", new ConnectException("Connection refused")));
    }
  }

  private void neighbours(int tick) {
    if (tick % 30 == 5) {
      // Secrets in messages and URLs are redacted before Vigil stores or shows anything.
      PAYMENTS.error("Calling https://api.green-api.com/waInstance1101000001/sendMessage/"
          + "d75b3a66374942c5b3c019c698abc2067e151558acbd412345 failed with password=hunter2");
    }
    if (tick % 7 == 0) {
      monitor.ingest("whatsapp-gateway", "{\"timestamp\":\"" + Instant.now() + "\",\"level\":"
          + "\"error\",\"service\":\"whatsapp-gateway\",\"message\":\"sendMessage failed: 502 "
          + "Bad Gateway from upstream\",\"context\":{\"chatId\":\"33612345678@c.us\"},"
          + "\"requestId\":\"wa-" + tick + "\"}");
    }
    if (tick % 25 == 0) {
      monitor.ingest("nginx", "2026/11/21 10:00:00 [error] 31#31: *" + tick + " connect() failed "
          + "(111: Connection refused) while connecting to upstream, client: 10.0.0."
          + (tick % 250) + ", upstream: \"http://127.0.0.1:8081/api\"");
    }
    if (tick % 90 == 45) {
      monitor.ingest("worker", "FATAL: heap out of memory while resizing the thumbnail cache");
    }
  }
}
