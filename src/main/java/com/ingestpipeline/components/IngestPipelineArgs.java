package com.ingestpipeline.components;

import com.pulumi.asset.Archive;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.List;
import java.util.Optional;

/**
 * Settings for {@link IngestPipeline}. Wiring (state machine, network, database) is required; everything else
 * has a secure default in {@code IngestPipelineDefaults}. Unset fields (null) mean "use the default".
 * The bucket is either an existing one ({@code existingBucketName}) or settings for a new one
 * ({@code bucket}), never both.
 */
public final class IngestPipelineArgs extends ResourceArgs {
    /** Name of an existing bucket to use instead of creating one. Its notification configuration is left alone unless {@code ownBucketNotifications} is set (S3 keeps one per bucket); new objects then arrive through EventBridge. Mutually exclusive with {@code bucket}. Default: a new bucket. */
    @Import(name = "existingBucketName")
    private Output<String> existingBucketName;

    /** Settings of the bucket the component creates. Mutually exclusive with {@code existingBucketName}. Default: SSE-S3, versioned, private (see IngestBucketArgs). */
    @Import(name = "bucket")
    private IngestBucketArgs bucket;

    /** How new objects reach the function: {@code s3} (a BucketNotification invoking the alias) or {@code eventbridge} (a rule on the default event bus matching S3's Object Created events for the bucket, prefix and suffixes, targeting the alias, with the failure queue as its dead-letter queue). {@code s3} on an existing bucket needs {@code ownBucketNotifications}. Default: {@code s3} for a new bucket, {@code eventbridge} for {@code existingBucketName}. */
    @Import(name = "notificationDelivery")
    private String notificationDelivery;

    /** With {@code existingBucketName}: accept that the component writes, and owns, the bucket's whole notification configuration (with {@code s3} delivery its Lambda rules; with {@code eventbridge}, EventBridge turned on), replacing whatever other consumers configured. Only valid with {@code existingBucketName}. Default: false. */
    @Import(name = "ownBucketNotifications")
    private Boolean ownBucketNotifications;

    /** Key prefix whose new objects trigger the function; must end with {@code /} and neither contain nor be contained in {@code resultsPrefix}. Default: {@code incoming/}. */
    @Import(name = "inputPrefix")
    private String inputPrefix;

    /** Key prefix the worker writes results under; never matches the trigger filter. Default: {@code results/}. */
    @Import(name = "resultsPrefix")
    private String resultsPrefix;

    /** Only keys ending with one of these trigger the function (one notification rule, or one event pattern wildcard, each). Default: none (every key under {@code inputPrefix}). */
    @Import(name = "filterSuffixes")
    private List<String> filterSuffixes;

    /** ARN of the workflow the function starts per accepted object. Required. */
    @Import(name = "stateMachineArn", required = true)
    private Output<String> stateMachineArn;

    /** Where the function runs (Network's placement()): VPC and private subnets in 2+ zones. Default: none (required). */
    @Import(name = "network", required = true)
    private NetworkPlacementArgs network;

    /** The database the function records into (Database's connection()): DB_* environment, a read grant on exactly its secret, kms:Decrypt on the secret's key when given, and a port ingress rule on its security group when given. sslMode: verify-full, verify-ca or require. Default: none (required). */
    @Import(name = "database", required = true)
    private DatabaseConnectionArgs database;

    /** Name of the batch worker's IAM role: it gets s3:GetObject on the input prefix and s3:PutObject on the results prefix. Default: none (no grant). */
    @Import(name = "workerRoleName")
    private Output<String> workerRoleName;

    /** Function code. Default: the ingest-function.jar bundled in this library. */
    @Import(name = "code")
    private Archive code;

    /** Function handler. Default: {@code com.ingestpipeline.functions.ingest.IngestHandler::handleRequest}. */
    @Import(name = "handler")
    private String handler;

    /** Lambda runtime. Default: java21. */
    @Import(name = "runtime")
    private String runtime;

    /** Function memory, 128 to 10240 MB. Default: 1024. */
    @Import(name = "memoryMb")
    private Integer memoryMb;

    /** Function timeout, 1 to 900 s. Default: 60. */
    @Import(name = "timeoutSeconds")
    private Integer timeoutSeconds;

    /** SnapStart on published versions (the trigger targets the alias). Default: true. */
    @Import(name = "snapStart")
    private Boolean snapStart;

    /** Reserved concurrent executions (also caps database connections). Default: none. */
    @Import(name = "reservedConcurrency")
    private Integer reservedConcurrency;

    /** Retention of the function's log group (a CloudWatch Logs retention value). Default: 30. */
    @Import(name = "logRetentionDays")
    private Integer logRetentionDays;

    /** {@code POWERTOOLS_LOG_LEVEL}: DEBUG, INFO, WARN or ERROR. Default: INFO. */
    @Import(name = "logLevel")
    private String logLevel;

    /** Objects above this size are rejected ({@code MAX_OBJECT_BYTES}). Default: 5120. */
    @Import(name = "maxObjectMegabytes")
    private Integer maxObjectMegabytes;

    /** Lambda async retries, 0 to 2. Default: 2. */
    @Import(name = "maxRetryAttempts")
    private Integer maxRetryAttempts;

    /** Maximum age of an async event before it goes to the failure queue, 60 to 21600. Default: 3600. */
    @Import(name = "maxEventAgeSeconds")
    private Integer maxEventAgeSeconds;

    /** Retention of the failure queue, 60 to 1209600 s. Default: 1209600 (14 days). */
    @Import(name = "failureQueueRetentionSeconds")
    private Integer failureQueueRetentionSeconds;

    /** Actions (e.g. an SNS topic ARN) of the failure-queue and error alarms, as OrchestrationFlow's. Default: none (alarms without actions). */
    @Import(name = "alarmActionArns")
    private Output<List<String>> alarmActionArns;

    /** Function errors in 5 minutes that raise the error alarm (>= 1). Default: 1. */
    @Import(name = "errorAlarmThreshold")
    private Integer errorAlarmThreshold;

    /** Tags for every taggable child (plus {@code ingestpipeline:component}). Default: none. */
    @Import(name = "tags")
    private List<TagArgs> tags;

    private IngestPipelineArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Output<String>> existingBucketName() { return Optional.ofNullable(existingBucketName); }
    public Optional<IngestBucketArgs> bucket() { return Optional.ofNullable(bucket); }
    public Optional<String> notificationDelivery() { return Optional.ofNullable(notificationDelivery); }
    public Optional<Boolean> ownBucketNotifications() { return Optional.ofNullable(ownBucketNotifications); }
    public Optional<String> inputPrefix() { return Optional.ofNullable(inputPrefix); }
    public Optional<String> resultsPrefix() { return Optional.ofNullable(resultsPrefix); }
    public List<String> filterSuffixes() { return filterSuffixes == null ? List.of() : filterSuffixes; }
    /** Null only when not set (the component refuses that). */
    public Output<String> stateMachineArn() { return stateMachineArn; }
    /** Null only when not set (the component refuses that). */
    public NetworkPlacementArgs network() { return network; }
    /** Null only when not set (the component refuses that). */
    public DatabaseConnectionArgs database() { return database; }
    public Optional<Output<String>> workerRoleName() { return Optional.ofNullable(workerRoleName); }
    public Optional<Archive> code() { return Optional.ofNullable(code); }
    public Optional<String> handler() { return Optional.ofNullable(handler); }
    public Optional<String> runtime() { return Optional.ofNullable(runtime); }
    public Optional<Integer> memoryMb() { return Optional.ofNullable(memoryMb); }
    public Optional<Integer> timeoutSeconds() { return Optional.ofNullable(timeoutSeconds); }
    public Optional<Boolean> snapStart() { return Optional.ofNullable(snapStart); }
    public Optional<Integer> reservedConcurrency() { return Optional.ofNullable(reservedConcurrency); }
    public Optional<Integer> logRetentionDays() { return Optional.ofNullable(logRetentionDays); }
    public Optional<String> logLevel() { return Optional.ofNullable(logLevel); }
    public Optional<Integer> maxObjectMegabytes() { return Optional.ofNullable(maxObjectMegabytes); }
    public Optional<Integer> maxRetryAttempts() { return Optional.ofNullable(maxRetryAttempts); }
    public Optional<Integer> maxEventAgeSeconds() { return Optional.ofNullable(maxEventAgeSeconds); }
    public Optional<Integer> failureQueueRetentionSeconds() { return Optional.ofNullable(failureQueueRetentionSeconds); }
    public Optional<Output<List<String>>> alarmActionArns() { return Optional.ofNullable(alarmActionArns); }
    public Optional<Integer> errorAlarmThreshold() { return Optional.ofNullable(errorAlarmThreshold); }
    public List<TagArgs> tags() { return tags == null ? List.of() : tags; }

    /** Hand-written builder; unset fields stay null and take the default. */
    public static final class Builder {
        private final IngestPipelineArgs args = new IngestPipelineArgs();

        public Builder existingBucketName(Output<String> value) {
            args.existingBucketName = value;
            return this;
        }

        public Builder existingBucketName(String value) {
            return existingBucketName(Output.of(value));
        }

        public Builder bucket(IngestBucketArgs value) {
            args.bucket = value;
            return this;
        }

        public Builder notificationDelivery(String value) {
            args.notificationDelivery = value;
            return this;
        }

        public Builder ownBucketNotifications(Boolean value) {
            args.ownBucketNotifications = value;
            return this;
        }

        public Builder inputPrefix(String value) {
            args.inputPrefix = value;
            return this;
        }

        public Builder resultsPrefix(String value) {
            args.resultsPrefix = value;
            return this;
        }

        public Builder filterSuffixes(List<String> value) {
            args.filterSuffixes = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder filterSuffixes(String... values) {
            return filterSuffixes(List.of(values));
        }

        public Builder stateMachineArn(Output<String> value) {
            args.stateMachineArn = value;
            return this;
        }

        public Builder stateMachineArn(String value) {
            return stateMachineArn(Output.of(value));
        }

        public Builder network(NetworkPlacementArgs value) {
            args.network = value;
            return this;
        }

        public Builder database(DatabaseConnectionArgs value) {
            args.database = value;
            return this;
        }

        public Builder workerRoleName(Output<String> value) {
            args.workerRoleName = value;
            return this;
        }

        public Builder workerRoleName(String value) {
            return workerRoleName(Output.of(value));
        }

        public Builder code(Archive value) {
            args.code = value;
            return this;
        }

        public Builder handler(String value) {
            args.handler = value;
            return this;
        }

        public Builder runtime(String value) {
            args.runtime = value;
            return this;
        }

        public Builder memoryMb(Integer value) {
            args.memoryMb = value;
            return this;
        }

        public Builder timeoutSeconds(Integer value) {
            args.timeoutSeconds = value;
            return this;
        }

        public Builder snapStart(Boolean value) {
            args.snapStart = value;
            return this;
        }

        public Builder reservedConcurrency(Integer value) {
            args.reservedConcurrency = value;
            return this;
        }

        public Builder logRetentionDays(Integer value) {
            args.logRetentionDays = value;
            return this;
        }

        public Builder logLevel(String value) {
            args.logLevel = value;
            return this;
        }

        public Builder maxObjectMegabytes(Integer value) {
            args.maxObjectMegabytes = value;
            return this;
        }

        public Builder maxRetryAttempts(Integer value) {
            args.maxRetryAttempts = value;
            return this;
        }

        public Builder maxEventAgeSeconds(Integer value) {
            args.maxEventAgeSeconds = value;
            return this;
        }

        public Builder failureQueueRetentionSeconds(Integer value) {
            args.failureQueueRetentionSeconds = value;
            return this;
        }

        public Builder alarmActionArns(Output<List<String>> value) {
            args.alarmActionArns = value;
            return this;
        }

        public Builder alarmActionArns(List<String> value) {
            return alarmActionArns(Output.of(List.copyOf(value)));
        }

        public Builder errorAlarmThreshold(Integer value) {
            args.errorAlarmThreshold = value;
            return this;
        }

        public Builder tags(List<TagArgs> value) {
            args.tags = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder tags(TagArgs... values) {
            return tags(List.of(values));
        }

        public IngestPipelineArgs build() {
            return args;
        }
    }
}
