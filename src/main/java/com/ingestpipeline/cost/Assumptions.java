package com.ingestpipeline.cost;

/**
 * The workload behind the per-GB figures. Defaults describe the dev sample: 100 MB CSV files,
 * parsed and profiled by the worker at 25 MB/s (a conservative figure for one Graviton vCPU with
 * gzip output), results about a third of the input.
 *
 * @param workerMbPerSecond  worker throughput per instance
 * @param averageFileMb      one S3 object, one Lambda invocation, one execution per file
 * @param lambdaSecondsPerFile billed duration of the ingest function per file
 * @param transitionsPerFile Step Functions state transitions of a successful execution
 * @param putsPerFile        S3 PUTs: the upload and the result objects
 * @param getsPerFile        S3 GETs: the worker's download
 * @param outputRatio        result bytes per input byte, stored for a month beside the input
 * @param logMbPerFile       CloudWatch Logs written per file (function + workflow + worker)
 * @param workerAlwaysOn     true when the worker never stops (its hours count at idle)
 */
public record Assumptions(double workerMbPerSecond, double averageFileMb, double lambdaSecondsPerFile,
                          int transitionsPerFile, int putsPerFile, int getsPerFile, double outputRatio,
                          double logMbPerFile, boolean workerAlwaysOn) {
    public static final double HOURS_PER_MONTH = 730;

    public static Assumptions defaults() {
        return new Assumptions(25, 100, 2.0, 6, 3, 1, 0.35, 0.05, false);
    }

    public Assumptions withWorkerAlwaysOn(boolean alwaysOn) {
        return new Assumptions(workerMbPerSecond, averageFileMb, lambdaSecondsPerFile, transitionsPerFile,
            putsPerFile, getsPerFile, outputRatio, logMbPerFile, alwaysOn);
    }

    /** Files per GB processed. */
    public double filesPerGb() {
        return 1024 / averageFileMb;
    }
}
