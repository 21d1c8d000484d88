package example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the demo briefly, through the real logback.xml, and reads what it printed. */
class ShopDemoTest {

  @Test
  void printsLiveClassifiedEventsAndASummary() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      ShopDemo.main(new String[] {"--seconds", "2"});
    } finally {
      System.setOut(original);
    }
    String out = buffer.toString(StandardCharsets.UTF_8);
    original.println(out);
    assertThat(out).contains("[shop]", "[whatsapp-gateway]", "Final summary");
    assertThat(out).containsPattern("x200 +CRITICAL +connection"); // the outage: one group of 200
    assertThat(out).contains("sendMessage/[REDACTED]", "password=[REDACTED]");
    assertThat(out).containsPattern("ALERT FIRING +database-unreachable: \\d+ connection failures");
    assertThat(out).containsPattern(
        "ALERT FIRING +upload-failure-rate\\{platform=tiktok}: [\\d.]+% of uploads to tiktok failed");
    assertThat(out).doesNotContain("upload-failure-rate{platform=youtube}");
    assertThat(out).doesNotContain("hunter2", "d75b3a66374942c5b3c019c698abc2067e151558acbd412345");
  }
}
