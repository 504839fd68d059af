package com.ingestpipeline.functions.worker;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskRequest;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessResponse;

/**
 * A Mockito Step Functions client that hands out queued activity tasks (an empty poll returns
 * after a short wait, like the real long poll but faster) and records every answer.
 */
final class FakeActivity {
    final SfnClient sfn = mock(SfnClient.class);
    final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    final List<GetActivityTaskRequest> polls = new CopyOnWriteArrayList<>();
    final List<SendTaskSuccessRequest> successes = new CopyOnWriteArrayList<>();
    final List<SendTaskFailureRequest> failures = new CopyOnWriteArrayList<>();
    final List<SendTaskHeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
    /** Polls answered with no task; each one took at least {@link #EMPTY_POLL} of real time. */
    final AtomicInteger emptyPolls = new AtomicInteger();
    private final AtomicInteger tokens = new AtomicInteger();
    volatile RuntimeException heartbeatError;

    /** How long an empty poll waits for a task: the fake's stand-in for the real 60 s long poll. */
    static final Duration EMPTY_POLL = Duration.ofMillis(30);
    /**
     * Upper bound of every wait in the worker tests. Only a failing test waits this long; a loaded
     * 2-core CI machine can be many times slower than a quiet one, so the bound is generous.
     */
    static final Duration PATIENCE = Duration.ofMinutes(2);

    FakeActivity() {
        when(sfn.getActivityTask(any(GetActivityTaskRequest.class))).thenAnswer(inv -> {
            polls.add(inv.getArgument(0));
            String input = pending.poll(EMPTY_POLL.toMillis(), TimeUnit.MILLISECONDS);
            if (input == null) {
                emptyPolls.incrementAndGet();
                return GetActivityTaskResponse.builder().build();
            }
            return GetActivityTaskResponse.builder().taskToken("token-" + tokens.incrementAndGet()).input(input).build();
        });
        when(sfn.sendTaskSuccess(any(SendTaskSuccessRequest.class))).thenAnswer(inv -> {
            successes.add(inv.getArgument(0));
            return SendTaskSuccessResponse.builder().build();
        });
        when(sfn.sendTaskFailure(any(SendTaskFailureRequest.class))).thenAnswer(inv -> {
            failures.add(inv.getArgument(0));
            return SendTaskFailureResponse.builder().build();
        });
        when(sfn.sendTaskHeartbeat(any(SendTaskHeartbeatRequest.class))).thenAnswer(inv -> {
            heartbeats.add(inv.getArgument(0));
            if (heartbeatError != null) {
                throw heartbeatError;
            }
            return SendTaskHeartbeatResponse.builder().build();
        });
    }

    int answers() {
        return successes.size() + failures.size();
    }

    /**
     * Waits until {@code n} more polls came back empty. The worker's own progress, not a sleep: it
     * proves the poll loop went round {@code n} times, and that at least {@code n × EMPTY_POLL} of
     * real time passed, however slowly the machine runs.
     */
    void awaitEmptyPolls(int n) throws InterruptedException {
        int target = emptyPolls.get() + n;
        await(n + " more empty polls", () -> emptyPolls.get() >= target);
    }

    /** Waits for the condition, up to {@link #PATIENCE}; the check interval only costs latency, never correctness. */
    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
