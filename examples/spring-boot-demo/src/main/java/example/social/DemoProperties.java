package example.social;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The demo's own settings ({@code demo.*}): how fast traffic flows and how often things break. */
@ConfigurationProperties("demo")
public class DemoProperties {

  /** How often the traffic generator makes one round of requests. */
  private Duration tick = Duration.ofMillis(200);

  /** Stop the application after this long; runs until Ctrl-C when unset. */
  private Duration duration;

  /** The seed of the traffic's randomness; the same seed tells a similar story. */
  private long seed = 42;

  /** How often the neighbouring service sends its log lines to the ingest endpoint. */
  private Duration neighbourEvery = Duration.ofSeconds(3);

  /** How often the INFO summary of the traffic is logged. */
  private Duration summaryEvery = Duration.ofSeconds(15);

  private final Dependency dependency = new Dependency();

  private final Database database = new Database();

  public Duration getTick() {
    return tick;
  }

  public void setTick(Duration tick) {
    this.tick = tick;
  }

  public Duration getDuration() {
    return duration;
  }

  public void setDuration(Duration duration) {
    this.duration = duration;
  }

  public long getSeed() {
    return seed;
  }

  public void setSeed(long seed) {
    this.seed = seed;
  }

  public Duration getNeighbourEvery() {
    return neighbourEvery;
  }

  public void setNeighbourEvery(Duration neighbourEvery) {
    this.neighbourEvery = neighbourEvery;
  }

  public Duration getSummaryEvery() {
    return summaryEvery;
  }

  public void setSummaryEvery(Duration summaryEvery) {
    this.summaryEvery = summaryEvery;
  }

  public Dependency getDependency() {
    return dependency;
  }

  public Database getDatabase() {
    return database;
  }

  /** The flaky TikTok API client: it breaks now and then and stays broken until restarted. */
  public static class Dependency {

    /** When the first outage starts, after startup. */
    private Duration firstOutageAfter = Duration.ofSeconds(20);

    /** The shortest time between a restart and the next outage. */
    private Duration minUptime = Duration.ofSeconds(60);

    /** The longest time between a restart and the next outage. */
    private Duration maxUptime = Duration.ofSeconds(120);

    /** How long a restart takes. */
    private Duration restartTakes = Duration.ofSeconds(2);

    public Duration getFirstOutageAfter() {
      return firstOutageAfter;
    }

    public void setFirstOutageAfter(Duration firstOutageAfter) {
      this.firstOutageAfter = firstOutageAfter;
    }

    public Duration getMinUptime() {
      return minUptime;
    }

    public void setMinUptime(Duration minUptime) {
      this.minUptime = minUptime;
    }

    public Duration getMaxUptime() {
      return maxUptime;
    }

    public void setMaxUptime(Duration maxUptime) {
      this.maxUptime = maxUptime;
    }

    public Duration getRestartTakes() {
      return restartTakes;
    }

    public void setRestartTakes(Duration restartTakes) {
      this.restartTakes = restartTakes;
    }
  }

  /** The database: slow episodes and short bursts of refused connections. */
  public static class Database {

    /** When the first burst of refused connections comes, after startup. */
    private Duration firstOutageAfter = Duration.ofSeconds(40);

    /** The time between two bursts of refused connections. */
    private Duration outageEvery = Duration.ofMinutes(3);

    /** How long a burst of refused connections lasts. */
    private Duration outageLasts = Duration.ofSeconds(3);

    /** When the first slow episode (slow queries, slow webhooks) starts, after startup. */
    private Duration firstSlowAfter = Duration.ofSeconds(30);

    /** The time between two slow episodes. */
    private Duration slowEvery = Duration.ofMinutes(2);

    /** How long a slow episode lasts. */
    private Duration slowLasts = Duration.ofSeconds(20);

    public Duration getFirstOutageAfter() {
      return firstOutageAfter;
    }

    public void setFirstOutageAfter(Duration firstOutageAfter) {
      this.firstOutageAfter = firstOutageAfter;
    }

    public Duration getOutageEvery() {
      return outageEvery;
    }

    public void setOutageEvery(Duration outageEvery) {
      this.outageEvery = outageEvery;
    }

    public Duration getOutageLasts() {
      return outageLasts;
    }

    public void setOutageLasts(Duration outageLasts) {
      this.outageLasts = outageLasts;
    }

    public Duration getFirstSlowAfter() {
      return firstSlowAfter;
    }

    public void setFirstSlowAfter(Duration firstSlowAfter) {
      this.firstSlowAfter = firstSlowAfter;
    }

    public Duration getSlowEvery() {
      return slowEvery;
    }

    public void setSlowEvery(Duration slowEvery) {
      this.slowEvery = slowEvery;
    }

    public Duration getSlowLasts() {
      return slowLasts;
    }

    public void setSlowLasts(Duration slowLasts) {
      this.slowLasts = slowLasts;
    }
  }
}
