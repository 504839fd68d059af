package com.ingestpipeline.functions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM while DuckDB runs a query: the query is cancelled, not left running in native code. */
class QueryCancellationTest {
    @TempDir
    Path workDir;
    @TempDir
    Path jobs;
    WorkerHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void sigtermAfterTheGrace_cancelsTheRunningQuery_handsTheTaskBack_andCleansItsFiles() throws Exception {
        // Never ends on its own: a trillion rows per input row.
        Path sql = Files.writeString(jobs.resolve("forever.sql"),
                "SELECT count(*) FROM input, range(1000000000000)");
        WorkerSettings settings = WorkerHarness.settings(workDir, 1, Duration.ZERO, Duration.ofMillis(50),
                Duration.ofMillis(200)).withSqlJobFile(sql);
        h = new WorkerHarness(workDir);
        h.jobs = WorkerMain.jobs(settings);
        h.start(settings);
        ObjectNode input = h.ingest("incoming/forever.csv", "id\n1\n2\n".getBytes(StandardCharsets.UTF_8), "csv", "none");
        h.submit(input);
        FakeActivity.await("the SQL job's query to run", () -> queryThreads() > 0);

        assertThat(h.worker.shutdown()).as("every task reported within the bound").isTrue();

        assertThat(h.activity.failures).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo("Worker.Transient");
            assertThat(f.cause()).isEqualTo("worker stopped before the task finished");
        });
        FakeActivity.await("DuckDB's query thread to end", () -> queryThreads() == 0);
        assertThat(h.resultKeys(input.get("fileId").asLong())).isEmpty();
        try (var left = Files.list(workDir)) {
            assertThat(left).isEmpty();
        }
    }

    private static long queryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("duckdb-") && t.isAlive()).count();
    }
}
