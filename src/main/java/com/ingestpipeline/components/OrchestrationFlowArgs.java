package com.ingestpipeline.components;

import com.pulumi.asset.Archive;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.List;
import java.util.Optional;

/**
 * Settings for {@link OrchestrationFlow}: the worker fleet and activity it drives (from BatchComputeNode), the
 * network and database the status function uses, and the workflow's timeouts and retries. Unset fields take
 * the defaults in {@code OrchestrationFlowDefaults}.
 */
public final class OrchestrationFlowArgs extends ResourceArgs {
    /** ARN of the Step Functions activity the workers poll. Required. */
    @Import(name = "activityArn", required = true)
    private Output<String> activityArn;

    /** Ids of the worker instances the workflow starts. Required, at least one. */
    @Import(name = "workerInstanceIds", required = true)
    private Output<List<String>> workerInstanceIds;

    /**
     * ARNs of the same instances, for the role's ec2:StartInstances scope.
     * Default: built from the ids, the partition, region and account.
     */
    @Import(name = "workerInstanceArns")
    private Output<List<String>> workerInstanceArns;

    /**
     * Customer managed KMS key of the workers' EBS volumes (BatchComputeNode's data volume key): the state machine
     * role gets kms:CreateGrant on it, which EC2 needs to start an instance with such volumes. Default: none
     * (volumes use the AWS managed EBS key, which needs no grant).
     */
    @Import(name = "workerVolumeKmsKeyArn")
    private Output<String> workerVolumeKmsKeyArn;

    /** Where the status function runs (Network's placement()): VPC and private subnets. Default: none (required). */
    @Import(name = "network", required = true)
    private NetworkPlacementArgs network;

    /**
     * The database the status function records failures in (Database's connection()): its DB_* environment, a
     * read grant on exactly the secret, kms:Decrypt on the secret's key when given, and a port ingress rule on
     * the database's security group when given. sslMode: verify-full, verify-ca or require. Default: none (required).
     */
    @Import(name = "database", required = true)
    private DatabaseConnectionArgs database;

    /** Code of the status function. Default: the ingest-function.jar bundled in this library. */
    @Import(name = "statusFunctionCode")
    private Archive statusFunctionCode;

    /** Status function memory in MB, 128..10240. Default: 512. */
    @Import(name = "statusFunctionMemoryMb")
    private Integer statusFunctionMemoryMb;

    /** Status function timeout in seconds, 1..900. Default: 30. */
    @Import(name = "statusFunctionTimeoutSeconds")
    private Integer statusFunctionTimeoutSeconds;

    /** How long one batch task may run (the activity task's TimeoutSeconds). Default: 3600. */
    @Import(name = "taskTimeoutSeconds")
    private Integer taskTimeoutSeconds;

    /**
     * How long the workflow waits for a worker heartbeat before it restarts the worker; must be below
     * taskTimeoutSeconds and above the worker's HEARTBEAT_INTERVAL_SECONDS. Default: 300.
     */
    @Import(name = "heartbeatSeconds")
    private Integer heartbeatSeconds;

    /** How many times one execution restarts a silent worker before it records a failure, 0..10. Default: 3. */
    @Import(name = "maxWorkerRestarts")
    private Integer maxWorkerRestarts;

    /** Retries of a task the worker failed with Worker.Transient, 0..10. Default: 3. */
    @Import(name = "transientRetryAttempts")
    private Integer transientRetryAttempts;

    /** First delay before a Worker.Transient retry, in seconds (doubles each time, full jitter). Default: 30. */
    @Import(name = "transientRetryIntervalSeconds")
    private Integer transientRetryIntervalSeconds;

    /** Cap on the Worker.Transient retry delay, in seconds; at least the interval. Default: 600. */
    @Import(name = "transientRetryMaxDelaySeconds")
    private Integer transientRetryMaxDelaySeconds;

    /** Limit on one whole execution, in seconds; above taskTimeoutSeconds. Default: 86400 (one day). */
    @Import(name = "executionTimeoutSeconds")
    private Integer executionTimeoutSeconds;

    /** Logging and tracing of the executions ({@link WorkflowObservabilityArgs}). Default: ALL, with execution data, traced. */
    @Import(name = "observability")
    private WorkflowObservabilityArgs observability;

    /** Retention of the state machine's and the status function's log groups (a CloudWatch value). Default: 365. */
    @Import(name = "logRetentionDays")
    private Integer logRetentionDays;

    /** Actions (e.g. SNS topic ARNs) of the failed/timed-out execution alarms. Default: none. */
    @Import(name = "alarmActionArns")
    private Output<List<String>> alarmActionArns;

    /** Tags for every taggable child (plus {@code ingestpipeline:component}). Default: none. */
    @Import(name = "tags")
    private List<TagArgs> tags;

    private OrchestrationFlowArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Null only when not set (the component refuses that). */
    public Output<String> activityArn() { return activityArn; }
    /** Null only when not set (the component refuses that). */
    public Output<List<String>> workerInstanceIds() { return workerInstanceIds; }
    public Optional<Output<List<String>>> workerInstanceArns() { return Optional.ofNullable(workerInstanceArns); }
    public Optional<Output<String>> workerVolumeKmsKeyArn() { return Optional.ofNullable(workerVolumeKmsKeyArn); }
    /** Null only when not set (the component refuses that). */
    public NetworkPlacementArgs network() { return network; }
    /** Null only when not set (the component refuses that). */
    public DatabaseConnectionArgs database() { return database; }
    public Optional<Archive> statusFunctionCode() { return Optional.ofNullable(statusFunctionCode); }
    public Optional<Integer> statusFunctionMemoryMb() { return Optional.ofNullable(statusFunctionMemoryMb); }
    public Optional<Integer> statusFunctionTimeoutSeconds() { return Optional.ofNullable(statusFunctionTimeoutSeconds); }
    public Optional<Integer> taskTimeoutSeconds() { return Optional.ofNullable(taskTimeoutSeconds); }
    public Optional<Integer> heartbeatSeconds() { return Optional.ofNullable(heartbeatSeconds); }
    public Optional<Integer> maxWorkerRestarts() { return Optional.ofNullable(maxWorkerRestarts); }
    public Optional<Integer> transientRetryAttempts() { return Optional.ofNullable(transientRetryAttempts); }
    public Optional<Integer> transientRetryIntervalSeconds() { return Optional.ofNullable(transientRetryIntervalSeconds); }
    public Optional<Integer> transientRetryMaxDelaySeconds() { return Optional.ofNullable(transientRetryMaxDelaySeconds); }
    public Optional<Integer> executionTimeoutSeconds() { return Optional.ofNullable(executionTimeoutSeconds); }
    public Optional<WorkflowObservabilityArgs> observability() { return Optional.ofNullable(observability); }
    public Optional<Integer> logRetentionDays() { return Optional.ofNullable(logRetentionDays); }
    public Optional<Output<List<String>>> alarmActionArns() { return Optional.ofNullable(alarmActionArns); }

    public List<TagArgs> tags() {
        return tags == null ? List.of() : tags;
    }

    /** Hand-written builder; unset fields stay null and mean "use the default". */
    public static final class Builder {
        private final OrchestrationFlowArgs args = new OrchestrationFlowArgs();

        public Builder activityArn(Output<String> v) { args.activityArn = v; return this; }
        public Builder activityArn(String v) { return activityArn(Output.of(v)); }
        public Builder workerInstanceIds(Output<List<String>> v) { args.workerInstanceIds = v; return this; }
        public Builder workerInstanceIds(List<String> v) { return workerInstanceIds(Output.of(List.copyOf(v))); }
        public Builder workerInstanceArns(Output<List<String>> v) { args.workerInstanceArns = v; return this; }
        public Builder workerInstanceArns(List<String> v) { return workerInstanceArns(Output.of(List.copyOf(v))); }
        public Builder workerVolumeKmsKeyArn(Output<String> v) { args.workerVolumeKmsKeyArn = v; return this; }
        public Builder workerVolumeKmsKeyArn(String v) { return workerVolumeKmsKeyArn(Output.of(v)); }
        public Builder network(NetworkPlacementArgs v) { args.network = v; return this; }
        public Builder database(DatabaseConnectionArgs v) { args.database = v; return this; }
        public Builder statusFunctionCode(Archive v) { args.statusFunctionCode = v; return this; }
        public Builder statusFunctionMemoryMb(Integer v) { args.statusFunctionMemoryMb = v; return this; }
        public Builder statusFunctionTimeoutSeconds(Integer v) { args.statusFunctionTimeoutSeconds = v; return this; }
        public Builder taskTimeoutSeconds(Integer v) { args.taskTimeoutSeconds = v; return this; }
        public Builder heartbeatSeconds(Integer v) { args.heartbeatSeconds = v; return this; }
        public Builder maxWorkerRestarts(Integer v) { args.maxWorkerRestarts = v; return this; }
        public Builder transientRetryAttempts(Integer v) { args.transientRetryAttempts = v; return this; }
        public Builder transientRetryIntervalSeconds(Integer v) { args.transientRetryIntervalSeconds = v; return this; }
        public Builder transientRetryMaxDelaySeconds(Integer v) { args.transientRetryMaxDelaySeconds = v; return this; }
        public Builder executionTimeoutSeconds(Integer v) { args.executionTimeoutSeconds = v; return this; }
        public Builder observability(WorkflowObservabilityArgs v) { args.observability = v; return this; }
        public Builder logRetentionDays(Integer v) { args.logRetentionDays = v; return this; }
        public Builder alarmActionArns(Output<List<String>> v) { args.alarmActionArns = v; return this; }
        public Builder alarmActionArns(List<String> v) { return alarmActionArns(Output.of(List.copyOf(v))); }
        public Builder tags(List<TagArgs> v) { args.tags = v == null ? null : List.copyOf(v); return this; }

        public OrchestrationFlowArgs build() {
            return args;
        }
    }
}
