package com.ingestpipeline.functions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** The poll loop: heartbeats, concurrency, idle power-off, SIGTERM, a killed worker, a full volume. */
class ActivityWorkerTest {
    private static final byte[] CSV = "id,city\n1,Oslo\n2,Bergen\n3,Oslo\n".getBytes(StandardCharsets.UTF_8);
    private static final Duration BEAT = Duration.ofMillis(50);

    @TempDir
    Path workDir;
    WorkerHarness h;
    WorkerHarness other;

    @AfterEach
    void stop() throws Exception {
        StallingJob.release.release(100);
        for (WorkerHarness w : new WorkerHarness[] {h, other}) {
            if (w != null) {
                w.close();
            }
        }
    }

    private ObjectNode stallTask(String key) throws Exception {
        ObjectNode input = h.ingest(key, CSV, "csv", "none");
        input.put("job", "stall");
        return input;
    }

    @Test
    void runningTask_sendsHeartbeatsUntilItFinishes() throws Exception {
        StallingJob.reset(1);
        h = new WorkerHarness(workDir).start();
        h.submit(stallTask("incoming/hb.csv"));
        StallingJob.started.await();

        FakeActivity.await("3 heartbeats", () -> h.activity.heartbeats.size() >= 3, Duration.ofSeconds(10));
        StallingJob.release.release();
        h.awaitSuccess(1);
        int afterSuccess = h.activity.heartbeats.size();
        Thread.sleep(BEAT.toMillis() * 4);

        assertThat(h.activity.heartbeats).allSatisfy(b -> assertThat(b.taskToken()).isEqualTo("token-1"));
        assertThat(h.activity.heartbeats.size()).isLessThanOrEqualTo(afterSuccess + 1);
    }

    @Test
    void rejectedHeartbeat_cancelsTheTaskWithoutAnsweringAndFreesTheSlot() throws Exception {
        StallingJob.reset(1);
        h = new WorkerHarness(workDir).start();
        h.activity.heartbeatError = TaskTimedOutException.builder().message("Task Timed Out").build();
        h.submit(stallTask("incoming/expired.csv"));

        FakeActivity.await("the job to be interrupted", () -> StallingJob.interrupted.get() == 1, Duration.ofSeconds(10));
        h.activity.heartbeatError = null;
        h.submit(h.ingest("incoming/next.csv", CSV, "csv", "none"));
        h.awaitSuccess(1);

        assertThat(h.activity.failures).isEmpty();
        assertThat(h.activity.successes).extracting(s -> s.taskToken()).containsExactly("token-2");
    }

    @Test
    void concurrency_runsAtMostNTasksAndStopsPollingWhileFull() throws Exception {
        StallingJob.reset(2);
        h = new WorkerHarness(workDir).start(WorkerHarness.settings(workDir, 2, Duration.ZERO, BEAT, Duration.ofSeconds(5)));
        for (int i = 0; i < 3; i++) {
            h.submit(stallTask("incoming/c" + i + ".csv"));
        }
        StallingJob.started.await();
        Thread.sleep(300);

        assertThat(StallingJob.running.get()).isEqualTo(2);
        assertThat(h.activity.pending).hasSize(1);
        StallingJob.release.release(3);
        h.awaitSuccess(3);
        assertThat(StallingJob.maxRunning.get()).isEqualTo(2);
    }

    @Test
    void idleWorker_powersOffAfterTheIdleTime_butNotWhileATaskRuns() throws Exception {
        StallingJob.reset(1);
        h = new WorkerHarness(workDir);
        h.submit(stallTask("incoming/busy.csv"));
        h.start(WorkerHarness.settings(workDir, 1, Duration.ofMillis(200), BEAT, Duration.ofSeconds(5)));
        StallingJob.started.await();
        Thread.sleep(600);
        assertThat(h.powerOffs.get()).isZero();

        StallingJob.release.release();
        FakeActivity.await("the worker to stop", h::stopped, Duration.ofSeconds(10));

        assertThat(h.runResult).isTrue();
        assertThat(h.powerOffs.get()).isEqualTo(1);
        assertThat(h.activity.successes).hasSize(1);
    }

    @Test
    void failedPowerOff_keepsPollingAndTriesAgainAfterAnotherIdlePeriod() throws Exception {
        h = new WorkerHarness(workDir);
        h.failingPowerOffs = 1;
        h.start(WorkerHarness.settings(workDir, 1, Duration.ofMillis(200), BEAT, Duration.ofSeconds(5)));

        FakeActivity.await("the worker to stop", h::stopped, Duration.ofSeconds(10));

        assertThat(h.powerOffs.get()).isEqualTo(2);
        assertThat(h.runResult).isTrue();
    }

    @Test
    void alwaysOnWorker_neverPowersOff() throws Exception {
        h = new WorkerHarness(workDir).start(WorkerHarness.settings(workDir, 1, Duration.ZERO, BEAT, Duration.ofSeconds(5)));
        FakeActivity.await("several empty polls", () -> h.activity.polls.size() >= 10, Duration.ofSeconds(10));

        assertThat(h.powerOffs.get()).isZero();
        assertThat(h.stopped()).isFalse();
    }

    @Test
    void sigterm_letsARunningTaskFinishWithinTheGraceAndStopsPolling() throws Exception {
        StallingJob.reset(1);
        h = new WorkerHarness(workDir).start(WorkerHarness.settings(workDir, 1, Duration.ZERO, BEAT, Duration.ofSeconds(10)));
        h.submit(stallTask("incoming/drain.csv"));
        StallingJob.started.await();

        Thread releaser = new Thread(() -> {
            sleep(300);
            StallingJob.release.release();
        });
        releaser.start();
        boolean drained = h.worker.shutdown();

        assertThat(drained).isTrue();
        assertThat(h.activity.successes).hasSize(1);
        FakeActivity.await("the poll loop to end", h::stopped, Duration.ofSeconds(5));
        int polls = h.activity.polls.size();
        Thread.sleep(200);
        assertThat(h.activity.polls).hasSize(polls);
    }

    @Test
    void sigterm_failsATaskStillRunningAfterTheGraceAsTransient_andCleansItsFiles() throws Exception {
        StallingJob.reset(1);
        h = new WorkerHarness(workDir).start(WorkerHarness.settings(workDir, 1, Duration.ZERO, BEAT, Duration.ofMillis(200)));
        ObjectNode input = stallTask("incoming/slow.csv");
        h.submit(input);
        StallingJob.started.await();

        assertThat(h.worker.shutdown()).isTrue();

        assertThat(h.activity.failures).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo("Worker.Transient");
            assertThat(f.cause()).isEqualTo("worker stopped before the task finished");
        });
        assertThat(taskDirs()).isEmpty();
        assertThat(h.resultKeys(input.get("fileId").asLong())).isEmpty();
    }

    @Test
    void workerKilledMidTask_leavesNothingVisible_andTheRedrivenTaskSucceedsOnTheRestartedWorker() throws Exception {
        StallingJob.reset(1);
        h = new WorkerHarness(workDir).start(WorkerHarness.settings(workDir, 1, Duration.ZERO, BEAT, Duration.ofMillis(100)));
        ObjectNode input = stallTask("incoming/killed.csv");
        long id = input.get("fileId").asLong();
        h.submit(input);
        StallingJob.started.await();

        // The moment of the kill: the job has half an output on disk.
        assertThat(h.resultKeys(id)).isEmpty();
        assertThat(h.count("SELECT count(*) FROM file_result")).isZero();
        assertThat(h.status(id)).isEqualTo("processing");
        List<Path> task = taskDirs();
        assertThat(task).hasSize(1);
        try (Stream<Path> out = Files.list(task.get(0).resolve("out"))) {
            assertThat(out.map(p -> p.getFileName().toString()).toList())
                    .singleElement().satisfies(n -> assertThat(n).startsWith(".normalized.jsonl.gz.").endsWith(".partial"));
        }

        // The instance restarts: the new worker sweeps what the dead one left.
        other = new WorkerHarness(h).start(WorkerHarness.settings(workDir, 1, Duration.ZERO, BEAT, Duration.ofSeconds(5)));
        FakeActivity.await("the leftover task directory to be swept", () -> taskDirs().isEmpty(), Duration.ofSeconds(10));
        h.worker.shutdown(); // the dead worker's thread; whatever it reports goes to its own fake and is ignored

        StallingJob.release.release(10);
        other.submit(input); // re-driven by the heartbeat timeout
        other.awaitSuccess(1);

        assertThat(other.resultKeys(id)).hasSize(2);
        assertThat(other.count("SELECT count(*) FROM file_result WHERE file_id = " + id)).isEqualTo(1);
        assertThat(other.status(id)).isEqualTo("processed");
    }

    @Test
    void fullWorkVolume_isAPermanentFailureNamingIt_andTheVolumeIsCleaned() throws Exception {
        Path small = workDir.resolve("small-volume");
        Files.createDirectories(small);
        Assumptions.assumeTrue(mount(small), "needs root to mount a 1 MiB tmpfs as the work volume; skipped here");
        try {
            h = new WorkerHarness(workDir).start(WorkerHarness.settings(small, 1, Duration.ZERO, BEAT, Duration.ofSeconds(5)));
            StringBuilder big = new StringBuilder("id,text\n");
            for (int i = 0; big.length() < 3 << 20; i++) {
                big.append(i).append(",some text that takes space in the work directory\n");
            }
            ObjectNode input = h.ingest("incoming/big.csv", big.toString().getBytes(StandardCharsets.UTF_8), "csv", "none");

            h.submit(input);
            h.awaitAnswers(1);

            assertThat(h.activity.failures).singleElement().satisfies(f -> {
                assertThat(f.error()).isEqualTo("Worker.Permanent");
                assertThat(f.cause()).startsWith("work directory full");
            });
            try (Stream<Path> left = Files.list(small)) {
                assertThat(left).isEmpty();
            }
            assertThat(Files.getFileStore(small).getUsableSpace()).isGreaterThan(900_000);
        } finally {
            h.close();
            h = null;
            new ProcessBuilder("umount", "-l", small.toString()).inheritIO().start().waitFor();
        }
    }

    private static boolean mount(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        return p.waitFor() == 0;
    }

    private List<Path> taskDirs() {
        try (Stream<Path> s = Files.list(workDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("task-")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
