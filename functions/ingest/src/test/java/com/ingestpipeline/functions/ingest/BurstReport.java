package com.ingestpipeline.functions.ingest;

import java.util.Locale;

/**
 * What one burst run measured and the state it left: the figures people read in the table and scripts read in the
 * {@code bench burst...:} line.
 *
 * @param rows          {@code ingest_file} rows for the run's objects
 * @param executions    distinct workflow executions started
 * @param lost          objects with no row or no execution, and no event in the failure queue either
 * @param duplicates    executions beyond one per object, plus rows beyond one per object
 * @param stuck         rows left {@code received} without the execution that was started for them
 * @param failureQueue  events that exhausted Lambda's retries (the on-failure destination)
 * @param p50Ms         median handler time per invocation
 * @param p99Ms         99th percentile handler time per invocation
 * @param lambdaRetries invocations Lambda repeated after a failed one
 * @param sfnThrottles  StartExecution calls the quota refused (each retried by the SDK or by Lambda)
 * @param s3SlowDowns   S3 calls answered 503 SlowDown
 */
record BurstReport(BurstSettings settings, int rows, int executions, int lost, int duplicates, int stuck,
                   int failureQueue, int peakConnections, double seconds, double p50Ms, double p99Ms,
                   int lambdaRetries, long sfnThrottles, long s3SlowDowns, int environmentsStarted) {

    double eventsPerSecond() {
        return settings.events() / seconds;
    }

    /** The line scripts read; keys as the issue specifies them. */
    String summaryLine() {
        return String.format(Locale.ROOT, "bench %s: events=%d rows=%d executions=%d lost=%d duplicates=%d stuck=%d"
                        + " peak_connections=%d bound=%d events_per_s=%.0f p99_ms=%.0f",
                settings.label(), settings.events(), rows, executions, lost, duplicates, stuck, peakConnections,
                settings.bound(), eventsPerSecond(), p99Ms);
    }

    static String tableHeader() {
        return "| run | envs | proxy pool | max_connections | peak conns / bound | events/s | p50 ms | p99 ms | Lambda retries"
                + " | SFN throttles | S3 SlowDowns | rows | executions | lost | dups | stuck | failure queue | seconds |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String tableRow() {
        return String.format(Locale.ROOT, "| %s | %d | %s | %d | %d / %d | %.0f | %.1f | %.1f | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f |",
                settings.label(), settings.environments(), settings.proxyPool() == 0 ? "-" : settings.proxyPool(),
                settings.maxConnections(), peakConnections, settings.bound(), eventsPerSecond(), p50Ms, p99Ms,
                lambdaRetries, sfnThrottles, s3SlowDowns, rows, executions, lost, duplicates, stuck, failureQueue, seconds);
    }

    /** True when the run ended as the issue requires: everything recorded once and started once, within the bound. */
    boolean clean() {
        return rows == settings.events() && executions == settings.events() && lost == 0 && duplicates == 0
                && stuck == 0 && failureQueue == 0 && peakConnections <= settings.bound();
    }
}
