package com.ingestpipeline.components;

import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.Optional;

/**
 * How a Step Functions workflow (OrchestrationFlow, BackfillFlow) logs and traces its executions: one nested type,
 * so both workflows take, default and check these settings the same way. The log group's retention is
 * {@code logRetentionDays} on the component, like every other component's.
 */
public final class WorkflowObservabilityArgs extends ResourceArgs {
    /** State machine log level: ALL, ERROR, FATAL or OFF. Default: ALL. */
    @Import(name = "logLevel")
    private String logLevel;

    /** Include execution input/output in the logs. Default: true. */
    @Import(name = "includeExecutionData")
    private Boolean includeExecutionData;

    /** X-Ray tracing of executions. Default: true. */
    @Import(name = "tracingEnabled")
    private Boolean tracingEnabled;

    private WorkflowObservabilityArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> logLevel() { return Optional.ofNullable(logLevel); }
    public Optional<Boolean> includeExecutionData() { return Optional.ofNullable(includeExecutionData); }
    public Optional<Boolean> tracingEnabled() { return Optional.ofNullable(tracingEnabled); }

    /** Hand-written builder; unset fields stay null and take the default. */
    public static final class Builder {
        private final WorkflowObservabilityArgs args = new WorkflowObservabilityArgs();

        public Builder logLevel(String v) { args.logLevel = v; return this; }
        public Builder includeExecutionData(Boolean v) { args.includeExecutionData = v; return this; }
        public Builder tracingEnabled(Boolean v) { args.tracingEnabled = v; return this; }

        public WorkflowObservabilityArgs build() {
            WorkflowObservabilityArgs out = new WorkflowObservabilityArgs();
            out.logLevel = args.logLevel;
            out.includeExecutionData = args.includeExecutionData;
            out.tracingEnabled = args.tracingEnabled;
            return out;
        }
    }
}
