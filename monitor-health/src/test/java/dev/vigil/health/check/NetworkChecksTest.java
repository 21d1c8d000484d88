package dev.vigil.health.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** TcpCheck and DnsCheck against real sockets and the system resolver. */
class NetworkChecksTest {

  @Test
  void tcpOpenPortIsUp() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      HealthResult r = TcpCheck.builder("port").host("127.0.0.1").port(socket.getLocalPort())
          .build().check();
      assertThat(r.status()).isEqualTo(HealthStatus.UP);
      assertThat(r.detail()).matches("connected to 127.0.0.1:\\d+ in \\d+ ms");
      assertThat(r.latency()).isNotNull();
    }
  }

  @Test
  void tcpClosedPortIsRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HealthResult r = TcpCheck.builder("port").host("127.0.0.1").port(port).build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).isEqualTo(FailureKind.CONNECTION_REFUSED);
    assertThat(r.detail()).isEqualTo("connection refused by 127.0.0.1:" + port);
  }

  @Test
  void tcpUnknownHostIsDns() {
    HealthResult r = TcpCheck.builder("port").host("nonexistent.invalid").port(80).build().check();
    assertThat(r.failure()).isEqualTo(FailureKind.DNS);
    assertThat(r.detail()).isEqualTo("cannot resolve nonexistent.invalid");
  }

  @Test
  void tcpBuilderReportsEveryProblem() {
    assertThatThrownBy(() -> TcpCheck.builder("").port(70000)
        .connectTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid TcpCheck: name is required (not blank); host is required; port must"
            + " be from 1 to 65535 but was 70000; connectTimeout must be a positive duration but"
            + " was PT-1S");
    assertThat(TcpCheck.builder("db").host("db.example.com").port(5432).build().toString())
        .isEqualTo("TcpCheck{db, db.example.com:5432, connectTimeout PT5S}");
  }

  @Test
  void dnsLocalhostResolves() throws Exception {
    HealthResult r = DnsCheck.builder("dns").hostName("localhost").build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.UP);
    assertThat(r.detail()).startsWith("localhost resolves to ");
  }

  @Test
  void dnsExpectedAddresses() throws Exception {
    String loopback = InetAddress.getByName("localhost").getHostAddress();
    assertThat(DnsCheck.builder("dns").hostName("localhost").expectAddress(loopback)
        .expectAddress("192.0.2.1").build().check().status()).isEqualTo(HealthStatus.UP);
    HealthResult elsewhere = DnsCheck.builder("dns").hostName("localhost")
        .expectAddress("192.0.2.1").build().check();
    assertThat(elsewhere.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(elsewhere.failure()).isEqualTo(FailureKind.DNS);
    assertThat(elsewhere.detail()).contains("none of the expected 192.0.2.1");
  }

  @Test
  void dnsInvalidNameIsDown() throws Exception {
    HealthResult r = DnsCheck.builder("dns").hostName("nonexistent.invalid").build().check();
    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).isEqualTo(FailureKind.DNS);
    assertThat(r.detail()).isEqualTo("cannot resolve nonexistent.invalid");
  }

  @Test
  void dnsBuilderReportsEveryProblem() {
    assertThatThrownBy(() -> DnsCheck.builder("dns").expectAddress("example.com")
        .timeout(Duration.ZERO).build())
        .hasMessage("invalid DnsCheck 'dns': hostName is required; timeout must be a positive"
            + " duration but was PT0S; expectAddress 'example.com' is not an IPv4 or IPv6"
            + " address");
  }
}
