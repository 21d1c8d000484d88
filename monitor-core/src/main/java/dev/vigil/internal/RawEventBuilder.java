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

  @Override
  public EventBuilder source(String source) {
    event.source = Objects.requireNonNull(source, "source");
    return this;
  }

  @Override
  public EventBuilder logger(String logger) {
    event.logger = logger;
    return this;
  }

  @Override
  public EventBuilder thread(String thread) {
    event.thread = thread;
    return this;
  }

  @Override
  public EventBuilder timestamp(Instant timestamp) {
    event.timeMillis = timestamp.toEpochMilli();
    return this;
  }

  @Override
  public EventBuilder error(Throwable error) {
    event.error = error;
    return this;
  }

  @Override
  public EventBuilder context(String key, String value) {
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
    if (event.tags == null) {
      event.tags = new HashMap<>();
    }
    event.tags.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
    return this;
  }

  @Override
  public boolean capture() {
    if (captured) {
      throw new IllegalStateException("this event was already captured");
    }
    captured = true;
    return monitor.offer(event);
  }
}
