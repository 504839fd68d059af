package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.LogRetention;
import com.ingestpipeline.components.internal.StateMachineMonitoring.Observability;

import java.util.List;
import java.util.Optional;

/** The defaults and checks of {@link WorkflowObservabilityArgs}, for every workflow component. */
final class WorkflowObservabilityDefaults {
    static final String LOG_LEVEL = "ALL";
    static final List<String> LOG_LEVELS = List.of("ALL", "ERROR", "FATAL", "OFF");
    /** Security Hub CloudWatch.16: log groups keep data at least a year. */
    static final int LOG_RETENTION_DAYS = 365;

    private WorkflowObservabilityDefaults() {
    }

    /** The settings after defaults; each problem goes to {@code problems} under its field name. */
    static Observability resolve(Optional<WorkflowObservabilityArgs> args, Optional<Integer> logRetentionDays,
                                 List<String> problems) {
        String level = args.flatMap(WorkflowObservabilityArgs::logLevel).orElse(LOG_LEVEL);
        if (!LOG_LEVELS.contains(level)) {
            problems.add("observability.logLevel must be one of " + LOG_LEVELS + " (got " + level + ")");
        }
        int retention = logRetentionDays.orElse(LOG_RETENTION_DAYS);
        LogRetention.problem(retention).ifPresent(p -> problems.add("logRetentionDays " + p));
        return new Observability(level, args.flatMap(WorkflowObservabilityArgs::includeExecutionData).orElse(true),
            args.flatMap(WorkflowObservabilityArgs::tracingEnabled).orElse(true), retention);
    }
}
