package com.ingestpipeline.functions.ingest;

import java.time.Duration;

/**
 * One burst run: how many S3 events arrive at once, how many execution environments Lambda may run for them (the
 * function's reserved concurrency), the database server's {@code max_connections} and the ceiling the run's peak must
 * stay under, an optional RDS Proxy model, and at most one fault.
 *
 * @param events            objects uploaded at once, one S3 event each
 * @param environments      concurrent execution environments (reserved concurrency), each one handler instance
 * @param maxConnections    PostgreSQL {@code max_connections} of the modelled instance class
 * @param bound             the peak of the function's database connections must be at most this
 * @param proxyPool         0: no proxy, each environment holds its own connection; otherwise the RDS Proxy's pool:
 *                          environments share this many database connections
 * @param fault             the fault injected once {@code faultAfter} of the events were handled
 * @param faultAfter        share of events handled before the fault starts (0..1)
 * @param timeScale         1.0 runs Lambda's retry waits and the fault durations in real time; less shrinks them
 * @param maxRetryAttempts  Lambda's async retries (the stack's default is 2, the maximum)
 * @param slowDownShare     share of S3 calls answered 503 SlowDown in the {@link Fault#S3_SLOWDOWN} run
 * @param dbDowntime        how long PostgreSQL stays down in the {@link Fault#DB_RESTART} run (before scaling)
 */
record BurstSettings(int events, int environments, int maxConnections, int bound, int proxyPool, Fault fault,
                     double faultAfter, double timeScale, int maxRetryAttempts, double slowDownShare,
                     Duration dbDowntime) {

    /** The faults of the issue, one per run. */
    enum Fault {
        NONE("none"),
        DB_RESTART("db-restart"),
        SFN_THROTTLE("sfn-throttle"),
        S3_SLOWDOWN("s3-slowdown"),
        ENV_KILL("env-kill");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    /** AWS's regional throttling event in the issue: every StartExecution refused for 30 s. */
    static final Duration SFN_THROTTLE_WINDOW = Duration.ofSeconds(30);

    BurstSettings {
        if (events < 1 || environments < 1 || maxConnections < 1 || bound < 1 || proxyPool < 0) {
            throw new IllegalArgumentException("events, environments, maxConnections and bound must be >= 1, proxyPool >= 0");
        }
        if (faultAfter < 0 || faultAfter > 1 || timeScale <= 0 || slowDownShare < 0 || slowDownShare > 1) {
            throw new IllegalArgumentException("faultAfter and slowDownShare must be 0..1, timeScale > 0");
        }
    }

    BurstSettings withFault(Fault f) {
        return new BurstSettings(events, environments, maxConnections, bound, proxyPool, f, faultAfter, timeScale,
                maxRetryAttempts, slowDownShare, dbDowntime);
    }

    BurstSettings withProxyPool(int pool, int newBound) {
        return new BurstSettings(events, environments, maxConnections, newBound, pool, fault, faultAfter, timeScale,
                maxRetryAttempts, slowDownShare, dbDowntime);
    }

    Duration scaled(Duration d) {
        return Duration.ofNanos((long) (d.toNanos() * timeScale));
    }

    /** The label of the summary line: {@code burst}, {@code burst[fault=db-restart]}, {@code burst[proxy=20]}. */
    String label() {
        StringBuilder tags = new StringBuilder();
        if (fault != Fault.NONE) {
            tags.append("fault=").append(fault.label);
        }
        if (proxyPool > 0) {
            tags.append(tags.isEmpty() ? "" : ",").append("proxy=").append(proxyPool);
        }
        return tags.isEmpty() ? "burst" : "burst[" + tags + "]";
    }
}
