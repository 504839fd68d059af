package com.ingestpipeline.functions.worker;

import com.ingestpipeline.functions.common.config.Env;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker's settings, from {@code /etc/ingest-worker/worker.env} (docs/design.md, "Worker
 * environment file").
 *
 * @param activityArn       {@code ACTIVITY_ARN}
 * @param workerName        {@code WORKER_NAME} (instance id), sent with GetActivityTask
 * @param workDir           {@code WORK_DIR} on the EBS volume; the worker owns everything in it
 * @param concurrency       {@code WORKER_CONCURRENCY}: tasks run at once
 * @param idleShutdown      {@code IDLE_SHUTDOWN_SECONDS}; zero = always-on, never powers off
 * @param heartbeatInterval {@code HEARTBEAT_INTERVAL_SECONDS}; below the state machine's HeartbeatSeconds
 * @param shutdownGrace     how long SIGTERM waits for running tasks before failing them (transient)
 * @param sqlJobFile        {@code SQL_JOB_FILE}: the stack's SQL job, installed by the user data; when set,
 *                          it is the job a task without a {@code job} field runs. Null when the stack has none.
 */
public record WorkerSettings(String activityArn, String workerName, Path workDir, int concurrency,
                             Duration idleShutdown, Duration heartbeatInterval, Duration shutdownGrace,
                             Path sqlJobFile) {

    /** Settings without a SQL job. */
    public WorkerSettings(String activityArn, String workerName, Path workDir, int concurrency,
                          Duration idleShutdown, Duration heartbeatInterval, Duration shutdownGrace) {
        this(activityArn, workerName, workDir, concurrency, idleShutdown, heartbeatInterval, shutdownGrace, null);
    }

    /** Below systemd's default TimeoutStopSec (90 s), so a stop never escalates to SIGKILL mid-report. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(75);

    /** These settings with {@code file} as the stack's SQL job. */
    public WorkerSettings withSqlJobFile(Path file) {
        return new WorkerSettings(activityArn, workerName, workDir, concurrency, idleShutdown, heartbeatInterval,
                shutdownGrace, file);
    }

    public static WorkerSettings fromEnv(Env env) {
        String arn = env.required("ACTIVITY_ARN");
        if (!arn.isEmpty() && !arn.startsWith("arn:")) {
            env.problem("ACTIVITY_ARN must be an activity ARN (got '" + arn + "')");
        }
        String workDir = env.required("WORK_DIR");
        if (!workDir.isEmpty() && !Path.of(workDir).isAbsolute()) {
            env.problem("WORK_DIR must be an absolute path (got '" + workDir + "')");
        }
        long concurrency = env.requiredLong("WORKER_CONCURRENCY", 1, 64);
        long idle = env.requiredLong("IDLE_SHUTDOWN_SECONDS", 0, 86_400);
        long heartbeat = env.requiredLong("HEARTBEAT_INTERVAL_SECONDS", 1, 3_600);
        String name = env.optional("WORKER_NAME", hostName());
        String sqlJob = env.optional("SQL_JOB_FILE", "");
        if (!sqlJob.isEmpty() && !Path.of(sqlJob).isAbsolute()) {
            env.problem("SQL_JOB_FILE must be an absolute path (got '" + sqlJob + "')");
        }
        env.check("worker configuration");
        return new WorkerSettings(arn, name, Path.of(workDir), (int) concurrency, Duration.ofSeconds(idle),
                Duration.ofSeconds(heartbeat), DEFAULT_SHUTDOWN_GRACE, sqlJob.isEmpty() ? null : Path.of(sqlJob));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "batch-worker";
        }
    }
}
