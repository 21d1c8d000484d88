package dev.vigil.internal;

import dev.vigil.EventBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The {@link EventBuilder} of a {@link PipelineMonitor}: fills a {@link RawEvent} in place. */
final class RawEventBuilder implements EventBuilder {

  private final RawEvent event;
  private final PipelineMonitor monitor;
  private boolean captured;

  RawEventBuilder(RawEvent event, PipelineMonitor monitor) {
    this.event = event;
    this.monitor = monitor;
  }

  private void open() {
    if (captured) {
      throw new IllegalStateException("this event was already captured");
    }
  }

  @Override
  public EventBuilder source(String source) {
    open();
    event.source = Objects.requireNonNull(source, "source");
    return this;
  }

  @Override
  public EventBuilder logger(String logger) {
    open();
    event.logger = logger;
    return this;
  }

  @Override
  public EventBuilder thread(String thread) {
    open();
    event.thread = thread;
    return this;
  }

  @Override
  public EventBuilder timestamp(Instant timestamp) {
    open();
    event.timeMillis = timestamp.toEpochMilli();
    return this;
  }

  @Override
  public EventBuilder error(Throwable error) {
    open();
    event.exception = error == null ? null : CapturedException.of(error);
    return this;
  }

  @Override
  public EventBuilder context(String key, String value) {
    open();
    if (event.context == null) {
      event.context = new HashMap<>();
    }
    event.context.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
    return this;
  }

  @Override
  public EventBuilder context(Map<String, String> context) {
    context.forEach(this::context);
    return this;
  }

  @Override
  public EventBuilder tag(String key, String value) {
    open();
    if (event.tags == null) {
      event.tags = new HashMap<>();
    }
    event.tags.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
    return this;
  }

  @Override
  public boolean capture() {
    open();
    captured = true;
    return monitor.offer(event);
  }
}
