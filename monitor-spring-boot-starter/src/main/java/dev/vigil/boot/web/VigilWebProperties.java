package dev.vigil.boot.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code vigil.web.*} properties: the live stream, the exports and the dashboard (served
 * beside the {@code vigil} Actuator endpoint and protected like it), and the ingest endpoint for
 * other services.
 */
@ConfigurationProperties("vigil.web")
public class VigilWebProperties {

  private final Stream stream = new Stream();
  private final Export export = new Export();
  private final Dashboard dashboard = new Dashboard();
  private final Ingest ingest = new Ingest();

  public Stream getStream() {
    return stream;
  }

  public Export getExport() {
    return export;
  }

  public Dashboard getDashboard() {
    return dashboard;
  }

  public Ingest getIngest() {
    return ingest;
  }

  /** The live stream of events and alert transitions ({@code /actuator/vigil/stream}). */
  public static class Stream {

    /** How many clients may follow the stream at once; more are answered 503. */
    private int maxClients = 16;

    /** How often an idle connection gets a keep-alive comment. */
    private Duration heartbeat = Duration.ofSeconds(15);

    /** How long one connection lasts; browsers reconnect by themselves. */
    private Duration timeout = Duration.ofMinutes(30);

    public int getMaxClients() {
      return maxClients;
    }

    public void setMaxClients(int maxClients) {
      this.maxClients = maxClients;
    }

    public Duration getHeartbeat() {
      return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** CSV and JSON exports ({@code /actuator/vigil/export/events.csv} and so on). */
  public static class Export {

    /** The most events one export holds (newest first). */
    private int maxRows = 10_000;

    public int getMaxRows() {
      return maxRows;
    }

    public void setMaxRows(int maxRows) {
      this.maxRows = maxRows;
    }
  }

  /** The dashboard ({@code /actuator/vigil/dashboard/}, and {@code /vigil} on the same port). */
  public static class Dashboard {

    /** Whether the dashboard is served. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The endpoint where other services send their log lines (seed 000's "collect"). */
  public static class Ingest {

    /** Whether the ingest endpoint is served. */
    private boolean enabled = false;

    /** Where it is served, on the application's port. */
    private String path = "/vigil/ingest";

    /**
     * The shared secret that senders put in the {@link #tokenHeader} header; required unless
     * {@link #requireToken} is false.
     */
    private String token;

    /** The header carrying the token. */
    private String tokenHeader = "X-Vigil-Token";

    /**
     * Whether the token is required. Set it to false only when Spring Security protects the path.
     */
    private boolean requireToken = true;

    /** The largest request body accepted; larger ones are answered 413. */
    private DataSize maxBodySize = DataSize.ofMegabytes(1);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public String getToken() {
      return token;
    }

    public void setToken(String token) {
      this.token = token;
    }

    public String getTokenHeader() {
      return tokenHeader;
    }

    public void setTokenHeader(String tokenHeader) {
      this.tokenHeader = tokenHeader;
    }

    public boolean isRequireToken() {
      return requireToken;
    }

    public void setRequireToken(boolean requireToken) {
      this.requireToken = requireToken;
    }

    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }
  }
}
