package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.AutoNames;
import com.ingestpipeline.components.internal.AwsLocation;
import com.ingestpipeline.components.internal.BundledArtifacts;
import com.ingestpipeline.components.internal.DatabaseClient;
import com.ingestpipeline.components.internal.OrchestrationPolicies;
import com.ingestpipeline.components.internal.PolicyDocument;
import com.ingestpipeline.components.internal.StateMachineMonitoring;
import com.ingestpipeline.components.internal.Tags;
import com.ingestpipeline.components.internal.VpcLambda;
import com.ingestpipeline.components.internal.asl.IngestWorkflow;
import com.ingestpipeline.components.internal.asl.StateMachineDefinition;
import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventRuleArgs;
import com.pulumi.aws.cloudwatch.EventTarget;
import com.pulumi.aws.cloudwatch.EventTargetArgs;
import com.pulumi.aws.cloudwatch.inputs.EventTargetRetryPolicyArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.Permission;
import com.pulumi.aws.lambda.PermissionArgs;
import com.pulumi.aws.sfn.StateMachine;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workflow that drives the batch workers: a STANDARD Step Functions state machine (built as data in
 * {@link IngestWorkflow}) that starts the worker instance(s), hands the file to them through the activity
 * they poll, restarts a worker that went silent a bounded number of times, and records failures through the
 * small status function it owns. Logs to its own log group, traces with X-Ray, and alarms on failed and
 * timed-out executions.
 */
public final class OrchestrationFlow extends ComponentResource {
    public static final String TYPE = "ingestpipeline:index:OrchestrationFlow";

    @Export(name = "stateMachineArn", refs = {String.class})
    public final Output<String> stateMachineArn;

    @Export(name = "stateMachineName", refs = {String.class})
    public final Output<String> stateMachineName;

    @Export(name = "activityArn", refs = {String.class})
    public final Output<String> activityArn;

    @Export(name = "roleArn", refs = {String.class})
    public final Output<String> roleArn;

    @Export(name = "statusFunctionName", refs = {String.class})
    public final Output<String> statusFunctionName;

    /** The ARN to invoke the status function by (its live alias). */
    @Export(name = "statusFunctionArn", refs = {String.class})
    public final Output<String> statusFunctionArn;

    @Export(name = "logGroupName", refs = {String.class})
    public final Output<String> logGroupName;

    /** The state machine definition (ASL JSON), for the offline plan and the end-to-end test. */
    @Export(name = "definition", refs = {String.class})
    public final Output<String> definition;

    public OrchestrationFlow(String name, OrchestrationFlowArgs args, ComponentResourceOptions opts) {
        // Validated before super(): bad args fail before anything, even the component itself, is registered.
        super(TYPE, name, validated(name, args), opts);
        OrchestrationFlowDefaults.Settings s = OrchestrationFlowDefaults.resolve(args);
        Map<String, String> tags = Tags.of(name, args.tags());
        CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();
        InvokeOptions invoke = InvokeOptions.builder().parent(this).build();

        Output<AwsLocation> location = AwsLocation.lookUp(invoke);
        Output<String> account = AwsLocation.account(invoke);

        var status = VpcLambda.create(name + "-status", statusSpec(args, s, tags, invoke), this);

        StateMachineMonitoring.Observability observability = s.observability();
        var logGroup = StateMachineMonitoring.logGroup(name, this, observability.logRetentionDays(), tags);
        var role = StateMachineMonitoring.role(name, this,
            "Step Functions role of " + name + ": start its workers, invoke its status function", location, account,
            tags);

        Output<List<String>> instanceArns = args.workerInstanceArns().orElseGet(() ->
            Output.tuple(location, account, args.workerInstanceIds())
                .applyValue(t -> OrchestrationPolicies.instanceArns(t.t1, t.t2, t.t3)));
        Output<String> volumeKey = args.workerVolumeKmsKeyArn().orElseGet(() -> Output.ofNullable(null));
        var policy = new RolePolicy(name + "-policy", RolePolicyArgs.builder()
            .role(role.id())
            .policy(Output.tuple(instanceArns, status.aliasArn(), volumeKey, location).applyValue(t -> {
                List<PolicyDocument.Statement> statements = new ArrayList<>(OrchestrationPolicies.roleStatements(t.t1,
                    t.t2, observability.logging(), observability.tracingEnabled()));
                if (t.t3 != null) {
                    statements.add(OrchestrationPolicies.grantVolumeKeyToEc2(t.t3, t.t4));
                }
                return PolicyDocument.toJson(statements);
            }))
            .build(), child);

        this.definition = Output.tuple(args.activityArn(), args.workerInstanceIds(), status.aliasArn())
            .applyValue(t -> definitionJson(t.t1, t.t2, t.t3, s));

        var stateMachine = StateMachineMonitoring.stateMachine(name, this, role, definition, observability, logGroup,
            policy, tags);

        stoppedExecutions(name, stateMachine, status, tags);

        StateMachineMonitoring.alarms(name, this, stateMachine, "an execution failed (the file is marked failed)",
            "an execution hit executionTimeoutSeconds (the file may still be marked processing)",
            args.alarmActionArns(), tags);

        this.stateMachineArn = stateMachine.arn();
        this.stateMachineName = stateMachine.name();
        this.activityArn = args.activityArn();
        this.roleArn = role.arn();
        this.statusFunctionName = status.functionName();
        this.statusFunctionArn = status.aliasArn();
        this.logGroupName = logGroup.name();
        registerOutputs(Map.of(
            "stateMachineArn", stateMachineArn,
            "stateMachineName", stateMachineName,
            "activityArn", activityArn,
            "roleArn", roleArn,
            "statusFunctionName", statusFunctionName,
            "statusFunctionArn", statusFunctionArn,
            "logGroupName", logGroupName,
            "definition", definition));
    }

    private static OrchestrationFlowArgs validated(String name, OrchestrationFlowArgs args) {
        OrchestrationFlowDefaults.resolve(args);
        AutoNames.check("OrchestrationFlow", name, AutoNames.tooLong(List.of(
            new AutoNames.Child("state machine role", name + "-role", AutoNames.ROLE),
            new AutoNames.Child("status function", name + "-status", AutoNames.FUNCTION),
            new AutoNames.Child("status function role", name + "-status-role", AutoNames.ROLE))));
        return args;
    }

    private static VpcLambda.Spec statusSpec(OrchestrationFlowArgs args, OrchestrationFlowDefaults.Settings s,
                                             Map<String, String> tags, InvokeOptions invoke) {
        DatabaseClient database = s.database();
        NetworkPlacementArgs network = args.network();
        var spec = VpcLambda.Spec.builder()
            .description("Records workflow failures and answers file status queries")
            .code(args.statusFunctionCode().orElseGet(() -> BundledArtifacts.ingestFunction().archive()))
            .handler(OrchestrationFlowDefaults.STATUS_HANDLER)
            .memoryMb(s.statusMemoryMb())
            .timeoutSeconds(s.statusTimeoutSeconds())
            // Exactly the variables the status handler reads (docs/design.md, "Environment variables").
            .environment(database.environment())
            .network(network)
            .logRetentionDays(s.observability().logRetentionDays())
            .databasePort(database.port())
            .extraStatements(database.secretStatements(invoke))
            .databaseSecurityGroupId(database.securityGroupId())
            .tags(tags);
        return spec.build();
    }

    private static String definitionJson(String activityArn, List<String> instanceIds, String statusFunctionArn,
                                         OrchestrationFlowDefaults.Settings s) {
        if (instanceIds.isEmpty()) {
            throw new IllegalArgumentException("OrchestrationFlowArgs: workerInstanceIds must not be empty");
        }
        StateMachineDefinition def = IngestWorkflow.definition(new IngestWorkflow.Settings(activityArn, instanceIds,
            statusFunctionArn, s.taskTimeoutSeconds(), s.heartbeatSeconds(), s.maxWorkerRestarts(),
            s.transientRetryAttempts(), s.transientRetryIntervalSeconds(), s.transientRetryMaxDelaySeconds(),
            s.executionTimeoutSeconds()));
        List<String> problems = def.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("OrchestrationFlow: the generated definition is unsound: "
                + String.join("; ", problems));
        }
        return def.toJson();
    }

    /**
     * Executions that stop without running RecordFailure (timed out, aborted, or failed while recording) would leave
     * their row "processing" forever. Step Functions sends every status change to EventBridge ("Step Functions
     * Execution Status Change", source aws.states); this rule hands those three to the status function's live
     * alias, which marks the row of that execution failed. An execution that recorded its failure already is left
     * as it is.
     */
    private void stoppedExecutions(String name, StateMachine stateMachine, VpcLambda status, Map<String, String> tags) {
        var rule = new EventRule(name + "-stopped", EventRuleArgs.builder()
            .description("Executions of " + name + " that timed out, were aborted or failed: mark their file failed")
            .eventPattern(stateMachine.arn().applyValue(OrchestrationPolicies::stoppedExecutionPattern))
            .tags(tags)
            .build(), CustomResourceOptions.builder().parent(this).build());
        // EventBridge invokes asynchronously: the function policy must name the rule, or the invoke is refused.
        var permission = new Permission(name + "-stopped-invoke", PermissionArgs.builder()
            .action("lambda:InvokeFunction")
            .function(status.functionName())
            .qualifier(status.aliasName())
            .principal("events.amazonaws.com")
            .sourceArn(rule.arn())
            .build(), CustomResourceOptions.builder().parent(this).build());
        new EventTarget(name + "-stopped-status", EventTargetArgs.builder()
            .rule(rule.name())
            .arn(status.aliasArn())
            // EventBridge retries a failed delivery for up to a day; the function's own retries cover its errors.
            .retryPolicy(EventTargetRetryPolicyArgs.builder().maximumEventAgeInSeconds(86_400).maximumRetryAttempts(185)
                .build())
            .build(), CustomResourceOptions.builder().parent(this).dependsOn(permission).build());
    }
}
