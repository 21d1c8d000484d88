package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.internal.CommandAction;
import dev.vigil.health.internal.HttpAction;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * Something that repairs what a failing check found: the recovery SPI of the health module.
 *
 * <p>{@link #run()} blocks until the action is done; the {@link Recoverer} calls it on the thread
 * that handles the check's result (the {@code HealthMonitor}'s worker), never twice at once for
 * the same check. It reports failure by returning {@link RecoveryResult#failed} or by throwing:
 * the exception's message becomes the attempt's detail. Details must never hold secrets.
 *
 * <p>Built-ins: {@link #command} (an OS command), {@link #http} (an HTTP call, such as a restart
 * API), {@link ProcessRestart} (kill a process and start it anew), {@link #sequence} (steps in
 * order) and {@link #of} (a lambda).
 *
 * <pre>{@code
 * RecoveryAction restart = RecoveryAction.command("restart-api", Duration.ofMinutes(2),
 *     "systemctl", "restart", "api");
 * }</pre>
 */
public interface RecoveryAction {

  /** Returns the action's name for logs and the audit trail, such as {@code restart-api}. */
  String name();

  /** Runs the action once, blocking until it is done. */
  RecoveryResult run() throws Exception;

  /** Returns an action named {@code name} that runs {@code body}. */
  static RecoveryAction of(String name, Body body) {
    requireNonNull(name, "name");
    requireNonNull(body, "body");
    return new RecoveryAction() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RecoveryResult run() throws Exception {
        return requireNonNull(body.run(), "the action's result");
      }

      @Override
      public String toString() {
        return "RecoveryAction{" + name + "}";
      }
    };
  }

  /**
   * Returns an action that runs {@code command} (program and arguments, no shell unless you name
   * one) and succeeds when it exits with 0 within {@code timeout}. Its standard output and error
   * are captured together; the detail holds the exit code and the last 500 characters of output.
   * A command still running at the timeout is killed, with its descendants, and fails.
   */
  static RecoveryAction command(String name, Duration timeout, List<String> command) {
    return new CommandAction(name, timeout, command);
  }

  /** Same as {@link #command(String, Duration, List)}. */
  static RecoveryAction command(String name, Duration timeout, String... command) {
    return command(name, timeout, List.of(command));
  }

  /**
   * Returns an action that sends {@code request} (such as a POST to a restart API) and succeeds on
   * a 2xx answer. The request's own timeout applies, or 30 seconds. The detail holds the method,
   * the URI without its user info and query, the status code and, on failure, the start of the
   * body; never the headers (they may hold credentials).
   */
  static RecoveryAction http(String name, HttpRequest request) {
    return new HttpAction(name, request);
  }

  /**
   * Returns an action that runs {@code steps} in order and stops at the first that fails (seed
   * 002: clean up, then restart).
   */
  static RecoveryAction sequence(String name, RecoveryAction... steps) {
    requireNonNull(name, "name");
    List<RecoveryAction> list = List.of(steps);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("sequence '" + name + "' needs at least one step");
    }
    return of(name, () -> {
      StringBuilder done = new StringBuilder();
      for (RecoveryAction step : list) {
        RecoveryResult r;
        try {
          r = step.run();
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          r = RecoveryResult.failed(e.toString());
        }
        if (done.length() > 0) {
          done.append("; ");
        }
        done.append(step.name()).append(": ").append(r.detail());
        if (!r.success()) {
          return RecoveryResult.failed(done.toString());
        }
      }
      return RecoveryResult.ok(done.toString());
    });
  }

  /** The body of an action written as a lambda. */
  @FunctionalInterface
  interface Body {
    /** Runs the action once. */
    RecoveryResult run() throws Exception;
  }
}
