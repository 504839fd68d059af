package com.ingestpipeline.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.List;
import java.util.Optional;

/**
 * Settings for {@link BackfillFlow}: the bucket and prefixes of the pipeline it backfills (IngestPipeline's outputs),
 * the ingest function it hands batches to, and how wide it fans out. Unset fields take the defaults in
 * {@code BackfillFlowDefaults}.
 */
public final class BackfillFlowArgs extends ResourceArgs {
    /** Name of the pipeline's bucket (IngestPipeline's bucketName). Default: none (required). */
    @Import(name = "bucketName", required = true)
    private Output<String> bucketName;

    /**
     * The bucket's customer managed KMS key: the role may encrypt the manifest with it. Default: none (SSE-S3 or the
     * AWS managed key, which need no grant).
     */
    @Import(name = "bucketKmsKeyArn")
    private Output<String> bucketKmsKeyArn;

    /** The pipeline's input prefix: a backfill lists nothing outside it. Default: none (required; "" = whole bucket). */
    @Import(name = "inputPrefix", required = true)
    private String inputPrefix;

    /**
     * The pipeline's results prefix: the manifest goes under {@code <resultsPrefix>backfill/}, which the ingest
     * function never ingests. Default: none (required, non-empty).
     */
    @Import(name = "resultsPrefix", required = true)
    private String resultsPrefix;

    /** ARN the ingest function is invoked by (IngestPipeline's aliasArn). Default: none (required). */
    @Import(name = "ingestFunctionArn", required = true)
    private Output<String> ingestFunctionArn;

    /**
     * Child executions (batches) running at once, 1..10000. Each is one invocation of the ingest function, so it runs
     * in one of that function's execution environments (and its one database connection): keep it at most the
     * function's reserved concurrency (the stack checks it, {@link DatabaseConnections}). Default: 10.
     */
    @Import(name = "maxConcurrency")
    private Integer maxConcurrency;

    /** Share of failed batches, 0..100, above which the run fails. Default: 5. */
    @Import(name = "toleratedFailurePercentage")
    private Integer toleratedFailurePercentage;

    /** Objects per batch (one ingest function invocation), 1..1000. Default: 100. */
    @Import(name = "itemsPerBatch")
    private Integer itemsPerBatch;

    /** Limit on one backfill execution, in seconds (60..31536000). Default: 86400 (one day). */
    @Import(name = "executionTimeoutSeconds")
    private Integer executionTimeoutSeconds;

    /** Logging and tracing of the executions ({@link WorkflowObservabilityArgs}). Default: ALL, with execution data, traced. */
    @Import(name = "observability")
    private WorkflowObservabilityArgs observability;

    /** Retention of the log group (a CloudWatch value). Default: 365. */
    @Import(name = "logRetentionDays")
    private Integer logRetentionDays;

    /** Actions (e.g. SNS topic ARNs) of the failed/timed-out execution alarms. Default: none. */
    @Import(name = "alarmActionArns")
    private Output<List<String>> alarmActionArns;

    /** Tags for every taggable child (plus {@code ingestpipeline:component}). Default: none. */
    @Import(name = "tags")
    private List<TagArgs> tags;

    private BackfillFlowArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Output<String>> bucketName() { return Optional.ofNullable(bucketName); }
    public Optional<Output<String>> bucketKmsKeyArn() { return Optional.ofNullable(bucketKmsKeyArn); }
    public Optional<String> inputPrefix() { return Optional.ofNullable(inputPrefix); }
    public Optional<String> resultsPrefix() { return Optional.ofNullable(resultsPrefix); }
    public Optional<Output<String>> ingestFunctionArn() { return Optional.ofNullable(ingestFunctionArn); }
    public Optional<Integer> maxConcurrency() { return Optional.ofNullable(maxConcurrency); }
    public Optional<Integer> toleratedFailurePercentage() { return Optional.ofNullable(toleratedFailurePercentage); }
    public Optional<Integer> itemsPerBatch() { return Optional.ofNullable(itemsPerBatch); }
    public Optional<Integer> executionTimeoutSeconds() { return Optional.ofNullable(executionTimeoutSeconds); }
    public Optional<WorkflowObservabilityArgs> observability() { return Optional.ofNullable(observability); }
    public Optional<Integer> logRetentionDays() { return Optional.ofNullable(logRetentionDays); }
    public Optional<Output<List<String>>> alarmActionArns() { return Optional.ofNullable(alarmActionArns); }

    public List<TagArgs> tags() {
        return tags == null ? List.of() : tags;
    }

    /** Hand-written builder; unset fields stay null and mean "use the default". */
    public static final class Builder {
        private final BackfillFlowArgs args = new BackfillFlowArgs();

        public Builder bucketName(Output<String> v) { args.bucketName = v; return this; }
        public Builder bucketName(String v) { return bucketName(Output.of(v)); }
        public Builder bucketKmsKeyArn(Output<String> v) { args.bucketKmsKeyArn = v; return this; }
        public Builder bucketKmsKeyArn(String v) { return bucketKmsKeyArn(Output.of(v)); }
        public Builder inputPrefix(String v) { args.inputPrefix = v; return this; }
        public Builder resultsPrefix(String v) { args.resultsPrefix = v; return this; }
        public Builder ingestFunctionArn(Output<String> v) { args.ingestFunctionArn = v; return this; }
        public Builder ingestFunctionArn(String v) { return ingestFunctionArn(Output.of(v)); }
        public Builder maxConcurrency(Integer v) { args.maxConcurrency = v; return this; }
        public Builder toleratedFailurePercentage(Integer v) { args.toleratedFailurePercentage = v; return this; }
        public Builder itemsPerBatch(Integer v) { args.itemsPerBatch = v; return this; }
        public Builder executionTimeoutSeconds(Integer v) { args.executionTimeoutSeconds = v; return this; }
        public Builder observability(WorkflowObservabilityArgs v) { args.observability = v; return this; }
        public Builder logRetentionDays(Integer v) { args.logRetentionDays = v; return this; }
        public Builder alarmActionArns(Output<List<String>> v) { args.alarmActionArns = v; return this; }
        public Builder alarmActionArns(List<String> v) { return alarmActionArns(Output.of(List.copyOf(v))); }
        public Builder tags(List<TagArgs> v) { args.tags = v == null ? null : List.copyOf(v); return this; }

        public BackfillFlowArgs build() {
            return args;
        }
    }
}
