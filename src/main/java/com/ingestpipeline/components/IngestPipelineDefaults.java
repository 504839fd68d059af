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
 * apply on top of the defaults; wiring (environment, notification target, policies) is set by the component. The
 * delivery rule lives in {@link NotificationDelivery}, which the stack settings reader shares.
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
    /**
     * EventBridge's own default and maximum retries of a delivery to the function (throttling, a missing permission);
     * {@code maxEventAgeSeconds} bounds them in time. Retries of a failed invocation are Lambda's (maxRetryAttempts).
     */
    static final int EVENTBRIDGE_RETRY_ATTEMPTS = 185;
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
                    String delivery, boolean ownsNotificationConfiguration, String inputPrefix, String resultsPrefix,
                    List<String> filterSuffixes,
                    Archive code, String handler, String runtime, int memoryMb, int timeoutSeconds, boolean snapStart,
                    Integer reservedConcurrency, int logRetentionDays, String logLevel, long maxObjectBytes,
                    int maxRetryAttempts, int maxEventAgeSeconds, int failureQueueRetentionSeconds,
                    int errorAlarmThreshold, DatabaseClient database) {
        static Builder builder() {
            return new Builder();
        }
    }

    /** Names every field, so two swapped settings of one type cannot compile into the wrong place. */
    static final class Builder {
        private Output<String> existingBucketName;
        private SecureBucket.Options bucket;
        private Output<String> kmsKeyArn;
        private String delivery;
        private boolean ownsNotificationConfiguration;
        private String inputPrefix;
        private String resultsPrefix;
        private List<String> filterSuffixes;
        private Archive code;
        private String handler;
        private String runtime;
        private int memoryMb;
        private int timeoutSeconds;
        private boolean snapStart;
        private Integer reservedConcurrency;
        private int logRetentionDays;
        private String logLevel;
        private long maxObjectBytes;
        private int maxRetryAttempts;
        private int maxEventAgeSeconds;
        private int failureQueueRetentionSeconds;
        private int errorAlarmThreshold;
        private DatabaseClient database;

        Builder existingBucketName(Output<String> v) { existingBucketName = v; return this; }
        Builder bucket(SecureBucket.Options v) { bucket = v; return this; }
        Builder kmsKeyArn(Output<String> v) { kmsKeyArn = v; return this; }
        Builder delivery(String v) { delivery = v; return this; }
        Builder ownsNotificationConfiguration(boolean v) { ownsNotificationConfiguration = v; return this; }
        Builder inputPrefix(String v) { inputPrefix = v; return this; }
        Builder resultsPrefix(String v) { resultsPrefix = v; return this; }
        Builder filterSuffixes(List<String> v) { filterSuffixes = v; return this; }
        Builder code(Archive v) { code = v; return this; }
        Builder handler(String v) { handler = v; return this; }
        Builder runtime(String v) { runtime = v; return this; }
        Builder memoryMb(int v) { memoryMb = v; return this; }
        Builder timeoutSeconds(int v) { timeoutSeconds = v; return this; }
        Builder snapStart(boolean v) { snapStart = v; return this; }
        Builder reservedConcurrency(Integer v) { reservedConcurrency = v; return this; }
        Builder logRetentionDays(int v) { logRetentionDays = v; return this; }
        Builder logLevel(String v) { logLevel = v; return this; }
        Builder maxObjectBytes(long v) { maxObjectBytes = v; return this; }
        Builder maxRetryAttempts(int v) { maxRetryAttempts = v; return this; }
        Builder maxEventAgeSeconds(int v) { maxEventAgeSeconds = v; return this; }
        Builder failureQueueRetentionSeconds(int v) { failureQueueRetentionSeconds = v; return this; }
        Builder errorAlarmThreshold(int v) { errorAlarmThreshold = v; return this; }
        Builder database(DatabaseClient v) { database = v; return this; }

        Settings build() {
            return new Settings(existingBucketName, bucket, kmsKeyArn, delivery, ownsNotificationConfiguration, inputPrefix, resultsPrefix, filterSuffixes, code, handler,
                runtime, memoryMb, timeoutSeconds, snapStart, reservedConcurrency, logRetentionDays, logLevel,
                maxObjectBytes, maxRetryAttempts, maxEventAgeSeconds, failureQueueRetentionSeconds,
                errorAlarmThreshold, database);
        }
    }

    /** Validates every field, reporting all problems in one exception, then fills in the defaults. */
    static Settings resolve(IngestPipelineArgs args) {
        if (args == null) {
            throw new IllegalArgumentException("IngestPipelineArgs: args are required (stateMachineArn, "
                + "network.vpcId, network.subnetIds, database.host, database.name, database.secretArn)");
        }
        List<String> problems = new ArrayList<>();
        requireWiring(args, problems);
        if (args.existingBucketName().isPresent() && args.bucket().isPresent()) {
            problems.add("existingBucketName and bucket are mutually exclusive (use an existing bucket or settings for a new one)");
        }
        boolean existingBucket = args.existingBucketName().isPresent();
        String delivery = args.notificationDelivery().orElse(null);
        Boolean ownNotifications = args.ownBucketNotifications().orElse(null);
        NotificationDelivery.problems(existingBucket, delivery, ownNotifications)
            .forEach(p -> problems.add(p.field() + " " + p.message()));
        String input = args.inputPrefix().orElse(INPUT_PREFIX);
        String results = args.resultsPrefix().orElse(RESULTS_PREFIX);
        checkPrefix("inputPrefix", input, problems);
        checkPrefix("resultsPrefix", results, problems);
        if (!input.isEmpty() && !results.isEmpty() && (input.startsWith(results) || results.startsWith(input))) {
            // Overlapping prefixes would let the worker's own output trigger the function again: an endless loop.
            problems.add("inputPrefix and resultsPrefix must not overlap, neither may start with the other (got '"
                + input + "' and '" + results + "')");
        }
        List<String> suffixes = args.filterSuffixes();
        Set<String> seen = new HashSet<>();
        for (String suffix : suffixes) {
            if (suffix == null || suffix.isEmpty()) {
                problems.add("filterSuffixes must not contain empty values");
            } else if (!seen.add(suffix)) {
                problems.add("filterSuffixes contains '" + suffix + "' twice");
            }
        }
        int memory = Ranges.within(problems, "memoryMb", args.memoryMb().orElse(null), MEMORY_MB, 128, 10240);
        int timeout = Ranges.within(problems, "timeoutSeconds",
            args.timeoutSeconds().orElse(null), TIMEOUT_SECONDS, 1, 900);
        if (args.reservedConcurrency().isPresent()) {
            Ranges.within(problems, "reservedConcurrency", args.reservedConcurrency().get(), 0, 1, 1000);
        }
        int retention = args.logRetentionDays().orElse(LOG_RETENTION_DAYS);
        LogRetention.problem(retention).ifPresent(p -> problems.add("logRetentionDays " + p));
        String level = args.logLevel().orElse(LOG_LEVEL);
        if (!LOG_LEVELS.contains(level)) {
            problems.add("logLevel must be one of DEBUG, INFO, WARN, ERROR (got " + level + ")");
        }
        int maxMb = Ranges.within(problems, "maxObjectMegabytes",
            args.maxObjectMegabytes().orElse(null), MAX_OBJECT_MEGABYTES, 1, 5_242_880);
        int retries = Ranges.within(problems, "maxRetryAttempts",
            args.maxRetryAttempts().orElse(null), MAX_RETRY_ATTEMPTS, 0, 2);
        int eventAge = Ranges.within(problems, "maxEventAgeSeconds",
            args.maxEventAgeSeconds().orElse(null), MAX_EVENT_AGE_SECONDS, 60, 21600);
        int queueRetention = Ranges.within(problems, "failureQueueRetentionSeconds",
            args.failureQueueRetentionSeconds().orElse(null),
            FAILURE_QUEUE_RETENTION_SECONDS, 60, 1_209_600);
        int errorThreshold = Ranges.within(problems, "errorAlarmThreshold",
            args.errorAlarmThreshold().orElse(null), 1, 1, 100_000);
        IngestBucketArgs bucketArgs = args.bucket().orElse(null);
        if (bucketArgs != null && bucketArgs.noncurrentVersionExpirationDays().isPresent()) {
            Ranges.within(problems, "bucket.noncurrentVersionExpirationDays",
                bucketArgs.noncurrentVersionExpirationDays().get(), 30, 1, 36500);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("IngestPipelineArgs: " + String.join("; ", problems));
        }

        SecureBucket.Options bucket = null;
        Output<String> kmsKeyArn = null;
        if (args.existingBucketName().isEmpty()) {
            bucket = SecureBucket.Options.defaults();
            if (bucketArgs != null) {
                bucket.bucketName(bucketArgs.bucketName().orElse(null))
                    .kmsKeyArn(bucketArgs.kmsKeyArn().orElse(null))
                    .accessLogBucketName(bucketArgs.accessLogBucketName().orElse(null))
                    .forceDestroy(bucketArgs.forceDestroy().orElse(false));
                bucketArgs.noncurrentVersionExpirationDays().ifPresent(bucket::noncurrentVersionExpirationDays);
                kmsKeyArn = bucketArgs.kmsKeyArn().orElse(null);
            }
        }
        // The bundled jar is read only when the caller brings no code, so a custom-code user needs no functions/ build.
        Archive code = args.code().orElseGet(() -> BundledArtifacts.ingestFunction().archive());
        return Settings.builder()
            .existingBucketName(args.existingBucketName().orElse(null))
            .bucket(bucket)
            .kmsKeyArn(kmsKeyArn)
            .delivery(NotificationDelivery.resolve(existingBucket, delivery))
            .ownsNotificationConfiguration(NotificationDelivery.ownsNotificationConfiguration(existingBucket, ownNotifications))
            .inputPrefix(input)
            .resultsPrefix(results)
            .filterSuffixes(List.copyOf(suffixes))
            .code(code)
            .handler(args.handler().orElse(HANDLER))
            .runtime(args.runtime().orElse(RUNTIME))
            .memoryMb(memory)
            .timeoutSeconds(timeout)
            .snapStart(args.snapStart().orElse(true))
            .reservedConcurrency(args.reservedConcurrency().orElse(null))
            .logRetentionDays(retention)
            .logLevel(level)
            .maxObjectBytes(maxMb * 1024L * 1024L)
            .maxRetryAttempts(retries)
            .maxEventAgeSeconds(eventAge)
            .failureQueueRetentionSeconds(queueRetention)
            .errorAlarmThreshold(errorThreshold)
            .database(DatabaseClient.of(args.database()))
            .build();
    }

    private static void requireWiring(IngestPipelineArgs args, List<String> problems) {
        if (args.stateMachineArn() == null) {
            problems.add("stateMachineArn is required");
        }
        problems.addAll(NetworkPlacement.problems(args.network()));
        problems.addAll(DatabaseClient.problems(args.database()));
        if (args.handler().filter(String::isBlank).isPresent()) {
            problems.add("handler must not be blank");
        }
        if (args.runtime().filter(String::isBlank).isPresent()) {
            problems.add("runtime must not be blank");
        }
        String runtime = args.runtime().orElse(RUNTIME);
        if (args.snapStart().orElse(true) && !(runtime.startsWith("java") || runtime.startsWith("python")
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

}
