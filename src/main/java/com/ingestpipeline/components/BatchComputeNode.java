package com.ingestpipeline.components;

import com.ingestpipeline.components.BatchComputeNodeDefaults.Settings;
import com.ingestpipeline.components.internal.AutoNames;
import com.ingestpipeline.components.internal.AwsLocation;
import com.ingestpipeline.components.internal.DatabaseClient;
import com.ingestpipeline.components.internal.InstanceArchitecture;
import com.ingestpipeline.components.internal.NetworkPlacement;
import com.ingestpipeline.components.internal.PolicyDocument;
import com.ingestpipeline.components.internal.SecureBucket;
import com.ingestpipeline.components.internal.Tags;
import com.ingestpipeline.components.internal.WorkerPolicies;
import com.ingestpipeline.components.internal.WorkerUserData;
import com.pulumi.asset.FileAsset;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.ebs.Volume;
import com.pulumi.aws.ebs.VolumeArgs;
import com.pulumi.aws.ebs.EbsFunctions;
import com.pulumi.aws.ec2.Ec2Functions;
import com.pulumi.aws.ec2.Instance;
import com.pulumi.aws.ec2.InstanceArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.VolumeAttachment;
import com.pulumi.aws.ec2.VolumeAttachmentArgs;
import com.pulumi.aws.ec2.inputs.GetSubnetArgs;
import com.pulumi.aws.ec2.inputs.InstanceMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.InstanceRootBlockDeviceArgs;
import com.pulumi.aws.iam.InstanceProfile;
import com.pulumi.aws.iam.InstanceProfileArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.kms.KmsFunctions;
import com.pulumi.aws.kms.inputs.GetKeyArgs;
import com.pulumi.aws.s3.BucketObjectv2;
import com.pulumi.aws.s3.BucketObjectv2Args;
import com.pulumi.aws.sfn.Activity;
import com.pulumi.aws.sfn.ActivityArgs;
import com.pulumi.aws.ssm.SsmFunctions;
import com.pulumi.aws.ssm.inputs.GetParameterArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.InvokeArgs;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.ingestpipeline.components.BatchComputeNodeDefaults.*;

/**
 * The EC2 side of the pipeline: the Step Functions activity the workers poll, {@code workerCount} worker
 * instances (private, IMDSv2, Session Manager only, stop when idle), each with its own encrypted gp3 data
 * volume that outlives it, and the worker jar in an artifacts bucket at a content-addressed key.
 *
 * <p>Built after Database and before OrchestrationFlow (which starts the instances and drives the activity)
 * and IngestPipeline (which grants the role on its data bucket). See docs/batch-compute-node.md.
 */
public final class BatchComputeNode extends ComponentResource {
    static final String TYPE = "ingestpipeline:index:BatchComputeNode";

    /** Worker instance ids, in index order. */
    @Export(name = "instanceIds", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> instanceIds;
    /** Worker instance ARNs (what the workflow's role may start). */
    @Export(name = "instanceArns", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> instanceArns;
    /** Data volume ids, one per instance, same order. */
    @Export(name = "volumeIds", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> volumeIds;
    @Export(name = "securityGroupId", refs = {String.class}, tree = "[0]")
    public final Output<String> securityGroupId;
    @Export(name = "roleArn", refs = {String.class}, tree = "[0]")
    public final Output<String> roleArn;
    /** The worker role's name, for IngestPipeline's grants on the data bucket. */
    @Export(name = "roleName", refs = {String.class}, tree = "[0]")
    public final Output<String> roleName;
    @Export(name = "activityArn", refs = {String.class}, tree = "[0]")
    public final Output<String> activityArn;
    @Export(name = "activityName", refs = {String.class}, tree = "[0]")
    public final Output<String> activityName;
    @Export(name = "artifactBucketName", refs = {String.class}, tree = "[0]")
    public final Output<String> artifactBucketName;
    /** {@code artifacts/batch-worker/<sha256>.jar}: changes exactly when the jar changes. */
    @Export(name = "workerArtifactKey", refs = {String.class}, tree = "[0]")
    public final Output<String> workerArtifactKey;
    @Export(name = "logGroupName", refs = {String.class}, tree = "[0]")
    public final Output<String> logGroupName;
    /**
     * The customer managed key the worker volumes are encrypted with (dataVolume.kmsKeyArn, else the account's
     * default EBS key when that is a customer key); null when EBS uses aws/ebs. Whoever starts the workers
     * (OrchestrationFlow's workerVolumeKmsKeyArn) needs kms:CreateGrant on it.
     */
    @Export(name = "volumeKmsKeyArn", refs = {String.class}, tree = "[0]")
    public final Output<String> volumeKmsKeyArn;

    public BatchComputeNode(String name, BatchComputeNodeArgs args, @Nullable ComponentResourceOptions opts) {
        // Validated before super(): bad args fail before anything, even the component itself, is registered.
        super(TYPE, name, validated(name, args), opts);
        Settings s = BatchComputeNodeDefaults.resolve(args);
        Map<String, String> tags = Tags.of(name, args.tags());
        CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();
        InvokeOptions invoke = InvokeOptions.builder().parent(this).build();
        Output<AwsLocation> location = AwsLocation.lookUp(invoke);
        Output<String> region = location.applyValue(AwsLocation::region);
        Output<String> partition = location.applyValue(AwsLocation::partition);

        var activity = new Activity(name + "-tasks", ActivityArgs.builder().tags(tags).build(), child);

        Output<String> bucketName;
        List<Resource> bucketReady = new ArrayList<>();
        if (args.artifactBucketName().isEmpty()) {
            SecureBucket.Options options = SecureBucket.Options.defaults().forceDestroy(s.artifactBucketForceDestroy())
                .kmsKeyArn(args.artifactBucketKmsKeyArn().orElse(null))
                .accessLogBucketName(args.artifactBucketAccessLogBucketName().orElse(null));
            SecureBucket bucket = SecureBucket.create(name + "-artifacts", options, tags, this);
            bucketName = bucket.bucketName();
            bucketReady.addAll(bucket.dependencies());
        } else {
            bucketName = args.artifactBucketName().get();
        }
        String jarKey = s.workerJar().key();
        // No object tags: S3 caps them at 10 per object and the bucket already carries the component's tags.
        var jarObject = new BucketObjectv2(name + "-worker-jar", BucketObjectv2Args.builder()
            .bucket(bucketName)
            .key(jarKey)
            .source(new FileAsset(s.workerJar().path().toString()))
            .contentType("application/java-archive")
            .build(), CustomResourceOptions.builder().parent(this).dependsOn(bucketReady).build());
        List<Resource> artifacts = new ArrayList<>(List.of(jarObject));
        if (s.sqlJob() != null && s.sqlJob().shipped()) {
            artifacts.add(new BucketObjectv2(name + "-sql-job", BucketObjectv2Args.builder()
                .bucket(bucketName)
                .key(s.sqlJob().key())
                .source(new FileAsset(s.sqlJob().path().toString()))
                .contentType("application/sql")
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(bucketReady).build()));
        }

        // Created whether or not the node ships logs: turning shipping off must not delete what was shipped.
        String workerLogGroup = "/ingest-pipeline/" + name + "/worker";
        var logGroup = new LogGroup(name + "-logs", LogGroupArgs.builder()
            .name(workerLogGroup)
            .retentionInDays(s.logRetentionDays())
            .tags(tags)
            .build(), child);

        var role = new Role(name + "-role", RoleArgs.builder()
            .description("Batch worker instances of " + name)
            .assumeRolePolicy(PolicyDocument.assumeRole("ec2.amazonaws.com"))
            .tags(tags)
            .build(), child);
        // Session Manager is the only way in: no key pair, no inbound rule. Its agent's own permissions only, and
        // only when the VPC lets the agent reach SSM.
        List<Resource> ready = new ArrayList<>();
        if (s.sessionManager()) {
            Output<String> account = AwsLocation.account(invoke);
            ready.add(new RolePolicy(name + "-ssm", RolePolicyArgs.builder()
                .role(role.name())
                .policy(Output.tuple(location, account).applyValue(t ->
                    PolicyDocument.toJson(WorkerPolicies.sessionManagerAgent(t.t1, t.t2))))
                .build(), child));
        }
        // The whole artifact prefix (the pointer and the jars and SQL files it names): the policy stays the same when
        // they change, so a worker that reads a new pointer may always fetch what it names. A SQL job the user keeps
        // elsewhere in the bucket is granted by its own key, and only that.
        List<String> artifactKeys = new ArrayList<>(List.of(ARTIFACT_PREFIX + "*"));
        if (s.sqlJob() != null && !s.sqlJob().shipped()) {
            artifactKeys.add(s.sqlJob().key());
        }
        Output<List<String>> artifactArns = Output.tuple(location, bucketName)
            .applyValue(t -> artifactKeys.stream().map(k -> t.t1.s3Arn(t.t2 + "/" + k)).toList());
        DatabaseClient database = s.database();
        List<Output<PolicyDocument.Statement>> statements = new ArrayList<>();
        statements.add(activity.id().applyValue(WorkerPolicies::activityTasks));
        statements.addAll(database.secretStatements(invoke));
        statements.add(artifactArns.applyValue(WorkerPolicies::artifact));
        if (args.artifactBucketKmsKeyArn().isPresent()) {
            statements.add(Output.tuple(args.artifactBucketKmsKeyArn().get(), location)
                .applyValue(t -> WorkerPolicies.artifactKey(t.t1, t.t2)));
        }
        if (s.shipLogs()) {
            statements.add(logGroup.arn().applyValue(WorkerPolicies::logs));
        }
        Output<String> policyJson = PolicyDocument.render(statements);
        var policy = new RolePolicy(name + "-worker-policy", RolePolicyArgs.builder()
            .role(role.name())
            .policy(policyJson)
            .build(), child);
        // Written after the jar, the SQL job and the grant to read them, so a booting worker never reads a key it cannot
        // fetch. Its second line, when there is one, names the SQL job.
        List<Resource> pointerAfter = new ArrayList<>(artifacts);
        pointerAfter.add(policy);
        var jarPointer = new BucketObjectv2(name + "-jar-pointer", BucketObjectv2Args.builder()
            .bucket(bucketName)
            .key(JAR_POINTER_KEY)
            .content(BatchComputeNodeDefaults.pointerContent(s.workerJar(), s.sqlJob()))
            .contentType("text/plain")
            .build(), CustomResourceOptions.builder().parent(this).dependsOn(pointerAfter).build());
        var profile = new InstanceProfile(name + "-profile", InstanceProfileArgs.builder()
            .role(role.name())
            .tags(tags)
            .build(), child);

        var securityGroup = new SecurityGroup(name + "-sg", SecurityGroupArgs.builder()
            .description("Batch workers " + name + ": no ingress; egress HTTPS (endpoints, S3) and the database port")
            .vpcId(args.network().vpcId())
            // The provider removes AWS's default allow-all egress on create; the rules below are the only ones.
            .revokeRulesOnDelete(true)
            .tags(Tags.named(tags, name + "-worker"))
            .build(), child);
        ready.addAll(List.of(policy, profile, jarPointer));
        ready.addAll(securityRules(name, args, s, securityGroup, tags, invoke));

        Output<String> ami = s.amiId() != null ? Output.of(s.amiId())
            : SsmFunctions.getParameter(GetParameterArgs.builder()
                .name(InstanceArchitecture.al2023AmiParameter(s.architecture())).build(), invoke)
            .applyValue(p -> p.value());

        Output<String> volumeKey = s.volume().kmsKeyArn() != null ? s.volume().kmsKeyArn()
            : customerManagedDefaultEbsKey(invoke);

        List<Output<String>> instanceIdList = new ArrayList<>();
        List<Output<String>> instanceArnList = new ArrayList<>();
        List<Output<String>> volumeIdList = new ArrayList<>();
        for (int i = 0; i < s.workerCount(); i++) {
            int index = i;
            Output<String> subnetId = args.network().subnetIds().applyValue(ids -> {
                if (ids.isEmpty()) {
                    throw new IllegalArgumentException("BatchComputeNodeArgs: network.subnetIds must not be empty");
                }
                return ids.get(index % ids.size());
            });
            // The zone comes from the subnet, not the instance, so the volume (and its id in the user data)
            // does not depend on the instance: no cycle, and a volume change never touches the instance's
            // placement.
            Output<String> zone = Ec2Functions.getSubnet(GetSubnetArgs.builder().id(subnetId).build(), invoke)
                .applyValue(sn -> sn.availabilityZone());
            Volume volume = dataVolume(name + "-data-" + i, zone, s, volumeKey, tags);

            Output<String> volumeForUserData = s.userDataReplaceOnChange() ? Output.of("") : volume.id();
            Output<String> userData = Output.tuple(activity.id(), region, database.environment(), bucketName,
                    volumeForUserData)
                .applyValue(t -> WorkerUserData.render(userDataSettings(s, t.t1, t.t2, t.t3, t.t4, t.t5,
                    workerLogGroup)));

            var instance = new Instance(name + "-worker-" + i, InstanceArgs.builder()
                .ami(ami)
                .instanceType(s.instanceType())
                .subnetId(subnetId)
                .vpcSecurityGroupIds(securityGroup.id().applyValue(List::of))
                .iamInstanceProfile(profile.name())
                .associatePublicIpAddress(false)
                .metadataOptions(InstanceMetadataOptionsArgs.builder()
                    .httpEndpoint("enabled")
                    .httpTokens("required")
                    // Hop limit 1: a container on the host cannot reach the instance's credentials.
                    .httpPutResponseHopLimit(1)
                    // Nothing on the host reads tags from IMDS; stated so the API default cannot drift.
                    .instanceMetadataTags("disabled")
                    .build())
                .rootBlockDevice(InstanceRootBlockDeviceArgs.builder()
                    .encrypted(true)
                    .kmsKeyId(volumeKey)
                    .volumeType("gp3")
                    .volumeSize(s.rootVolumeSizeGib())
                    .deleteOnTermination(true)
                    .tags(Tags.named(tags, name + "-root-" + i))
                    .build())
                .monitoring(true)
                .ebsOptimized(true)
                // The idle worker powers off; "stop" keeps the instance (and its id the workflow starts).
                .instanceInitiatedShutdownBehavior("stop")
                .userData(userData)
                .userDataReplaceOnChange(s.userDataReplaceOnChange())
                .tags(Tags.named(tags, name + "-worker-" + i))
                .build(), CustomResourceOptions.builder()
                .parent(this)
                .dependsOn(ready)
                // A new AL2023 release changes the SSM parameter; without this every release would
                // replace the workers. The data volume is separate either way.
                .ignoreChanges(s.replaceOnAmiChange() ? List.of() : List.of("ami"))
                .build());

            new VolumeAttachment(name + "-data-attach-" + i, VolumeAttachmentArgs.builder()
                .deviceName(s.volume().deviceName())
                .instanceId(instance.id())
                .volumeId(volume.id())
                // Detach from a stopped instance, never from under a mounted filesystem.
                .stopInstanceBeforeDetaching(true)
                .build(), CustomResourceOptions.builder().parent(this)
                // The device name is taken until the old attachment is gone.
                .deleteBeforeReplace(true)
                .build());

            new MetricAlarm(name + "-recover-" + i, MetricAlarmArgs.builder()
                .alarmDescription("Recover worker " + i + " of " + name + " when the EC2 system status check fails")
                .namespace("AWS/EC2")
                .metricName("StatusCheckFailed_System")
                .dimensions(instance.id().applyValue(id -> Map.of("InstanceId", id)))
                .statistic("Maximum")
                .period(RECOVERY_PERIOD_SECONDS)
                .evaluationPeriods(RECOVERY_EVALUATION_PERIODS)
                .threshold(0.0)
                .comparisonOperator("GreaterThanThreshold")
                // A stopped (idle) worker sends no data: that is not a failure.
                .treatMissingData("notBreaching")
                .alarmActions(Output.tuple(partition, region, args.alarmActionArns().orElse(Output.of(List.of()))).applyValue(t -> {
                    List<String> actions = new ArrayList<>(List.of("arn:" + t.t1 + ":automate:" + t.t2 + ":ec2:recover"));
                    actions.addAll(t.t3);
                    return actions;
                }))
                .tags(tags)
                .build(), child);

            instanceIdList.add(instance.id());
            instanceArnList.add(instance.arn());
            volumeIdList.add(volume.id());
        }

        this.instanceIds = Output.all(instanceIdList);
        this.instanceArns = Output.all(instanceArnList);
        this.volumeIds = Output.all(volumeIdList);
        this.securityGroupId = securityGroup.id();
        this.roleArn = role.arn();
        this.roleName = role.name();
        this.activityArn = activity.id();
        this.activityName = activity.name();
        this.artifactBucketName = bucketName;
        this.workerArtifactKey = Output.of(jarKey);
        this.logGroupName = logGroup.name();
        this.volumeKmsKeyArn = volumeKey;
        registerOutputs(Map.ofEntries(
            Map.entry("volumeKmsKeyArn", volumeKmsKeyArn),
            Map.entry("instanceIds", instanceIds),
            Map.entry("instanceArns", instanceArns),
            Map.entry("volumeIds", volumeIds),
            Map.entry("securityGroupId", securityGroupId),
            Map.entry("roleArn", roleArn),
            Map.entry("roleName", roleName),
            Map.entry("activityArn", activityArn),
            Map.entry("activityName", activityName),
            Map.entry("artifactBucketName", artifactBucketName),
            Map.entry("workerArtifactKey", workerArtifactKey),
            Map.entry("logGroupName", logGroupName)));
    }

    private static BatchComputeNodeArgs validated(String name, BatchComputeNodeArgs args) {
        BatchComputeNodeDefaults.resolve(args);
        // Generated names past an AWS limit fail only at deploy time, after the other children exist.
        List<String> problems = new ArrayList<>(AutoNames.tooLong(List.of(
            new AutoNames.Child("worker role", name + "-role", AutoNames.ROLE),
            new AutoNames.Child("instance profile", name + "-profile", AutoNames.INSTANCE_PROFILE),
            new AutoNames.Child("activity", name + "-tasks", AutoNames.ACTIVITY))));
        if (args.artifactBucketName().isEmpty()) {
            problems.addAll(AutoNames.tooLong(List.of(
                new AutoNames.Child("artifacts bucket", name + "-artifacts", AutoNames.BUCKET))));
            problems.addAll(AutoNames.bucketChars(name));
        }
        AutoNames.check("BatchComputeNode", name, problems);
        return args;
    }

    /**
     * The account's default EBS key when it is a customer managed key, else null (EBS then uses aws/ebs, which
     * needs no grant). A volume without a key takes the default (EC2 "encryption by default"); if that key is the
     * customer's, whoever starts a stopped worker needs kms:CreateGrant on it, or the instance goes back to stopped
     * with Client.InternalError. Named explicitly here, the key is known to the workflow's policy and the plan.
     */
    private static Output<String> customerManagedDefaultEbsKey(InvokeOptions invoke) {
        return EbsFunctions.getDefaultKmsKey(InvokeArgs.Empty, invoke)
            .apply(d -> KmsFunctions.getKey(GetKeyArgs.builder().keyId(d.keyArn()).build(), invoke))
            .applyValue(k -> "CUSTOMER".equals(k.keyManager()) ? k.arn() : null);
    }

    private Volume dataVolume(String volumeName, Output<String> zone, Settings s, Output<String> volumeKey,
                              Map<String, String> tags) {
        BatchComputeNodeDefaults.Volume v = s.volume();
        VolumeArgs.Builder volumeArgs = VolumeArgs.builder()
            .availabilityZone(zone)
            .type("gp3")
            .size(v.sizeGib())
            .iops(v.iops())
            .throughput(v.throughputMibps())
            .encrypted(true)
            .finalSnapshot(v.finalSnapshot())
            .kmsKeyId(volumeKey)
            .tags(Tags.named(tags, volumeName));
        // Its own resource, retained by default: destroying or replacing an instance never deletes the data.
        return new Volume(volumeName, volumeArgs.build(), CustomResourceOptions.builder()
            .parent(this)
            .retainOnDelete(v.retainOnDelete())
            .protect(v.protect())
            .build());
    }

    // Egress only: HTTPS to S3 (gateway endpoint prefix list) and to the interface endpoints, and the
    // database port. IMDS, the VPC resolver and the time service are link-local and need no rule.
    private List<Resource> securityRules(String name, BatchComputeNodeArgs args, Settings s, SecurityGroup group,
                                         Map<String, String> tags, InvokeOptions invoke) {
        Output<String> vpcCidr = NetworkPlacement.vpcCidr(args.network(), invoke);
        Output<String> s3PrefixList = NetworkPlacement.s3PrefixListId(args.network(), invoke);
        CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();
        List<Resource> rules = new ArrayList<>();
        rules.add(new SecurityGroupEgressRule(name + "-egress-https-s3", SecurityGroupEgressRuleArgs.builder()
            .securityGroupId(group.id()).description("HTTPS to S3 through the gateway endpoint")
            .ipProtocol("tcp").fromPort(443).toPort(443).prefixListId(s3PrefixList).tags(tags).build(), child));
        List<Output<String>> httpsCidrs = s.httpsEgressCidrs() == null ? List.of(vpcCidr)
            : s.httpsEgressCidrs().stream().map(Output::of).toList();
        for (int i = 0; i < httpsCidrs.size(); i++) {
            String ruleName = s.httpsEgressCidrs() == null ? name + "-egress-https-vpc" : name + "-egress-https-" + i;
            rules.add(new SecurityGroupEgressRule(ruleName, SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(group.id()).description("HTTPS to AWS APIs (interface endpoints)")
                .ipProtocol("tcp").fromPort(443).toPort(443).cidrIpv4(httpsCidrs.get(i)).tags(tags).build(), child));
        }
        int port = s.database().port();
        Output<String> databaseGroup = s.database().securityGroupId();
        var dbEgress = SecurityGroupEgressRuleArgs.builder().securityGroupId(group.id())
            .description("PostgreSQL").ipProtocol("tcp").fromPort(port).toPort(port).tags(tags);
        if (databaseGroup != null) {
            rules.add(new SecurityGroupEgressRule(name + "-egress-db",
                dbEgress.referencedSecurityGroupId(databaseGroup).build(), child));
            // Clients authorise themselves on the database's group (docs/design.md, construction order).
            rules.add(new SecurityGroupIngressRule(name + "-db-ingress", SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(databaseGroup)
                .description("PostgreSQL from batch workers " + name)
                .ipProtocol("tcp").fromPort(port).toPort(port)
                .referencedSecurityGroupId(group.id())
                .tags(tags)
                .build(), child));
        } else {
            rules.add(new SecurityGroupEgressRule(name + "-egress-db", dbEgress.cidrIpv4(vpcCidr).build(), child));
        }
        return rules;
    }

    private static Map<String, String> userDataSettings(Settings s, String activityArn, String region,
                                                        Map<String, String> databaseEnvironment, String bucket,
                                                        String volumeId, String logGroupName) {
        Map<String, String> settings = new HashMap<>(databaseEnvironment);
        settings.putAll(Map.ofEntries(
            Map.entry("ACTIVITY_ARN", activityArn), Map.entry("REGION", region),
            Map.entry("WORKER_CONCURRENCY", Integer.toString(s.workerConcurrency())),
            Map.entry("IDLE_SHUTDOWN_SECONDS", Integer.toString(s.idleShutdownSeconds())),
            Map.entry("HEARTBEAT_INTERVAL_SECONDS", Integer.toString(s.heartbeatIntervalSeconds())),
            Map.entry("DATA_VOLUME_ID", volumeId), Map.entry("DATA_DEVICE_NAME", s.volume().deviceName()),
            Map.entry("DATA_FS_TYPE", s.volume().fileSystem()), Map.entry("MOUNT_POINT", MOUNT_POINT),
            Map.entry("WORK_DIR", WORK_DIR), Map.entry("ARTIFACT_BUCKET", bucket),
            Map.entry("ARTIFACT_POINTER_KEY", JAR_POINTER_KEY), Map.entry("JAVA_PACKAGE", JAVA_PACKAGE),
            Map.entry("WORKER_MAIN_CLASS", WORKER_MAIN_CLASS), Map.entry("WORKER_JAVA_OPTIONS", s.workerJavaOptions()),
            Map.entry("VOLUME_WAIT_SECONDS", Integer.toString(VOLUME_WAIT_SECONDS)),
            Map.entry("SHIP_LOGS", Boolean.toString(s.shipLogs())), Map.entry("LOG_GROUP_NAME", logGroupName)));
        return settings;
    }
}
