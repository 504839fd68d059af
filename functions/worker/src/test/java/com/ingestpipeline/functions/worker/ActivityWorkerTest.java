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
    /** A grace no task in these tests needs in full, however loaded the machine: shutdown returns as soon as tasks end. */
    private static final Duration LONG_GRACE = Duration.ofMinutes(2);

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
        StallingJob.awaitStarted();

        FakeActivity.await("3 heartbeats", () -> h.activity.heartbeats.size() >= 3);
        StallingJob.release.release();
        h.awaitSuccess(1);
        int afterSuccess = h.activity.heartbeats.size();
        // Ten empty polls take at least 300 ms, six heartbeat intervals: a beat still scheduled would show.
        h.activity.awaitEmptyPolls(10);

        assertThat(h.activity.heartbeats).allSatisfy(b -> assertThat(b.taskToken()).isEqualTo("token-1"));
        assertThat(h.activity.heartbeats.size()).isLessThanOrEqualTo(afterSuccess + 1);
    }

    @Test
    void rejectedHeartbeat_cancelsTheTaskWithoutAnsweringAndFreesTheSlot() throws Exception {
        StallingJob.reset(1);
        h = new WorkerHarness(workDir).start();
        h.submit(stallTask("incoming/expired.csv"));
        // Reject heartbeats only once the job is waiting: a rejection that lands earlier (during the download or a
        // database call) cancels the task there instead, and the job this test watches would never start.
        StallingJob.awaitStarted();
        h.activity.heartbeatError = TaskTimedOutException.builder().message("Task Timed Out").build();

        FakeActivity.await("the job to be interrupted", () -> StallingJob.interrupted.get() == 1);
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
        StallingJob.awaitStarted();
        FakeActivity.await("the poll loop to wait for a free slot", h::pollerWaitingForSlot);

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
        // Two slots, so the loop keeps polling (and checking the idle time) while the task runs.
        h.start(WorkerHarness.settings(workDir, 2, Duration.ofMillis(200), BEAT, Duration.ofSeconds(5)));
        StallingJob.awaitStarted();
        // Twenty empty polls while the task runs: at least 600 ms, three idle periods, each poll a chance to power off.
        h.activity.awaitEmptyPolls(20);
        assertThat(h.powerOffs.get()).isZero();

        StallingJob.release.release();
        h.awaitStopped();

        assertThat(h.runResult).isTrue();
        assertThat(h.powerOffs.get()).isEqualTo(1);
        assertThat(h.activity.successes).hasSize(1);
    }

    @Test
    void failedPowerOff_keepsPollingAndTriesAgainAfterAnotherIdlePeriod() throws Exception {
        h = new WorkerHarness(workDir);
        h.failingPowerOffs = 1;
        h.start(WorkerHarness.settings(workDir, 1, Duration.ofMillis(200), BEAT, Duration.ofSeconds(5)));

        h.awaitStopped();

        assertThat(h.powerOffs.get()).isEqualTo(2);
        assertThat(h.runResult).isTrue();
    }

    @Test
    void alwaysOnWorker_neverPowersOff() throws Exception {
        h = new WorkerHarness(workDir).start(WorkerHarness.settings(workDir, 1, Duration.ZERO, BEAT, Duration.ofSeconds(5)));
        // At least 600 ms of polling with an idle time of zero: "never", not "after zero seconds".
        h.activity.awaitEmptyPolls(20);

        assertThat(h.powerOffs.get()).isZero();
        assertThat(h.stopped()).isFalse();
    }

    @Test
    void sigterm_letsARunningTaskFinishWithinTheGraceAndStopsPolling() throws Exception {
        StallingJob.reset(1);
        h = new WorkerHarness(workDir).start(WorkerHarness.settings(workDir, 1, Duration.ZERO, BEAT, LONG_GRACE));
        h.submit(stallTask("incoming/drain.csv"));
        StallingJob.awaitStarted();

        // The job finishes only after shutdown has begun (the poll loop has ended), so shutdown must wait for it.
        Thread releaser = new Thread(() -> {
            try {
                h.awaitStopped();
                StallingJob.release.release();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        releaser.start();
        boolean drained = h.worker.shutdown();
        releaser.join();

        assertThat(drained).isTrue();
        assertThat(h.activity.failures).isEmpty();
        assertThat(h.activity.successes).singleElement().satisfies(s -> assertThat(s.taskToken()).isEqualTo("token-1"));
        assertThat(h.stopped()).isTrue(); // the only thread that polls has ended: no poll after the stop
    }

    @Test
    void sigterm_duringALongPollThatThenReturnsATask_handsTheTaskBack() throws Exception {
        h = new WorkerHarness(workDir);
        var sfn = h.activity.sfn;
        java.util.concurrent.CountDownLatch polling = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        // The real long poll is a blocking socket read: shutdown's interrupt does not end it, and it can still
        // return a task, whose token only this worker holds.
        org.mockito.Mockito.when(sfn.getActivityTask(org.mockito.ArgumentMatchers.any(
                software.amazon.awssdk.services.sfn.model.GetActivityTaskRequest.class))).thenAnswer(inv -> {
                    polling.countDown();
                    boolean interrupted = false;
                    while (true) {
                        try {
                            stopped.await();
                            break;
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse.builder()
                            .taskToken("token-late").input("{}").build();
                });
        // As the SDK does (checked against the real client): a call from an interrupted thread aborts unsent.
        org.mockito.Mockito.when(sfn.sendTaskFailure(org.mockito.ArgumentMatchers.any(
                software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest.class))).thenAnswer(inv -> {
                    if (Thread.currentThread().isInterrupted()) {
                        throw software.amazon.awssdk.core.exception.AbortedException.builder()
                                .message("Thread was interrupted").build();
                    }
                    h.activity.failures.add(inv.getArgument(0));
                    return software.amazon.awssdk.services.sfn.model.SendTaskFailureResponse.builder().build();
                });
        h.start(WorkerHarness.settings(workDir, 1, Duration.ZERO, BEAT, Duration.ofSeconds(5)));
        polling.await();

        h.worker.shutdown();
        stopped.countDown();
        h.awaitStopped();

        assertThat(h.activity.failures).as("handed back at once, not left to the heartbeat timeout")
                .singleElement().satisfies(f -> {
                    assertThat(f.taskToken()).isEqualTo("token-late");
                    assertThat(f.error()).isEqualTo("Worker.Transient");
                });
    }

    @Test
    void sigterm_failsATaskStillRunningAfterTheGraceAsTransient_andCleansItsFiles() throws Exception {
        StallingJob.reset(1);
        h = new WorkerHarness(workDir).start(WorkerHarness.settings(workDir, 1, Duration.ZERO, BEAT, Duration.ofMillis(200)));
        ObjectNode input = stallTask("incoming/slow.csv");
        h.submit(input);
        StallingJob.awaitStarted();

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
        StallingJob.awaitStarted();

        // The moment of the kill: the job has half an output on disk.
        assertThat(h.resultKeys(id)).isEmpty();
        assertThat(h.count("SELECT count(*) FROM file_result")).isZero();
        assertThat(h.status(id)).isEqualTo("processing");
        List<Path> task = taskDirs();
        assertThat(task).hasSize(1);
        try (Stream<Path> out = Files.list(task.get(0).resolve("out"))) {
            assertThat(out.map(p -> p.getFileName().toString()).toList())
                    .singleElement().satisfies(n -> assertThat(n).startsWith(".data.parquet.").endsWith(".partial"));
        }

        // The instance restarts: the new worker sweeps what the dead one left.
        other = new WorkerHarness(h).start(WorkerHarness.settings(workDir, 1, Duration.ZERO, BEAT, Duration.ofSeconds(5)));
        FakeActivity.await("the leftover task directory to be swept", () -> taskDirs().isEmpty());
        h.worker.shutdown(); // the dead worker's thread; whatever it reports goes to its own fake and is ignored

        StallingJob.release.release(10);
        other.submit(input); // re-driven by the heartbeat timeout
        other.awaitSuccess(1);

        assertThat(other.resultKeys(id)).hasSize(3);
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
}
