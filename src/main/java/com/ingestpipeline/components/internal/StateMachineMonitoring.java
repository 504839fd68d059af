package com.ingestpipeline.components.internal;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.sfn.StateMachine;
import com.pulumi.aws.sfn.StateMachineArgs;
import com.pulumi.aws.sfn.inputs.StateMachineEncryptionConfigurationArgs;
import com.pulumi.aws.sfn.inputs.StateMachineLoggingConfigurationArgs;
import com.pulumi.aws.sfn.inputs.StateMachineTracingConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every Step Functions workflow the stack owns (the per-file workflow and the backfill) shares, built one way:
 * the role's trust, the state machine itself with a vended-logs log group, logging and tracing, and alarms on failed
 * and timed-out executions.
 */
public final class StateMachineMonitoring {
    private StateMachineMonitoring() {
    }

    /** Logging and tracing of one state machine, as its component resolved them. */
    public record Observability(String logLevel, boolean includeExecutionData, boolean tracingEnabled,
                                int logRetentionDays) {
        /** Whether the role needs log delivery grants. */
        public boolean logging() {
            return !"OFF".equals(logLevel);
        }
    }

    /**
     * The role {@code <component>-role}, assumable only by Step Functions for this account's state machine
     * {@code <component>-sm-*} (the confused-deputy guard of the Step Functions IAM docs).
     */
    public static Role role(String component, Resource parent, String description, Output<AwsLocation> location,
                            Output<String> account, Map<String, String> tags) {
        return new Role(component + "-role", RoleArgs.builder()
            .description(description)
            .assumeRolePolicy(Output.tuple(location, account)
                .applyValue(t -> OrchestrationPolicies.trustPolicy(t.t1, t.t2, component + "-sm")))
            .tags(tags)
            .build(), CustomResourceOptions.builder().parent(parent).build());
    }

    /**
     * The STANDARD state machine {@code <component>-sm}, encrypted with an AWS owned key, logging into
     * {@code logGroup}. CreateStateMachine checks that the role may deliver logs, so {@code rolePolicy} must exist
     * first.
     */
    public static StateMachine stateMachine(String component, Resource parent, Role role, Output<String> definition,
                                            Observability o, LogGroup logGroup, Resource rolePolicy,
                                            Map<String, String> tags) {
        return new StateMachine(component + "-sm", StateMachineArgs.builder()
            .type("STANDARD")
            .roleArn(role.arn())
            .definition(definition)
            .loggingConfiguration(logging(o.logLevel(), o.includeExecutionData(), logGroup))
            .tracingConfiguration(tracing(o.tracingEnabled()))
            .encryptionConfiguration(StateMachineEncryptionConfigurationArgs.builder().type("AWS_OWNED_KEY").build())
            .tags(tags)
            .build(), CustomResourceOptions.builder().parent(parent).dependsOn(List.of(rolePolicy, logGroup)).build());
    }

    /** The log group {@code <component>-logs}, a child of {@code parent}. */
    public static LogGroup logGroup(String component, Resource parent, int retentionDays, Map<String, String> tags) {
        return new LogGroup(component + "-logs", LogGroupArgs.builder()
            // Step Functions writes through CloudWatch vended logs; the /aws/vendedlogs/ prefix keeps the
            // account's log resource policy from growing with every log group (Step Functions logging docs).
            .namePrefix("/aws/vendedlogs/states/" + component + "-")
            .retentionInDays(retentionDays)
            .tags(tags)
            .build(), CustomResourceOptions.builder().parent(parent).build());
    }

    /** Logging at {@code level} (ALL, ERROR, FATAL or OFF) into {@code logGroup}. */
    private static StateMachineLoggingConfigurationArgs logging(String level, boolean includeExecutionData,
                                                               LogGroup logGroup) {
        var config = StateMachineLoggingConfigurationArgs.builder().level(level);
        if (!"OFF".equals(level)) {
            config.includeExecutionData(includeExecutionData)
                // Step Functions requires the log group ARN with the ":*" stream suffix.
                .logDestination(logGroup.arn().applyValue(arn -> arn + ":*"));
        }
        return config.build();
    }

    private static StateMachineTracingConfigurationArgs tracing(boolean enabled) {
        return StateMachineTracingConfigurationArgs.builder().enabled(enabled).build();
    }

    /** Alarms on ExecutionsFailed and ExecutionsTimedOut, named {@code <prefix>-failed-alarm} and so on. */
    public static void alarms(String prefix, Resource parent, StateMachine stateMachine, String failedMeaning,
                              String timedOutMeaning, Optional<Output<List<String>>> actions,
                              Map<String, String> tags) {
        alarm(prefix + "-failed-alarm", "ExecutionsFailed", failedMeaning, parent, stateMachine, actions, tags);
        alarm(prefix + "-timed-out-alarm", "ExecutionsTimedOut", timedOutMeaning, parent, stateMachine, actions, tags);
    }

    private static void alarm(String alarmName, String metric, String meaning, Resource parent,
                              StateMachine stateMachine, Optional<Output<List<String>>> actions,
                              Map<String, String> tags) {
        var alarm = MetricAlarmArgs.builder()
            .alarmDescription("Step Functions " + metric + " > 0: " + meaning)
            .namespace("AWS/States")
            .metricName(metric)
            .dimensions(stateMachine.arn().applyValue(arn -> Map.of("StateMachineArn", arn)))
            .statistic("Sum")
            .period(300)
            .evaluationPeriods(1)
            .threshold(0.0)
            .comparisonOperator("GreaterThanThreshold")
            // No executions means no datapoints, which is healthy, not "insufficient data".
            .treatMissingData("notBreaching")
            .tags(tags);
        actions.ifPresent(alarm::alarmActions);
        new MetricAlarm(alarmName, alarm.build(), CustomResourceOptions.builder().parent(parent).build());
    }
}
