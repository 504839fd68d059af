package com.ingestpipeline.components.internal.asl;

import java.util.List;

/**
 * The ingest workflow (docs/design.md, "State machine"), built as data.
 *
 * <pre>
 * Prepare → StartWorkers → RunBatchTask → Succeeded
 *   StartWorkers: Ec2.Ec2Exception          → retried in place (a worker still stopping, capacity, throttling)
 *   StartWorkers fails after that            → RecordFailure → Failed
 *   RunBatchTask: Worker.Transient          → retried in place (backoff, full jitter)
 *   RunBatchTask: heartbeat/timeout         → CheckRestarts → CountRestart → StartWorkers (while under the bound)
 *                                                           → RestartsExhausted → RecordFailure → Failed
 *   RunBatchTask: any other error           → RecordFailure → Failed
 * </pre>
 *
 * <p>The state carried between states is {@code {"file": <execution input>, "restarts": n, "error": ...}}; the
 * activity task receives {@code $.file}, i.e. the execution input unchanged, and the worker's task output
 * becomes the execution output.
 */
public final class IngestWorkflow {
    public static final String PREPARE = "Prepare";
    public static final String START_WORKERS = "StartWorkers";
    public static final String RUN_BATCH_TASK = "RunBatchTask";
    public static final String CHECK_RESTARTS = "CheckRestarts";
    public static final String COUNT_RESTART = "CountRestart";
    public static final String RESTARTS_EXHAUSTED = "RestartsExhausted";
    public static final String RECORD_FAILURE = "RecordFailure";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    public static final String START_INSTANCES = "arn:aws:states:::aws-sdk:ec2:startInstances";
    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

    /** The error a worker reports for a failure worth retrying (docs/design.md, "Worker errors"). */
    public static final String WORKER_TRANSIENT = "Worker.Transient";
    /**
     * The only error name an {@code aws-sdk:ec2} task reports. EC2's API model declares no error shapes, so the
     * SDK behind the integration raises its service-wide {@code Ec2Exception} for every EC2 error code and Step
     * Functions names it {@code Ec2.Ec2Exception}; the code (IncorrectInstanceState, InsufficientInstanceCapacity,
     * RequestLimitExceeded, ...) is only in {@code Cause}. Names such as {@code Ec2.IncorrectInstanceStateException}
     * never match anything.
     */
    public static final String EC2_SERVICE_ERROR = "Ec2.Ec2Exception";
    /** The transient Lambda service errors AWS recommends retrying on every lambda:invoke task. */
    public static final List<String> LAMBDA_TRANSIENT = List.of("Lambda.ServiceException",
        "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException");

    private IngestWorkflow() {
    }

    /**
     * What the definition is built from. Numbers are already validated by the component.
     *
     * @param executionTimeoutSeconds the whole execution's limit; null = no limit (STANDARD: one year)
     */
    public record Settings(String activityArn, List<String> workerInstanceIds, String statusFunctionArn,
                           int taskTimeoutSeconds, int heartbeatSeconds, int maxWorkerRestarts,
                           int transientRetryAttempts, int transientRetryIntervalSeconds,
                           int transientRetryMaxDelaySeconds, Integer executionTimeoutSeconds) {
        public Settings {
            workerInstanceIds = List.copyOf(workerInstanceIds);
        }
    }

    public static StateMachineDefinition definition(Settings s) {
        return StateMachineDefinition.builder(PREPARE)
            .comment("Ingest pipeline: start the worker(s), run the batch task on the activity, record failures")
            .timeoutSeconds(s.executionTimeoutSeconds())
            .state(PREPARE, new State.Pass(
                "Keep the execution input intact under $.file and start the restart counter",
                Payload.of().path("file", "$").value("restarts", 0), null, START_WORKERS))
            .state(START_WORKERS, startWorkers(s))
            .state(RUN_BATCH_TASK, runBatchTask(s))
            .state(CHECK_RESTARTS, new State.Choice(
                "The worker went silent (stopped, crashed, or stopping when the task arrived): start it again, "
                    + "at most " + s.maxWorkerRestarts() + " times",
                List.of(new ChoiceRule("$.restarts", "NumericLessThan", s.maxWorkerRestarts(), COUNT_RESTART)),
                RESTARTS_EXHAUSTED))
            .state(COUNT_RESTART, new State.Pass(null,
                Payload.of().path("file", "$.file").intrinsic("restarts", "States.MathAdd($.restarts, 1)"),
                null, START_WORKERS))
            .state(RESTARTS_EXHAUSTED, new State.Pass(
                "A timeout's Cause may be empty: give the failure record a message that says what happened",
                Payload.of().path("file", "$.file").path("restarts", "$.restarts")
                    .object("error", Payload.of().path("Error", "$.error.Error")
                        .value("Cause", "no result from the worker after " + s.maxWorkerRestarts()
                            + " restart(s)")),
                null, RECORD_FAILURE))
            .state(RECORD_FAILURE, recordFailure(s))
            .state(SUCCEEDED, new State.Succeed(null))
            .state(FAILED, new State.Fail("The file's row is marked failed (unless recording failed too)",
                null, null, "$.error.Error", "$.error.Cause"))
            .build();
    }

    /**
     * The longest an execution can run before it reaches Succeeded or Failed on its own: every worker start
     * (maxWorkerRestarts + 1) waits out StartWorkers' retries, then every attempt of the task (transient retries + 1)
     * runs to taskTimeoutSeconds with the retry delays between them, and RecordFailure waits out its retries. An
     * execution timeout below this stops executions that would still have recorded their outcome: a timed-out
     * execution never runs RecordFailure.
     */
    public static long worstCaseSeconds(int taskTimeoutSeconds, int maxWorkerRestarts, int transientRetryAttempts,
                                        int transientRetryIntervalSeconds, int transientRetryMaxDelaySeconds) {
        long perStart = START_WORKERS_RETRY.maxTotalWaitSeconds()
            + (long) (transientRetryAttempts + 1) * taskTimeoutSeconds
            + transientRetry(transientRetryIntervalSeconds, transientRetryAttempts, transientRetryMaxDelaySeconds)
                .maxTotalWaitSeconds();
        long recordFailure = RECORD_FAILURE_RETRIES.stream().mapToLong(Retrier::maxTotalWaitSeconds).sum();
        return (maxWorkerRestarts + 1L) * perStart + recordFailure;
    }

    // Retry cannot look at Cause, so one budget covers the codes worth waiting for (still stopping, no capacity,
    // throttled): at most ~15 minutes of waits. A code that never heals (e.g. UnauthorizedOperation) spends that
    // budget before RecordFailure: the price of not failing a file just because its worker was still stopping.
    private static final Retrier START_WORKERS_RETRY = Retrier.backoff(List.of(EC2_SERVICE_ERROR), 15, 10, 1.5)
        .withJitter(120);
    private static final List<Retrier> RECORD_FAILURE_RETRIES = List.of(
        Retrier.backoff(LAMBDA_TRANSIENT, 2, 6, 2.0).withJitter(60),
        // recordFailure is an idempotent update, so a function error (e.g. the database briefly
        // unreachable) is worth a few more tries before the row is left as it was.
        Retrier.backoff(List.of("States.ALL"), 5, 3, 2.0).withJitter(60));

    private static Retrier transientRetry(int intervalSeconds, int attempts, int maxDelaySeconds) {
        return Retrier.backoff(List.of(WORKER_TRANSIENT), intervalSeconds, attempts, 2.0).withJitter(maxDelaySeconds);
    }

    private static State.Task startWorkers(Settings s) {
        return State.task(START_INSTANCES)
            .comment("Idempotent: starting a running instance is a no-op. A worker that is still stopping "
                + "(it powered itself off when idle) cannot be started until it is stopped, so retry.")
            .parameters(Payload.of().value("InstanceIds", s.workerInstanceIds()))
            .resultPath(State.ResultPath.DISCARD)
            .retry(START_WORKERS_RETRY)
            .katch(List.of("States.ALL"), "$.error", RECORD_FAILURE)
            .next(RUN_BATCH_TASK);
    }

    private static State.Task runBatchTask(Settings s) {
        return State.task(s.activityArn())
            .comment("A worker polling the activity takes the task, heartbeats while it works, and reports "
                + "success or Worker.Transient / Worker.Permanent")
            .inputPath("$.file")
            .timeoutSeconds(s.taskTimeoutSeconds())
            .heartbeatSeconds(s.heartbeatSeconds())
            .retry(transientRetry(s.transientRetryIntervalSeconds(), s.transientRetryAttempts(),
                s.transientRetryMaxDelaySeconds()))
            .katch(List.of("States.HeartbeatTimeout", "States.Timeout"), "$.error", CHECK_RESTARTS)
            .katch(List.of("States.ALL"), "$.error", RECORD_FAILURE)
            .next(SUCCEEDED);
    }

    private static State.Task recordFailure(Settings s) {
        return State.task(LAMBDA_INVOKE)
            .comment("Mark the file failed in the database through the status function")
            .parameters(Payload.of()
                .value("FunctionName", s.statusFunctionArn())
                .object("Payload", Payload.of()
                    .value("action", "recordFailure")
                    .path("fileId", "$.file.fileId")
                    .path("error", "$.error.Error")
                    .path("cause", "$.error.Cause")))
            .resultPath(State.ResultPath.DISCARD)
            .retry(RECORD_FAILURE_RETRIES.get(0))
            .retry(RECORD_FAILURE_RETRIES.get(1))
            .katch(List.of("States.ALL"), "$.recordFailureError", FAILED)
            .next(FAILED);
    }
}
