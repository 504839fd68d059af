package com.ingestpipeline.functions.worker.job.duckdb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How much of the instance one job's DuckDB may use. DuckDB keeps its buffers under
 * {@code memory_limit} and spills the rest (sorts, hash tables, the Parquet writer's row groups) to
 * {@code temp_directory}, so a file larger than memory runs on the EBS volume instead of failing.
 *
 * @param memoryLimitBytes DuckDB's {@code memory_limit} for one job
 * @param threads          DuckDB's {@code threads} for one job
 * @param tempDirectory    DuckDB's {@code temp_directory}, on the work volume
 */
public record DuckDbSettings(long memoryLimitBytes, int threads, Path tempDirectory) {
    /** Left to the OS, the JVM's own non-heap memory (metaspace, thread stacks, the SDK's buffers) and page cache. */
    static final long RESERVED_BYTES = 512L << 20;
    /** DuckDB's floor for a useful run; below it a task would fail on its first hash table. */
    static final long MIN_MEMORY_LIMIT_BYTES = 256L << 20;
    /**
     * DuckDB counts only its buffer manager against {@code memory_limit}; allocations outside it (the
     * parser, result vectors, the allocator's slack) come on top, so one job is given 80 % of its share.
     */
    static final double BUFFER_SHARE = 0.8;

    public DuckDbSettings {
        Objects.requireNonNull(tempDirectory, "tempDirectory");
        if (memoryLimitBytes < MIN_MEMORY_LIMIT_BYTES) {
            throw new IllegalArgumentException("DuckDB memory_limit must be at least " + (MIN_MEMORY_LIMIT_BYTES >> 20)
                    + " MiB (got " + (memoryLimitBytes >> 20) + " MiB): use an instance with more memory or a lower "
                    + "worker concurrency");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("DuckDB threads must be >= 1 (got " + threads + ")");
        }
    }

    /**
     * Splits the instance between the tasks that run at once: memory left after the JVM's heap ceiling
     * and {@link #RESERVED_BYTES}, times {@link #BUFFER_SHARE}, over {@code concurrency}; cores over
     * {@code concurrency} (at least one thread each).
     */
    public static DuckDbSettings derive(long physicalBytes, long maxHeapBytes, int cores, int concurrency,
                                        Path tempDirectory) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1 (got " + concurrency + ")");
        }
        long free = physicalBytes - maxHeapBytes - RESERVED_BYTES;
        long perTask = (long) (Math.max(0, free) * BUFFER_SHARE) / concurrency;
        return new DuckDbSettings(perTask, Math.max(1, cores / concurrency), tempDirectory);
    }

    /** For this machine: total memory as the JVM sees it (cgroup-aware), {@code Runtime.maxMemory()}, cores. */
    public static DuckDbSettings forThisMachine(int concurrency, Path tempDirectory) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        Runtime rt = Runtime.getRuntime();
        return derive(os.getTotalMemorySize(), rt.maxMemory(), rt.availableProcessors(), concurrency, tempDirectory);
    }

    /** {@code memory_limit} as DuckDB reads it (whole MiB). */
    public String memoryLimit() {
        return (memoryLimitBytes >> 20) + "MiB";
    }
}
