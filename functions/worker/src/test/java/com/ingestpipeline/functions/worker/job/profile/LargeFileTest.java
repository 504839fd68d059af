package com.ingestpipeline.functions.worker.job.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming proof: a file four times the heap is profiled in a JVM limited to 48 MiB. */
class LargeFileTest {
    private static final long FILE_BYTES = 200L << 20;

    @TempDir
    Path tmp;

    @Test
    void fileLargerThanTheHeap_isProfiledInBoundedMemory() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx48m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LargeFileProbe.class.getName(), tmp.toString(),
                Long.toString(FILE_BYTES))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        Map<String, Long> figures = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("fileBytes=")) {
                for (String kv : line.split(" ")) {
                    String[] parts = kv.split("=");
                    figures.put(parts[0], Long.parseLong(parts[1]));
                }
            }
        }
        assertThat(figures).as(output).containsKeys("fileBytes", "maxHeap", "rows");
        assertThat(figures.get("fileBytes")).isGreaterThan(4 * figures.get("maxHeap"));
        assertThat(figures.get("rows")).isGreaterThan(2_000_000);
        assertThat(figures.get("malformed")).isZero();
        assertThat(figures.get("normalizedBytes")).isGreaterThan(1_000_000);
    }
}
