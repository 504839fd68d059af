package com.ingestpipeline.stack;

import com.ingestpipeline.components.AccessLogBucket;
import com.ingestpipeline.components.AccessLogBucketArgs;
import com.ingestpipeline.components.BackfillFlow;
import com.ingestpipeline.components.BackfillFlowArgs;
import com.ingestpipeline.components.AlarmTopic;
import com.ingestpipeline.components.AlarmTopicArgs;
import com.ingestpipeline.components.BatchComputeNode;
import com.ingestpipeline.components.BatchComputeNodeArgs;
import com.ingestpipeline.components.BatchDataVolumeArgs;
import com.ingestpipeline.components.BucketPerimeter;
import com.ingestpipeline.components.BucketPerimeterArgs;
import com.ingestpipeline.components.Database;
import com.ingestpipeline.components.DatabaseArgs;
import com.ingestpipeline.components.IngestBucketArgs;
import com.ingestpipeline.components.IngestPipeline;
import com.ingestpipeline.components.IngestPipelineArgs;
import com.ingestpipeline.components.Network;
import com.ingestpipeline.components.NetworkArgs;
import com.ingestpipeline.components.OrchestrationFlow;
import com.ingestpipeline.components.OrchestrationFlowArgs;
import com.ingestpipeline.components.TagArgs;
import com.ingestpipeline.components.WorkflowObservabilityArgs;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;

import java.util.List;
import java.util.Optional;

/**
 * The stack program. {@code pulumi up} runs {@link #main}; tests and the offline plan call
 * {@link #stack(Context, StackSettings)} under the test engine with settings they choose.
 */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    /** Reads and validates the stack's config, then builds the stack. */
    public static void stack(Context ctx) {
        stack(ctx, StackSettings.load(new PulumiConfigSource(ctx)));
    }

    /**
     * Builds the stack from settings, in the order of docs/design.md so no component needs one
     * built after it: Network → Database → (AccessLogBucket) → BatchComputeNode → OrchestrationFlow →
     * IngestPipeline → BucketPerimeter.
     */
    public static void stack(Context ctx, StackSettings settings) {
        String prefix = ctx.stackName();
        List<TagArgs> tags = settings.tags().entrySet().stream().map(e -> TagArgs.of(e.getKey(), e.getValue())).toList();
        ComponentResourceOptions none = ComponentResourceOptions.builder().build();

        AlarmTopic alarms = new AlarmTopic(prefix + "-alarms", alarmArgs(settings, tags), none);
        Output<List<String>> alarmActions = alarms.topicArn.applyValue(List::of);
        Network network = new Network(prefix + "-network", networkArgs(settings, tags), none);
        Database database = new Database(prefix + "-db", databaseArgs(settings, network, tags), none);
        // Both buckets log into it (S3.9), so it comes before the components that own them.
        Optional<Output<String>> accessLogs = !settings.s3AccessLogs() ? Optional.empty()
            : Optional.of(new AccessLogBucket(prefix + "-access-logs", AccessLogBucketArgs.builder()
                .forceDestroy(!settings.isProd()).tags(tags).build(), none).bucketName);
        BatchComputeNode compute = new BatchComputeNode(prefix + "-compute",
            computeArgs(settings, network, database, alarmActions, accessLogs, tags), none);
        OrchestrationFlow flow = new OrchestrationFlow(prefix + "-flow",
            flowArgs(settings, network, database, compute, alarmActions, tags), none);
        IngestPipeline ingest = new IngestPipeline(prefix + "-ingest",
            ingestArgs(settings, network, database, compute, flow, alarmActions, accessLogs, tags), none);
        BackfillFlow backfill = new BackfillFlow(prefix + "-backfill", backfillArgs(settings, ingest, alarmActions, tags),
            none);
        if (!settings.network().bringYourOwnVpc()) {
            // Last: the S3 gateway endpoint may reach only the buckets the components above created.
            List<Output<String>> buckets = new java.util.ArrayList<>(List.of(ingest.bucketName, compute.artifactBucketName));
            accessLogs.ifPresent(buckets::add);
            new BucketPerimeter(prefix + "-perimeter", BucketPerimeterArgs.builder()
                .s3EndpointId(network.s3EndpointId).bucketNames(buckets).build(), none);
        }

        ctx.export("environment", settings.environment());
        ctx.export("vpcId", network.vpcId);
        ctx.export("privateSubnetIds", network.privateSubnetIds);
        ctx.export("databaseHost", database.host);
        ctx.export("databaseName", database.databaseName);
        ctx.export("databaseSecretArn", database.secretArn);
        ctx.export("workerInstanceIds", compute.instanceIds);
        ctx.export("workerVolumeIds", compute.volumeIds);
        ctx.export("activityArn", compute.activityArn);
        ctx.export("stateMachineArn", flow.stateMachineArn);
        ctx.export("statusFunctionName", flow.statusFunctionName);
        ctx.export("bucketName", ingest.bucketName);
        ctx.export("inputPrefix", ingest.inputPrefix);
        ctx.export("resultsPrefix", ingest.resultsPrefix);
        ctx.export("notificationDelivery", ingest.notificationDelivery);
        ctx.export("ingestFunctionName", ingest.functionName);
        ctx.export("failureQueueUrl", ingest.failureQueueUrl);
        // docs/backfill.md: `aws stepfunctions start-execution --state-machine-arn $(pulumi stack output
        // backfillStateMachineArn) --input '{"prefix": "incoming/", "mode": "ingest"}'`
        ctx.export("backfillStateMachineArn", backfill.stateMachineArn);
        ctx.export("backfillManifestPrefix", backfill.manifestPrefix);
        ctx.export("alarmTopicArn", alarms.topicArn);
    }

    static AlarmTopicArgs alarmArgs(StackSettings s, List<TagArgs> tags) {
        AlarmTopicArgs.Builder args = AlarmTopicArgs.builder().tags(tags);
        s.alarms().topicArn().ifPresent(args::existingTopicArn);
        s.alarms().email().ifPresent(args::email);
        return args.build();
    }

    static NetworkArgs networkArgs(StackSettings s, List<TagArgs> tags) {
        StackSettings.Network n = s.network();
        NetworkArgs.Builder args = NetworkArgs.builder().tags(tags);
        if (n.bringYourOwnVpc()) {
            // An existing VPC keeps its own endpoints and flow logs; the component refuses settings for them.
            return args.existingVpcId(n.existingVpcId().orElseThrow()).existingSubnetIds(n.existingSubnetIds()).build();
        }
        return args.cidrBlock(n.vpcCidr())
            .availabilityZoneCount(n.azCount())
            // Only zones that offer the workers' instance type (every worker subnet is a zone of this network).
            .requiredInstanceTypes(List.of(s.worker().instanceType()))
            .interfaceEndpoints(n.interfaceEndpoints())
            .interfaceEndpointsInOneAz(n.singleAzEndpoints())
            .flowLogs(n.flowLogs())
            .flowLogRetentionDays(s.logRetentionDays())
            .build();
    }

    static DatabaseArgs databaseArgs(StackSettings s, Network network, List<TagArgs> tags) {
        StackSettings.Database d = s.database();
        DatabaseArgs.Builder args = DatabaseArgs.builder()
            .network(network.placement())
            .engineVersion(d.engineVersion())
            .instanceClass(d.instanceClass())
            .allocatedStorageGb(d.allocatedStorageGb())
            .maxAllocatedStorageGb(d.maxAllocatedStorageGb())
            .databaseName(d.name())
            .masterUsername(d.masterUsername())
            .multiAz(d.multiAz())
            .backupRetentionDays(d.backupRetentionDays())
            .deletionProtection(d.deletionProtection())
            .finalSnapshot(d.finalSnapshot())
            .proxy(d.proxy())
            .logRetentionDays(s.logRetentionDays())
            // The migrations read their secret through the Secrets Manager endpoint: run them once it exists.
            .apiEndpointIds(network.interfaceEndpointIds)
            .tags(tags);
        s.kmsKeyArn().ifPresent(args::kmsKeyArn);
        return args.build();
    }

    static BatchComputeNodeArgs computeArgs(StackSettings s, Network network, Database database,
                                            Output<List<String>> alarmActions, Optional<Output<String>> accessLogs,
                                            List<TagArgs> tags) {
        StackSettings.Worker w = s.worker();
        BatchDataVolumeArgs.Builder volume = BatchDataVolumeArgs.builder()
            .sizeGib(w.volumeSizeGb())
            .iops(w.volumeIops())
            .throughputMibps(w.volumeThroughputMbps());
        s.kmsKeyArn().ifPresent(volume::kmsKeyArn);
        BatchComputeNodeArgs.Builder args = BatchComputeNodeArgs.builder()
            .network(network.placement())
            // The connection carries the stack key that encrypts the secret, so the worker may decrypt it.
            .database(database.connection())
            .instanceType(w.instanceType())
            .workerCount(w.count())
            .dataVolume(volume.build())
            .workerConcurrency(w.concurrency())
            .idleShutdownSeconds(w.effectiveIdleShutdownSeconds())
            .alwaysOn(w.alwaysOn())
            .heartbeatIntervalSeconds(s.workflow().workerHeartbeatIntervalSeconds())
            // dev stacks can be torn down completely; prod keeps the artifact history.
            .artifactBucketForceDestroy(!s.isProd())
            .logRetentionDays(s.logRetentionDays())
            .shipLogs(w.shipLogs())
            .alarmActionArns(alarmActions)
            .sessionManager(sessionManagerReachable(s.network()))
            .tags(tags);
        s.kmsKeyArn().ifPresent(args::artifactBucketKmsKeyArn);
        accessLogs.ifPresent(args::artifactBucketAccessLogBucketName);
        w.sqlJobPath().ifPresent(args::sqlJobPath);
        return args.build();
    }

    /**
     * The SSM agent reaches SSM through the ssm, ssmmessages and ec2messages endpoints (the stack's VPC has no NAT);
     * an existing VPC is its owner's, who may route to SSM, so the agent keeps its permissions there.
     */
    static boolean sessionManagerReachable(StackSettings.Network n) {
        return n.bringYourOwnVpc() || n.interfaceEndpoints().containsAll(List.of("ssm", "ssmmessages", "ec2messages"));
    }

    static OrchestrationFlowArgs flowArgs(StackSettings s, Network network, Database database,
                                          BatchComputeNode compute, Output<List<String>> alarmActions,
                                          List<TagArgs> tags) {
        StackSettings.Workflow f = s.workflow();
        OrchestrationFlowArgs.Builder args = OrchestrationFlowArgs.builder()
            .activityArn(compute.activityArn)
            .workerInstanceIds(compute.instanceIds)
            .workerInstanceArns(compute.instanceArns)
            .network(network.placement())
            .database(database.connection())
            .taskTimeoutSeconds(f.taskTimeoutSeconds())
            .heartbeatSeconds(f.heartbeatSeconds())
            .maxWorkerRestarts(f.maxWorkerRestarts())
            .observability(WorkflowObservabilityArgs.builder().logLevel(f.logLevel()).build())
            .logRetentionDays(s.logRetentionDays())
            .alarmActionArns(alarmActions)
            .tags(tags);
        // The volumes' customer key (the stack key, or the account's default EBS key when that is a customer
        // key): without the grant a stopped worker cannot be started (EBS needs kms:CreateGrant). The secret's
        // key comes with the database connection.
        args.workerVolumeKmsKeyArn(compute.volumeKmsKeyArn);
        return args.build();
    }

    static IngestPipelineArgs ingestArgs(StackSettings s, Network network, Database database,
                                         BatchComputeNode compute, OrchestrationFlow flow, Output<List<String>> alarmActions,
                                         Optional<Output<String>> accessLogs, List<TagArgs> tags) {
        StackSettings.Ingest i = s.ingest();
        IngestPipelineArgs.Builder args = IngestPipelineArgs.builder();
        if (i.existingBucketName().isPresent()) {
            // An adopted bucket keeps its owner's settings; the stack adds a rule, never a notification, unless told.
            args.existingBucketName(i.existingBucketName().get());
            if (i.ownBucketNotifications()) {
                args.ownBucketNotifications(true);
            }
        } else {
            IngestBucketArgs.Builder bucket = IngestBucketArgs.builder().forceDestroy(!s.isProd());
            s.kmsKeyArn().ifPresent(bucket::kmsKeyArn);
            accessLogs.ifPresent(bucket::accessLogBucketName);
            args.bucket(bucket.build());
        }
        i.notificationDelivery().ifPresent(args::notificationDelivery);
        args
            .inputPrefix(i.inputPrefix())
            .resultsPrefix(i.resultsPrefix())
            .filterSuffixes(i.inputSuffixes())
            .stateMachineArn(flow.stateMachineArn)
            .network(network.placement())
            .database(database.connection())
            .workerRoleName(compute.roleName)
            .memoryMb(i.memoryMb())
            .timeoutSeconds(i.timeoutSeconds())
            .maxObjectMegabytes(i.maxObjectMb())
            .logRetentionDays(s.logRetentionDays())
            .alarmActionArns(alarmActions)
            .tags(tags);
        i.reservedConcurrency().ifPresent(args::reservedConcurrency);
        return args.build();
    }

    /** Logged, traced and alarmed like the per-file workflow; as wide as the database allows (SettingsReader). */
    static BackfillFlowArgs backfillArgs(StackSettings s, IngestPipeline ingest, Output<List<String>> alarmActions,
                                         List<TagArgs> tags) {
        StackSettings.Workflow f = s.workflow();
        BackfillFlowArgs.Builder args = BackfillFlowArgs.builder()
            .bucketName(ingest.bucketName)
            .inputPrefix(s.ingest().inputPrefix())
            .resultsPrefix(s.ingest().resultsPrefix())
            .ingestFunctionArn(ingest.aliasArn)
            .maxConcurrency(f.backfillMaxConcurrency())
            .toleratedFailurePercentage(f.backfillToleratedFailurePercentage())
            .itemsPerBatch(f.backfillBatchSize())
            .observability(WorkflowObservabilityArgs.builder().logLevel(f.logLevel()).build())
            .logRetentionDays(s.logRetentionDays())
            .alarmActionArns(alarmActions)
            .tags(tags);
        s.kmsKeyArn().ifPresent(args::bucketKmsKeyArn);
        return args.build();
    }
}
