package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.Ranges;
import com.ingestpipeline.components.internal.LogRetention;
import com.ingestpipeline.components.internal.BundledArtifacts;
import com.ingestpipeline.components.internal.DatabaseClient;
import com.ingestpipeline.components.internal.NetworkPlacement;
import com.ingestpipeline.components.internal.SecureBucket;
import com.pulumi.asset.Archive;
import com.pulumi.core.Output;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The secure defaults of {@link IngestPipeline} and the validation of its Args, in one place. User settings
 * apply on top of the defaults; wiring (environment, notification target, policies) is set by the component.
 */
final class IngestPipelineDefaults {
    static final String HANDLER = "com.ingestpipeline.functions.ingest.IngestHandler::handleRequest";
    static final String RUNTIME = "java21";
    static final String INPUT_PREFIX = "incoming/";
    static final String RESULTS_PREFIX = "results/";
    static final int MEMORY_MB = 1024;
    static final int TIMEOUT_SECONDS = 60;
    static final int LOG_RETENTION_DAYS = 30;
    static final int MAX_OBJECT_MEGABYTES = 5120;
    static final int MAX_RETRY_ATTEMPTS = 2;
    static final int MAX_EVENT_AGE_SECONDS = 3600;
    /** SQS's maximum: a failed event waits two weeks for someone to look at it. */
    static final int FAILURE_QUEUE_RETENTION_SECONDS = 1_209_600;
    static final String LOG_LEVEL = "INFO";
    /** JIT tier 1 only: measurably faster cold starts for short-lived Lambda JVMs (AWS Lambda Java docs). */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final Set<String> LOG_LEVELS = Set.of("DEBUG", "INFO", "WARN", "ERROR");

    private IngestPipelineDefaults() {
    }

    /** Everything the component builds from, defaults filled in. {@code bucket} is null for an existing bucket. */
    record Settings(Output<String> existingBucketName, SecureBucket.Options bucket, Output<String> kmsKeyArn,
                    String inputPrefix, String resultsPrefix, List<String> filterSuffixes,
                    Archive code, String handler, String runtime, int memoryMb, int timeoutSeconds, boolean snapStart,
                    Integer reservedConcurrency, int logRetentionDays, String logLevel, long maxObjectBytes,
                    int maxRetryAttempts, int maxEventAgeSeconds, int failureQueueRetentionSeconds,
                    int errorAlarmThreshold, DatabaseClient database) {
    }

    /** Validates every field, reporting all problems in one exception, then fills in the defaults. */
    static Settings resolve(IngestPipelineArgs args) {
        if (args == null) {
            throw new IllegalArgumentException("IngestPipelineArgs: args are required (stateMachineArn, "
                + "network.vpcId, network.subnetIds, database.host, database.name, database.secretArn)");
        }
        List<String> problems = new ArrayList<>();
        requireWiring(args, problems);
        if (args.existingBucketName() != null && args.bucket() != null) {
            problems.add("existingBucketName and bucket are mutually exclusive (use an existing bucket or settings for a new one)");
        }
        String input = or(args.inputPrefix(), INPUT_PREFIX);
        String results = or(args.resultsPrefix(), RESULTS_PREFIX);
        checkPrefix("inputPrefix", input, problems);
        checkPrefix("resultsPrefix", results, problems);
        if (!input.isEmpty() && !results.isEmpty() && (input.startsWith(results) || results.startsWith(input))) {
            // Overlapping prefixes would let the worker's own output trigger the function again: an endless loop.
            problems.add("inputPrefix and resultsPrefix must not overlap, neither may start with the other (got '"
                + input + "' and '" + results + "')");
        }
        List<String> suffixes = args.filterSuffixes() == null ? List.of() : args.filterSuffixes();
        Set<String> seen = new HashSet<>();
        for (String suffix : suffixes) {
            if (suffix == null || suffix.isEmpty()) {
                problems.add("filterSuffixes must not contain empty values");
            } else if (!seen.add(suffix)) {
                problems.add("filterSuffixes contains '" + suffix + "' twice");
            }
        }
        int memory = range("memoryMb", args.memoryMb(), MEMORY_MB, 128, 10240, problems);
        int timeout = range("timeoutSeconds", args.timeoutSeconds(), TIMEOUT_SECONDS, 1, 900, problems);
        if (args.reservedConcurrency() != null) {
            range("reservedConcurrency", args.reservedConcurrency(), 0, 1, 1000, problems);
        }
        int retention = or(args.logRetentionDays(), LOG_RETENTION_DAYS);
        LogRetention.problem(retention).ifPresent(p -> problems.add("logRetentionDays " + p));
        String level = or(args.logLevel(), LOG_LEVEL);
        if (!LOG_LEVELS.contains(level)) {
            problems.add("logLevel must be one of DEBUG, INFO, WARN, ERROR (got " + level + ")");
        }
        int maxMb = range("maxObjectMegabytes", args.maxObjectMegabytes(), MAX_OBJECT_MEGABYTES, 1, 5_242_880, problems);
        int retries = range("maxRetryAttempts", args.maxRetryAttempts(), MAX_RETRY_ATTEMPTS, 0, 2, problems);
        int eventAge = range("maxEventAgeSeconds", args.maxEventAgeSeconds(), MAX_EVENT_AGE_SECONDS, 60, 21600, problems);
        int queueRetention = range("failureQueueRetentionSeconds", args.failureQueueRetentionSeconds(),
            FAILURE_QUEUE_RETENTION_SECONDS, 60, 1_209_600, problems);
        int errorThreshold = range("errorAlarmThreshold", args.errorAlarmThreshold(), 1, 1, 100_000, problems);
        IngestBucketArgs bucketArgs = args.bucket();
        if (bucketArgs != null && bucketArgs.noncurrentVersionExpirationDays() != null) {
            range("bucket.noncurrentVersionExpirationDays", bucketArgs.noncurrentVersionExpirationDays(), 30, 1, 36500, problems);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("IngestPipelineArgs: " + String.join("; ", problems));
        }

        SecureBucket.Options bucket = null;
        Output<String> kmsKeyArn = null;
        if (args.existingBucketName() == null) {
            bucket = SecureBucket.Options.defaults();
            if (bucketArgs != null) {
                bucket.bucketName(bucketArgs.bucketName())
                    .kmsKeyArn(bucketArgs.kmsKeyArn())
                    .accessLogBucketName(bucketArgs.accessLogBucketName())
                    .forceDestroy(Boolean.TRUE.equals(bucketArgs.forceDestroy()));
                if (bucketArgs.noncurrentVersionExpirationDays() != null) {
                    bucket.noncurrentVersionExpirationDays(bucketArgs.noncurrentVersionExpirationDays());
                }
                kmsKeyArn = bucketArgs.kmsKeyArn();
            }
        }
        // The bundled jar is read only when the caller brings no code, so a custom-code user needs no functions/ build.
        Archive code = args.code() != null ? args.code() : BundledArtifacts.ingestFunction().archive();
        return new Settings(args.existingBucketName(), bucket, kmsKeyArn, input, results, List.copyOf(suffixes), code,
            or(args.handler(), HANDLER), or(args.runtime(), RUNTIME), memory, timeout, or(args.snapStart(), true),
            args.reservedConcurrency(), retention, level, maxMb * 1024L * 1024L, retries, eventAge, queueRetention,
            errorThreshold, DatabaseClient.of(args.database()));
    }

    private static void requireWiring(IngestPipelineArgs args, List<String> problems) {
        if (args.stateMachineArn() == null) {
            problems.add("stateMachineArn is required");
        }
        problems.addAll(NetworkPlacement.problems(args.network()));
        problems.addAll(DatabaseClient.problems(args.database()));
        if (args.handler() != null && args.handler().isBlank()) {
            problems.add("handler must not be blank");
        }
        if (args.runtime() != null && args.runtime().isBlank()) {
            problems.add("runtime must not be blank");
        }
        String runtime = or(args.runtime(), RUNTIME);
        if (or(args.snapStart(), true) && !(runtime.startsWith("java") || runtime.startsWith("python")
            || runtime.startsWith("dotnet"))) {
            problems.add("snapStart needs a Java, Python or .NET runtime (got " + runtime + "); set snapStart to false");
        }
    }

    private static void checkPrefix(String field, String prefix, List<String> problems) {
        if (prefix.isEmpty()) {
            // An empty prefix matches every key, results included.
            problems.add(field + " must not be empty");
        } else if (prefix.startsWith("/")) {
            problems.add(field + " must not start with '/' (S3 keys have no leading slash; got '" + prefix + "')");
        } else if (!prefix.endsWith("/")) {
            problems.add(field + " must end with '/' (got '" + prefix + "')");
        }
    }

    private static int range(String field, Integer value, int fallback, int min, int max, List<String> problems) {
        return Ranges.within(problems, field, value, fallback, min, max);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
