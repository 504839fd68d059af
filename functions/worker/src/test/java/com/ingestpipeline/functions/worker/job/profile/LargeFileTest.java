package com.ingestpipeline.functions.worker.job.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded memory: a CSV larger than DuckDB's {@code memory_limit} is converted in a JVM of its own
 * (64 MiB heap, 256 MiB {@code memory_limit}), and the process's peak resident memory stays within
 * heap + memory_limit + {@link #NATIVE_SLACK}, well below the file's size.
 */
class LargeFileTest {
    private static final long FILE_BYTES = 400L << 20;
    private static final long MEMORY_LIMIT = 256L << 20;
    /**
     * What DuckDB allocates outside its buffer manager (the CSV scanner's buffers, the Parquet
     * writer's compression buffers) plus the JVM's own non-heap memory (code cache, metaspace, stacks).
     */
    private static final long NATIVE_SLACK = 256L << 20;

    @TempDir
    Path tmp;

    @Test
    void fileLargerThanMemoryLimit_isConvertedWithinTheLimits() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = tmp.resolve("probe.log");
        Process p = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LargeFileProbe.class.getName(), tmp.toString(),
                Long.toString(FILE_BYTES), Long.toString(MEMORY_LIMIT))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A minute on a quiet machine; the bound is for a loaded 2-core CI machine, and a hung probe is killed.
        boolean exited = p.waitFor(15, TimeUnit.MINUTES);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exited).as("probe finished within 15 minutes; output so far:%n%s", output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Map<String, Long> figures = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("fileBytes=")) {
                for (String kv : line.strip().split(" ")) {
                    String[] parts = kv.split("=");
                    figures.put(parts[0], Long.parseLong(parts[1]));
                }
            }
        }
        assertThat(figures).as(output).containsKeys("fileBytes", "peakRss", "rows", "generatedRows");
        System.out.println("LargeFileTest: " + figures); // the figures docs/worker.md quotes

        assertThat(figures.get("fileBytes")).isGreaterThan(MEMORY_LIMIT);
        assertThat(figures.get("rows")).isEqualTo(figures.get("generatedRows"));
        assertThat(figures.get("malformed")).isZero();
        assertThat(figures.get("peakRss")).as(output)
                .isLessThanOrEqualTo(figures.get("maxHeap") + MEMORY_LIMIT + NATIVE_SLACK);
    }
}
