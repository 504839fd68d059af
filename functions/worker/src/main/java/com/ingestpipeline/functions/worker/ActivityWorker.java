package com.ingestpipeline.functions.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskRequest;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The poll loop: long-polls the activity while fewer than {@code concurrency} tasks run, runs each
 * task on its own thread with heartbeats, reports success or a classified failure, powers the
 * instance off after the idle time, and on {@link #shutdown} stops polling and finishes or fails
 * what is running within the grace period.
 */
public final class ActivityWorker {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityWorker.class);
    /** GetActivityTask holds the connection up to 60 s: the HTTP socket timeout must be longer. */
    public static final Duration POLL_SOCKET_TIMEOUT = Duration.ofSeconds(70);
    private static final int MAX_CAUSE_CHARS = 1_000;
    /**
     * How long interrupted tasks get to report their transient failure and delete their files after
     * the grace. Grace (75 s) plus this stays below the unit's {@code TimeoutStopSec=120}.
     */
    static final Duration INTERRUPTED_TASK_BOUND = Duration.ofSeconds(30);

    private final SfnClient sfn;
    private final TaskProcessor processor;
    private final WorkerSettings settings;
    private final PowerOff powerOff;
    private final Clock clock;
    private final Semaphore slots;
    private final ExecutorService tasks;
    private final ScheduledExecutorService heartbeats;
    private final Map<String, Thread> running = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Instant lastBusy;
    private volatile Thread pollThread;

    public ActivityWorker(SfnClient sfn, TaskProcessor processor, WorkerSettings settings, PowerOff powerOff,
                          Clock clock) {
        this.sfn = sfn;
        this.processor = processor;
        this.settings = settings;
        this.powerOff = powerOff;
        this.clock = clock;
        this.slots = new Semaphore(settings.concurrency());
        this.tasks = Executors.newFixedThreadPool(settings.concurrency(), named("task"));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(named("heartbeat"));
    }

    /** Polls until {@link #shutdown} or the idle power-off. Returns true if it powered the instance off. */
    public boolean run() throws InterruptedException {
        pollThread = Thread.currentThread();
        WorkDirectory.sweep(settings.workDir());
        lastBusy = clock.instant();
        Duration backoff = Duration.ofSeconds(1);
        try {
            while (!stopping) {
                slots.acquire();
                GetActivityTaskResponse response;
                try {
                    response = sfn.getActivityTask(GetActivityTaskRequest.builder()
                            .activityArn(settings.activityArn()).workerName(settings.workerName()).build());
                    backoff = Duration.ofSeconds(1);
                } catch (SdkException e) {
                    slots.release();
                    LOG.warn("GetActivityTask failed, retrying in {} s: {}", backoff.toSeconds(), e.getMessage());
                    sleepUnlessStopping(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                            ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
                    continue;
                }
                String token = response.taskToken();
                if (token == null || token.isEmpty()) {
                    slots.release();
                    if (idleExpired()) {
                        LOG.info("idle for {} s with no task; powering off", settings.idleShutdown().toSeconds());
                        try {
                            powerOff.powerOff();
                            return true;
                        } catch (java.io.IOException e) {
                            // Exiting would leave an idle instance running with no poller (systemd only restarts
                            // on failure): keep serving and try again after another idle period.
                            LOG.error("power-off failed, still polling: {}", e.getMessage());
                            lastBusy = clock.instant();
                        }
                    }
                    continue;
                }
                if (stopping) {
                    slots.release();
                    // shutdown() interrupted this thread; the SDK aborts any call from an interrupted thread unsent,
                    // which would leave the task to the heartbeat timeout (and spend one of its restarts).
                    Thread.interrupted();
                    fail(token, TaskFailure.transientFailure("worker stopping; task handed back for retry", null));
                    break;
                }
                active.incrementAndGet();
                lastBusy = clock.instant();
                tasks.execute(() -> runTask(token, response.input()));
            }
        } catch (InterruptedException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            pollThread = null;
        }
        return false;
    }

    private boolean idleExpired() {
        Duration idle = settings.idleShutdown();
        return !idle.isZero() && active.get() == 0
                && Duration.between(lastBusy, clock.instant()).compareTo(idle) >= 0;
    }

    private void runTask(String token, String input) {
        Thread self = Thread.currentThread();
        running.put(token, self);
        long interval = settings.heartbeatInterval().toMillis();
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(() -> heartbeat(token), interval, interval,
                TimeUnit.MILLISECONDS);
        TaskInput task = null;
        try (LogContext.Scope ignored = LogContext.put(LogContext.TASK, token.length() > 16
                ? token.substring(0, 16) : token)) {
            task = TaskInput.parse(input);
            try (LogContext.Scope row = LogContext.put(LogContext.ROW_ID, task.fileId());
                 LogContext.Scope key = LogContext.put(LogContext.OBJECT_KEY, task.key())) {
                long started = System.nanoTime();
                ObjectNode output = processor.process(task);
                beat.cancel(false);
                if (running.remove(token) != null) {
                    sfn.sendTaskSuccess(SendTaskSuccessRequest.builder().taskToken(token).output(output.toString()).build());
                    LOG.info("task done: {} rows, {} malformed, {} ms", output.path("rowCount").asLong(),
                            output.path("malformedCount").asLong(), (System.nanoTime() - started) / 1_000_000);
                }
            }
        } catch (Throwable t) {
            beat.cancel(false);
            TaskFailure failure = stopping && !(t instanceof TaskFailure)
                    ? TaskFailure.transientFailure("worker stopped before the task finished", t)
                    : FailureClassifier.classify(t);
            if (running.remove(token) != null) {
                LOG.warn("task failed ({}): {}", failure.kind().errorName(), failure.getMessage(),
                        failure.kind() == TaskFailure.Kind.PERMANENT && !(t instanceof TaskFailure) ? t : null);
                fail(token, failure);
            } else {
                LOG.warn("task abandoned after its token expired: {}", failure.getMessage());
            }
            if (t instanceof Error e && !(t instanceof AssertionError)) {
                throw e;
            }
        } finally {
            Thread.interrupted();
            running.remove(token);
            active.decrementAndGet();
            lastBusy = clock.instant();
            slots.release();
        }
    }

    private void heartbeat(String token) {
        try {
            sfn.sendTaskHeartbeat(SendTaskHeartbeatRequest.builder().taskToken(token).build());
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            // The workflow gave up on this attempt (and re-drives it): stop working on a result nobody will accept.
            Thread t = running.remove(token);
            if (t != null) {
                LOG.warn("heartbeat rejected ({}); cancelling the task", e.getClass().getSimpleName());
                t.interrupt();
            }
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed, will retry: {}", e.getMessage());
        }
    }

    private void fail(String token, TaskFailure failure) {
        String cause = failure.getMessage() == null ? failure.kind().errorName() : failure.getMessage();
        String trimmed = cause.length() > MAX_CAUSE_CHARS ? cause.substring(0, MAX_CAUSE_CHARS) : cause;
        try {
            sfn.sendTaskFailure(SendTaskFailureRequest.builder().taskToken(token)
                    .error(failure.kind().errorName()).cause(trimmed).build());
        } catch (RuntimeException e) {
            LOG.warn("could not report the failure (the heartbeat timeout will re-drive the task): {}", e.getMessage());
        }
    }

    /**
     * Stops polling, waits up to the grace period for running tasks, then interrupts the rest, which
     * report a transient failure so the workflow retries them elsewhere without waiting for a
     * heartbeat timeout. Returns true if every task finished or reported within the bound.
     */
    public boolean shutdown() throws InterruptedException {
        stopping = true;
        Thread poller = pollThread;
        if (poller != null) {
            poller.interrupt();
        }
        tasks.shutdown();
        boolean finished = tasks.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            LOG.warn("{} task(s) still running after {} s; failing them", active.get(),
                    settings.shutdownGrace().toSeconds());
            tasks.shutdownNow();
            finished = tasks.awaitTermination(INTERRUPTED_TASK_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        }
        heartbeats.shutdownNow();
        return finished;
    }

    public int activeTasks() {
        return active.get();
    }

    private void sleepUnlessStopping(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        while (!stopping && System.nanoTime() < until) {
            Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "worker-" + prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
