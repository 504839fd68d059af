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

/** Streaming proof: a file four times the heap is profiled in a JVM limited to 48 MiB. */
class LargeFileTest {
    private static final long FILE_BYTES = 200L << 20;

    @TempDir
    Path tmp;

    @Test
    void fileLargerThanTheHeap_isProfiledInBoundedMemory() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = tmp.resolve("probe.log");
        Process p = new ProcessBuilder(java.toString(), "-Xmx48m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LargeFileProbe.class.getName(), tmp.toString(),
                Long.toString(FILE_BYTES))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Seconds on a quiet machine; the bound is for a loaded 2-core CI machine, and a hung probe is killed.
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
