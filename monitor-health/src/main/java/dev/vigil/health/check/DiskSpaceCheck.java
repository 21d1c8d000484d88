package dev.vigil.health.check;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthResult;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks the usable space of the file store holding a path: DEGRADED or DOWN with kind {@code
 * RESOURCE} below a threshold in bytes or in percent of the store's size (either crossing
 * counts); DOWN {@code ERROR} when the path does not exist or cannot be read.
 *
 * <pre>{@code
 * HealthCheck disk = DiskSpaceCheck.builder("data-disk")
 *     .path(Path.of("/var/lib/app"))
 *     .degradedBelowPercent(10).downBelowPercent(5)
 *     .downBelowBytes(1L << 30)            // and never less than 1 GiB
 *     .build();
 * }</pre>
 *
 * <p>By default DEGRADED below 10 % and DOWN below 5 % usable. "Usable" is what this JVM may
 * write ({@link FileStore#getUsableSpace()}), less than the free space on file systems that
 * reserve blocks for root. Immutable and thread-safe.
 */
public final class DiskSpaceCheck implements HealthCheck {

  private final String name;
  private final Path path;
  private final long degradedBelowBytes;
  private final long downBelowBytes;
  private final double degradedBelowPercent;
  private final double downBelowPercent;

  private DiskSpaceCheck(Builder b) {
    this.name = b.name;
    this.path = b.path;
    this.degradedBelowBytes = b.degradedBelowBytes;
    this.downBelowBytes = b.downBelowBytes;
    this.degradedBelowPercent = b.degradedBelowPercent;
    this.downBelowPercent = b.downBelowPercent;
  }

  /** Returns a builder for a check named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HealthResult check() {
    try {
      FileStore store = Files.getFileStore(path);
      return evaluate(store.getUsableSpace(), store.getTotalSpace());
    } catch (NoSuchFileException e) {
      return HealthResult.down(FailureKind.ERROR, "no such path " + path);
    } catch (IOException | SecurityException e) {
      return HealthResult.down(FailureKind.ERROR,
          "cannot read the space of " + path + ": " + Checks.message(e));
    }
  }

  /** Judges {@code usable} bytes of a store of {@code total}. */
  HealthResult evaluate(long usable, long total) {
    double percent = total > 0 ? 100.0 * usable / total : 0;
    String detail = Checks.bytes(usable) + " of " + Checks.bytes(total) + " usable ("
        + Checks.percent(percent) + ") at " + path;
    if (usable < downBelowBytes || percent < downBelowPercent) {
      return HealthResult.down(FailureKind.RESOURCE, detail);
    }
    if (usable < degradedBelowBytes || percent < degradedBelowPercent) {
      return HealthResult.degraded(FailureKind.RESOURCE, detail);
    }
    return HealthResult.up(detail);
  }

  @Override
  public String toString() {
    return "DiskSpaceCheck{" + name + ", " + path + ", degraded below "
        + Checks.bytes(degradedBelowBytes) + " or " + degradedBelowPercent + " %, down below "
        + Checks.bytes(downBelowBytes) + " or " + downBelowPercent + " %}";
  }

  /** Builds a {@link DiskSpaceCheck}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private Path path;
    private long degradedBelowBytes;
    private long downBelowBytes;
    private double degradedBelowPercent = 10;
    private double downBelowPercent = 5;

    private Builder(String name) {
      this.name = name;
    }

    /** Sets a path on the file store to check; required. */
    public Builder path(Path path) {
      this.path = requireNonNull(path, "path");
      return this;
    }

    /** Reports DEGRADED below this many usable bytes; 0 (off) by default. */
    public Builder degradedBelowBytes(long bytes) {
      this.degradedBelowBytes = bytes;
      return this;
    }

    /** Reports DOWN below this many usable bytes; 0 (off) by default. */
    public Builder downBelowBytes(long bytes) {
      this.downBelowBytes = bytes;
      return this;
    }

    /** Reports DEGRADED below this percentage usable; 10 by default, 0 for off. */
    public Builder degradedBelowPercent(double percent) {
      this.degradedBelowPercent = percent;
      return this;
    }

    /** Reports DOWN below this percentage usable; 5 by default, 0 for off. */
    public Builder downBelowPercent(double percent) {
      this.downBelowPercent = percent;
      return this;
    }

    /**
     * Builds the check.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public DiskSpaceCheck build() {
      Checks.Problems p = new Checks.Problems();
      p.name(name);
      p.check(path != null, "path is required");
      p.check(degradedBelowBytes >= 0,
          "degradedBelowBytes must not be negative but was " + degradedBelowBytes);
      p.check(downBelowBytes >= 0, "downBelowBytes must not be negative but was " + downBelowBytes);
      p.percent("degradedBelowPercent", degradedBelowPercent);
      p.percent("downBelowPercent", downBelowPercent);
      p.check(degradedBelowBytes <= 0 || degradedBelowBytes >= downBelowBytes,
          "degradedBelowBytes (" + degradedBelowBytes + ") must be at least downBelowBytes ("
              + downBelowBytes + ") when set");
      p.check(degradedBelowPercent == 0 || degradedBelowPercent >= downBelowPercent,
          "degradedBelowPercent (" + degradedBelowPercent + ") must be at least downBelowPercent ("
              + downBelowPercent + ") when set");
      p.throwIfAny("DiskSpaceCheck", name);
      return new DiskSpaceCheck(this);
    }
  }
}
