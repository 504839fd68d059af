package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.AutoNames;
import com.ingestpipeline.components.internal.AwsLocation;
import com.ingestpipeline.components.internal.BackfillPolicies;
import com.ingestpipeline.components.internal.PolicyDocument;
import com.ingestpipeline.components.internal.StateMachineMonitoring;
import com.ingestpipeline.components.internal.Tags;
import com.ingestpipeline.components.internal.asl.BackfillWorkflow;
import com.ingestpipeline.components.internal.asl.StateMachineDefinition;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.sfn.StateMachine;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.List;
import java.util.Map;

/**
 * Backfill (docs/backfill.md): a STANDARD state machine whose DISTRIBUTED Map lists a prefix of the pipeline's
 * bucket and hands the objects, in batches, to the ingest function, so objects that were in the bucket before the
 * pipeline (or that must be processed again) go through the same path as new uploads. Start it with
 * {@code {"prefix": "incoming/...", "mode": "ingest" | "reprocess", "since"?: "2026-01-01T00:00:00Z"}}.
 *
 * <p>Logged, traced and alarmed like the per-file workflow. Its role lists only the input prefix, writes only the
 * manifest prefix, invokes only the ingest function and starts only its own child executions.
 */
public final class BackfillFlow extends ComponentResource {
    public static final String TYPE = "ingestpipeline:index:BackfillFlow";

    @Export(name = "stateMachineArn", refs = {String.class})
    public final Output<String> stateMachineArn;

    @Export(name = "stateMachineName", refs = {String.class})
    public final Output<String> stateMachineName;

    @Export(name = "roleArn", refs = {String.class})
    public final Output<String> roleArn;

    @Export(name = "logGroupName", refs = {String.class})
    public final Output<String> logGroupName;

    /** Where each run's manifest goes: {@code s3://<bucket>/<manifestPrefix>/<map run id>/manifest.json}. */
    @Export(name = "manifestPrefix", refs = {String.class})
    public final Output<String> manifestPrefix;

    /** The state machine definition (ASL JSON), for the offline plan and the end-to-end test. */
    @Export(name = "definition", refs = {String.class})
    public final Output<String> definition;

    public BackfillFlow(String name, BackfillFlowArgs args, ComponentResourceOptions opts) {
        // Validated before super(): bad args fail before anything, even the component itself, is registered.
        super(TYPE, name, validated(name, args), opts);
        BackfillFlowDefaults.Settings s = BackfillFlowDefaults.resolve(args);
        Map<String, String> tags = Tags.of(name, args.tags());
        InvokeOptions invoke = InvokeOptions.builder().parent(this).build();
        Output<AwsLocation> location = AwsLocation.lookUp(invoke);
        Output<String> account = AwsLocation.account(invoke);
        Output<String> bucketName = args.bucketName().orElseThrow();
        Output<String> functionArn = args.ingestFunctionArn().orElseThrow();
        Output<String> bucketArn = Output.tuple(location, bucketName)
            .applyValue(t -> t.t1.s3Arn(t.t2));
        Output<String> bucketKey = args.bucketKmsKeyArn().orElseGet(() -> Output.ofNullable(null));
        StateMachineMonitoring.Observability observability = s.observability();

        var logGroup = StateMachineMonitoring.logGroup(name, this, observability.logRetentionDays(), tags);
        var role = StateMachineMonitoring.role(name, this,
            "Step Functions role of " + name + ": list the input prefix, invoke the ingest function", location, account,
            tags);
        var policy = new RolePolicy(name + "-policy", RolePolicyArgs.builder()
            .role(role.id())
            .policy(Output.tuple(bucketArn, functionArn, bucketKey, location).applyValue(t -> PolicyDocument.toJson(
                BackfillPolicies.roleStatements(t.t1, s.inputPrefix(), s.manifestPrefix(), t.t2, t.t3, t.t4,
                    observability.logging(), observability.tracingEnabled()))))
            .build(), CustomResourceOptions.builder().parent(this).build());

        this.definition = Output.tuple(bucketName, functionArn).applyValue(t -> definitionJson(t.t1, t.t2, s));
        var stateMachine = StateMachineMonitoring.stateMachine(name, this, role, definition, observability, logGroup,
            policy, tags);
        // Its own ARN exists only now; no execution can start before `pulumi up` finishes, so the child-execution
        // grant arriving after the state machine leaves no window in which a run lacks it.
        new RolePolicy(name + "-self-policy", RolePolicyArgs.builder()
            .role(role.id())
            .policy(stateMachine.arn().applyValue(arn -> PolicyDocument.toJson(BackfillPolicies.selfStatements(arn))))
            .build(), CustomResourceOptions.builder().parent(this).build());

        StateMachineMonitoring.alarms(name, this, stateMachine,
            "a backfill run failed (more batches failed than tolerated, or a bad request); see its manifest",
            "a backfill run hit executionTimeoutSeconds; start it again in ingest mode to resume",
            args.alarmActionArns(), tags);

        this.stateMachineArn = stateMachine.arn();
        this.stateMachineName = stateMachine.name();
        this.roleArn = role.arn();
        this.logGroupName = logGroup.name();
        this.manifestPrefix = Output.of(s.manifestPrefix());
        registerOutputs(Map.of(
            "stateMachineArn", stateMachineArn,
            "stateMachineName", stateMachineName,
            "roleArn", roleArn,
            "logGroupName", logGroupName,
            "manifestPrefix", manifestPrefix,
            "definition", definition));
    }

    private static BackfillFlowArgs validated(String name, BackfillFlowArgs args) {
        BackfillFlowDefaults.resolve(args);
        AutoNames.check("BackfillFlow", name, AutoNames.tooLong(List.of(
            new AutoNames.Child("state machine role", name + "-role", AutoNames.ROLE))));
        return args;
    }

    private static String definitionJson(String bucket, String functionArn, BackfillFlowDefaults.Settings s) {
        StateMachineDefinition def = BackfillWorkflow.definition(new BackfillWorkflow.Settings(bucket,
            s.inputPrefix(), s.manifestPrefix(), functionArn, s.maxConcurrency(), s.toleratedFailurePercentage(),
            s.itemsPerBatch(), s.executionTimeoutSeconds()));
        List<String> problems = def.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("BackfillFlow: the generated definition is unsound: "
                + String.join("; ", problems));
        }
        return def.toJson();
    }
}
