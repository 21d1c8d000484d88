package dev.vigil.health.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HttpCheck against a real HttpsServer with a self-signed certificate valid for 5 days. */
class HttpsCheckTest {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  static Path dir;

  private static HttpsServer server;
  private static SSLContext clientContext;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "5",
        "-keystore", keystore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit"))
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(out).isZero();

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, tmf.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    server.createContext("/health", ex -> {
      byte[] body = "{\"status\":\"UP\"}".getBytes();
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void certificateExpiringWithinTheWarningIsDegradedTls() throws Exception {
    HealthResult r = HttpCheck.builder("tls").url(url).sslContext(clientContext).build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(r.failure()).isEqualTo(FailureKind.TLS);
    assertThat(r.detail()).matches("HTTP 200 in \\d+ ms, certificate expires in \\d days? "
        + "\\(notAfter .*\\)");
  }

  @Test
  void certificateFarFromExpiryIsUp() throws Exception {
    HealthResult r = HttpCheck.builder("tls").url(url).sslContext(clientContext)
        .certificateExpiryWarning(Duration.ofDays(1)).jsonPath("$.status", "UP").build().check();
    assertThat(r.status()).as(r.detail()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void expiredCertificateIsDownTls() throws Exception {
    // The client trusts the certificate; the check's clock says it has expired.
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(10)), ZoneOffset.UTC);
    HealthResult r = HttpCheck.builder("tls").url(url).sslContext(clientContext).clock(later)
        .build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).isEqualTo(FailureKind.TLS);
    assertThat(r.detail()).contains("certificate expired 5 days ago");
  }

  @Test
  void untrustedCertificateIsTlsHandshakeFailure() throws Exception {
    HealthResult r = HttpCheck.builder("tls").url(url).build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).isEqualTo(FailureKind.TLS);
    assertThat(r.detail()).startsWith("TLS handshake with 127.0.0.1:");
  }
}
