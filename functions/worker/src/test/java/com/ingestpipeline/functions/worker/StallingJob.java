package com.ingestpipeline.functions.worker;

import com.ingestpipeline.functions.worker.job.BatchJob;
import com.ingestpipeline.functions.worker.job.JobContext;
import com.ingestpipeline.functions.worker.job.JobResult;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import com.ingestpipeline.functions.worker.job.profile.ProfileJob;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test job {@code stall}: writes part of an output, then waits until released (or interrupted),
 * standing in for a long job or a worker frozen mid-task. Once released it runs the real profile
 * job, so a released task produces real outputs.
 */
public final class StallingJob implements BatchJob {
    static volatile Semaphore release = new Semaphore(0);
    static volatile CountDownLatch started = new CountDownLatch(1);
    static final AtomicInteger running = new AtomicInteger();
    static final AtomicInteger maxRunning = new AtomicInteger();
    static final AtomicInteger interrupted = new AtomicInteger();

    static void reset(int expectedStarts) {
        release = new Semaphore(0);
        started = new CountDownLatch(expectedStarts);
        running.set(0);
        maxRunning.set(0);
        interrupted.set(0);
    }

    /** Waits until the expected number of stalling jobs have started (bounded, so a broken worker fails the test). */
    static void awaitStarted() throws InterruptedException {
        if (!started.await(FakeActivity.PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("timed out waiting for the stalling job(s) to start; "
                    + started.getCount() + " still expected");
        }
    }

    @Override
    public String name() {
        return "stall";
    }

    @Override
    public JobResult run(JobContext context) throws IOException, TaskFailure, InterruptedException {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try (OutputFiles.Output partial = context.outputs().create("data.parquet")) {
            partial.stream().write(new byte[64 * 1024]);
            partial.stream().flush();
            started.countDown();
            try {
                release.acquire();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        } finally {
            running.decrementAndGet();
        }
        return new ProfileJob().run(context);
    }
}
