package com.ingestpipeline.functions.ingest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lambda's asynchronous event queue for one function, as AWS documents it
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html): an event whose invocation
 * fails (an error from the code, or the runtime dying) is retried up to {@code maxRetryAttempts} times, one minute
 * after the first attempt and two minutes after the second; after that it goes to the on-failure destination (the
 * stack's failure queue). {@code timeScale} shrinks those waits for a quick run (1.0 is Lambda's real timing).
 */
final class AsyncInvokeQueue {
    /** One delivery of an event: {@code attempt} 0 is the first, 1 and 2 are Lambda's retries. */
    record Invocation(int eventId, byte[] event, int attempt) {
    }

    /** An event that exhausted its retries, with the last error: what the failure queue's message carries. */
    record Failed(int eventId, byte[] event, String error) {
    }

    private static final Duration[] RETRY_WAITS = {Duration.ofMinutes(1), Duration.ofMinutes(2)};

    private final int maxRetryAttempts;
    private final double timeScale;
    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private final ConcurrentLinkedQueue<Failed> failureQueue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger settled = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();

    AsyncInvokeQueue(int maxRetryAttempts, double timeScale) {
        if (maxRetryAttempts < 0 || maxRetryAttempts > RETRY_WAITS.length) {
            throw new IllegalArgumentException("maxRetryAttempts must be 0..2 (Lambda's range), got " + maxRetryAttempts);
        }
        this.maxRetryAttempts = maxRetryAttempts;
        this.timeScale = timeScale;
    }

    void submit(int eventId, byte[] event) {
        queue.add(new Pending(new Invocation(eventId, event, 0), 0));
    }

    /** The next due invocation, or null after {@code wait}. */
    Invocation poll(Duration wait) throws InterruptedException {
        Pending p = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        return p == null ? null : p.invocation;
    }

    void succeeded(Invocation invocation) {
        settled.incrementAndGet();
    }

    /** Schedules Lambda's next retry of the event, or sends it to the failure queue when retries are exhausted. */
    void failed(Invocation invocation, Throwable error) {
        if (invocation.attempt() < maxRetryAttempts) {
            retries.incrementAndGet();
            long wait = (long) (RETRY_WAITS[invocation.attempt()].toNanos() * timeScale);
            queue.add(new Pending(new Invocation(invocation.eventId(), invocation.event(), invocation.attempt() + 1),
                    System.nanoTime() + wait));
        } else {
            failureQueue.add(new Failed(invocation.eventId(), invocation.event(), String.valueOf(error)));
            settled.incrementAndGet();
        }
    }

    /** Events that succeeded or reached the failure queue. */
    int settled() {
        return settled.get();
    }

    int retries() {
        return retries.get();
    }

    List<Failed> failureQueue() {
        return List.copyOf(failureQueue);
    }

    /** Takes every event out of the failure queue (an operator replaying them). */
    List<Failed> drainFailureQueue() {
        List<Failed> drained = new java.util.ArrayList<>();
        for (Failed f = failureQueue.poll(); f != null; f = failureQueue.poll()) {
            drained.add(f);
        }
        return drained;
    }

    private static final class Pending implements Delayed {
        final Invocation invocation;
        final long dueNanos;

        Pending(Invocation invocation, long dueNanos) {
            this.invocation = invocation;
            this.dueNanos = dueNanos;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Pending) o).dueNanos);
        }
    }
}
