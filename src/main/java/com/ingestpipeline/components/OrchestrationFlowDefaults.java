package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.StateMachineMonitoring;
import com.ingestpipeline.components.internal.Ranges;
import com.ingestpipeline.components.internal.DatabaseClient;
import com.ingestpipeline.components.internal.NetworkPlacement;
import com.ingestpipeline.components.internal.asl.IngestWorkflow;

import java.util.ArrayList;
import java.util.List;

/**
 * The workflow's defaults in one place, and the validation of {@link OrchestrationFlowArgs}: every problem is
 * collected and reported in one exception naming each field.
 */
final class OrchestrationFlowDefaults {
    static final String STATUS_HANDLER = "com.ingestpipeline.functions.ingest.StatusHandler::handleRequest";
    static final int STATUS_MEMORY_MB = 512;
    static final int STATUS_TIMEOUT_SECONDS = 30;
    /** One hour covers a large file on a small instance; heartbeats, not this, catch a dead worker early. */
    static final int TASK_TIMEOUT_SECONDS = 3600;
    /** The worker heartbeats every minute or so (HEARTBEAT_INTERVAL_SECONDS); five missed beats means it is gone. */
    static final int HEARTBEAT_SECONDS = 300;
    static final int MAX_WORKER_RESTARTS = 3;
    static final int MAX_RESTARTS_LIMIT = 10;
    static final int TRANSIENT_RETRY_ATTEMPTS = 3;
    static final int TRANSIENT_RETRY_INTERVAL_SECONDS = 30;
    static final int TRANSIENT_RETRY_MAX_DELAY_SECONDS = 600;
    /** The least an unset execution timeout becomes; above it, the retry budget plus the margin. */
    static final int EXECUTION_TIMEOUT_SECONDS = 86_400;
    static final int EXECUTION_TIMEOUT_MARGIN_SECONDS = 3_600;
    /** Step Functions' own ceiling for a STANDARD execution and for a task's TimeoutSeconds: one year. */
    static final int MAX_SECONDS = 31_536_000;

    private OrchestrationFlowDefaults() {
    }

    /** The database connection, numbers and switches after defaults; the other wiring stays on the Args. */
    record Settings(DatabaseClient database, int statusMemoryMb, int statusTimeoutSeconds,
                    int taskTimeoutSeconds, int heartbeatSeconds, int maxWorkerRestarts, int transientRetryAttempts,
                    int transientRetryIntervalSeconds, int transientRetryMaxDelaySeconds,
                    int executionTimeoutSeconds, StateMachineMonitoring.Observability observability) {
        static Builder builder() {
            return new Builder();
        }
    }

    /** Names every field, so two swapped settings of one type cannot compile into the wrong place. */
    static final class Builder {
        private DatabaseClient database;
        private int statusMemoryMb;
        private int statusTimeoutSeconds;
        private int taskTimeoutSeconds;
        private int heartbeatSeconds;
        private int maxWorkerRestarts;
        private int transientRetryAttempts;
        private int transientRetryIntervalSeconds;
        private int transientRetryMaxDelaySeconds;
        private int executionTimeoutSeconds;
        private StateMachineMonitoring.Observability observability;

        Builder database(DatabaseClient v) { database = v; return this; }
        Builder statusMemoryMb(int v) { statusMemoryMb = v; return this; }
        Builder statusTimeoutSeconds(int v) { statusTimeoutSeconds = v; return this; }
        Builder taskTimeoutSeconds(int v) { taskTimeoutSeconds = v; return this; }
        Builder heartbeatSeconds(int v) { heartbeatSeconds = v; return this; }
        Builder maxWorkerRestarts(int v) { maxWorkerRestarts = v; return this; }
        Builder transientRetryAttempts(int v) { transientRetryAttempts = v; return this; }
        Builder transientRetryIntervalSeconds(int v) { transientRetryIntervalSeconds = v; return this; }
        Builder transientRetryMaxDelaySeconds(int v) { transientRetryMaxDelaySeconds = v; return this; }
        Builder executionTimeoutSeconds(int v) { executionTimeoutSeconds = v; return this; }
        Builder observability(StateMachineMonitoring.Observability v) { observability = v; return this; }

        Settings build() {
            return new Settings(database, statusMemoryMb, statusTimeoutSeconds, taskTimeoutSeconds, heartbeatSeconds,
                maxWorkerRestarts, transientRetryAttempts, transientRetryIntervalSeconds,
                transientRetryMaxDelaySeconds, executionTimeoutSeconds, observability);
        }
    }

    static Settings resolve(OrchestrationFlowArgs args) {
        if (args == null) {
            throw new IllegalArgumentException("OrchestrationFlowArgs: args are required (activityArn, "
                + "workerInstanceIds, network.vpcId, network.subnetIds, database.host, database.name, "
                + "database.secretArn)");
        }
        List<String> problems = new ArrayList<>();
        required(args.activityArn() != null, "activityArn", problems);
        required(args.workerInstanceIds() != null, "workerInstanceIds", problems);
        problems.addAll(NetworkPlacement.problems(args.network()));
        List<String> databaseProblems = DatabaseClient.problems(args.database());
        problems.addAll(databaseProblems);
        Builder settings = Settings.builder()
            .database(databaseProblems.isEmpty() ? DatabaseClient.of(args.database()) : null)
            .statusMemoryMb(args.statusFunctionMemoryMb().orElse(STATUS_MEMORY_MB))
            .statusTimeoutSeconds(args.statusFunctionTimeoutSeconds().orElse(STATUS_TIMEOUT_SECONDS))
            .taskTimeoutSeconds(args.taskTimeoutSeconds().orElse(TASK_TIMEOUT_SECONDS))
            .heartbeatSeconds(args.heartbeatSeconds().orElse(HEARTBEAT_SECONDS))
            .maxWorkerRestarts(args.maxWorkerRestarts().orElse(MAX_WORKER_RESTARTS))
            .transientRetryAttempts(args.transientRetryAttempts().orElse(TRANSIENT_RETRY_ATTEMPTS))
            .transientRetryIntervalSeconds(args.transientRetryIntervalSeconds().orElse(TRANSIENT_RETRY_INTERVAL_SECONDS))
            .transientRetryMaxDelaySeconds(args.transientRetryMaxDelaySeconds().orElse(TRANSIENT_RETRY_MAX_DELAY_SECONDS))
            .executionTimeoutSeconds(args.executionTimeoutSeconds().orElse(0))
            .observability(WorkflowObservabilityDefaults.resolve(args.observability(), args.logRetentionDays(), problems));
        var s = settings.build();

        Ranges.within(problems, "statusFunctionMemoryMb", s.statusMemoryMb(), 128, 10240);
        Ranges.within(problems, "statusFunctionTimeoutSeconds", s.statusTimeoutSeconds(), 1, 900);
        Ranges.within(problems, "taskTimeoutSeconds", s.taskTimeoutSeconds(), 1, MAX_SECONDS);
        Ranges.within(problems, "heartbeatSeconds", s.heartbeatSeconds(), 1, MAX_SECONDS);
        if (s.heartbeatSeconds() >= s.taskTimeoutSeconds()) {
            problems.add("heartbeatSeconds must be below taskTimeoutSeconds (got " + s.heartbeatSeconds()
                + " >= " + s.taskTimeoutSeconds() + ")");
        }
        Ranges.within(problems, "maxWorkerRestarts", s.maxWorkerRestarts(), 0, MAX_RESTARTS_LIMIT);
        Ranges.within(problems, "transientRetryAttempts", s.transientRetryAttempts(), 0, 10);
        Ranges.within(problems, "transientRetryIntervalSeconds", s.transientRetryIntervalSeconds(), 1, 86_400);
        Ranges.within(problems, "transientRetryMaxDelaySeconds", s.transientRetryMaxDelaySeconds(), 1, 86_400);
        if (s.transientRetryMaxDelaySeconds() < s.transientRetryIntervalSeconds()) {
            problems.add("transientRetryMaxDelaySeconds must be at least transientRetryIntervalSeconds (got "
                + s.transientRetryMaxDelaySeconds() + " < " + s.transientRetryIntervalSeconds() + ")");
        }
        boolean budgetKnown = problems.isEmpty();
        long budget = budgetKnown ? IngestWorkflow.worstCaseSeconds(s.taskTimeoutSeconds(), s.maxWorkerRestarts(),
            s.transientRetryAttempts(), s.transientRetryIntervalSeconds(), s.transientRetryMaxDelaySeconds()) : 0;
        if (args.executionTimeoutSeconds().isEmpty()) {
            // Unset: the retry budget plus a margin, so only a stuck execution ever times out.
            s = settings.executionTimeoutSeconds((int) Math.min(MAX_SECONDS, Math.max(EXECUTION_TIMEOUT_SECONDS,
                budget + EXECUTION_TIMEOUT_MARGIN_SECONDS))).build();
        }
        Ranges.within(problems, "executionTimeoutSeconds", s.executionTimeoutSeconds(), 1, MAX_SECONDS);
        if (s.executionTimeoutSeconds() <= s.taskTimeoutSeconds()) {
            problems.add("executionTimeoutSeconds must be above taskTimeoutSeconds (got "
                + s.executionTimeoutSeconds() + " <= " + s.taskTimeoutSeconds() + ")");
        } else if (budgetKnown && s.executionTimeoutSeconds() < budget) {
            problems.add("executionTimeoutSeconds (" + s.executionTimeoutSeconds() + ") is below the retry budget of "
                + budget + " s: (maxWorkerRestarts " + s.maxWorkerRestarts() + " + 1) x ((transientRetryAttempts "
                + s.transientRetryAttempts() + " + 1) x taskTimeoutSeconds " + s.taskTimeoutSeconds()
                + " + retry waits) + RecordFailure's retries; a timed-out execution never records its failure."
                + " Raise executionTimeoutSeconds, leave it unset, or lower those keys");
        }
        if (args.tags().stream().anyMatch(t -> t.key().startsWith("aws:"))) {
            problems.add("tags must not use the reserved aws: prefix");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("OrchestrationFlowArgs: " + String.join("; ", problems));
        }
        return s;
    }

    private static void required(boolean present, String field, List<String> problems) {
        if (!present) {
            problems.add(field + " is required");
        }
    }

}
