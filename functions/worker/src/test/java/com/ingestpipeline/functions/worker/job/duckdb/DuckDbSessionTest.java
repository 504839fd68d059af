package com.ingestpipeline.functions.worker.job.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ingestpipeline.functions.worker.TaskFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbSessionTest {
    @TempDir
    Path tmp;

    private DuckDbSession open() throws Exception {
        return DuckDbSession.open(new DuckDbSettings(256L << 20, 2, tmp.resolve("tmp")), List.of(tmp));
    }

    @Test
    void settingsReachDuckDb_andCannotBeChangedBySql() throws Exception {
        try (DuckDbSession db = open()) {
            List<String> settings = db.query("SELECT current_setting('memory_limit'), current_setting('threads'), "
                    + "current_setting('temp_directory')", rs -> {
                        rs.next();
                        return List.of(rs.getString(1), rs.getString(2), rs.getString(3));
                    });
            assertThat(settings).containsExactly("256.0 MiB", "2", tmp.resolve("tmp").toString());
            assertThatThrownBy(() -> db.execute("SET memory_limit = '8GB'"))
                    .isInstanceOf(TaskFailure.class).hasMessageContaining("locked");
        }
    }

    @Test
    void interruptingTheWaitingThread_cancelsTheRunningQuery() throws Exception {
        try (DuckDbSession db = open()) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread task = new Thread(() -> {
                try {
                    db.queryLong("SELECT count(*) FROM range(1000000000000) r WHERE r.range % 7 = 3");
                    outcome.set(new AssertionError("the query finished instead of being cancelled"));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            task.start();
            waitForQueryThread();
            task.interrupt();
            task.join(TimeUnit.MINUTES.toMillis(2));

            assertThat(task.isAlive()).as("task thread returned after the interrupt").isFalse();
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            // The session's single query thread is free again: the native query really stopped.
            assertThat(db.queryLong("SELECT 41 + 1")).isEqualTo(42);
        }
    }

    private static void waitForQueryThread() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < until) {
            boolean running = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("duckdb-") && t.getState() == Thread.State.RUNNABLE);
            if (running) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the query thread never started");
    }
}
