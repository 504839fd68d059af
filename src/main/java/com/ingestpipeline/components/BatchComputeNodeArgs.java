package com.ingestpipeline.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.List;
import java.util.Optional;

/**
 * Settings for {@link BatchComputeNode}. Unset fields take the defaults in {@code BatchComputeNodeDefaults};
 * {@code BatchComputeNode} validates them all before creating anything.
 */
public final class BatchComputeNodeArgs extends ResourceArgs {
    /** Where the workers run (Network's placement()): VPC, private subnets (instance i goes to subnet i mod n, its data volume to that subnet's zone), and optionally the VPC CIDR (default HTTPS egress destination; else looked up) and the S3 prefix list (HTTPS egress to the gateway endpoint; else looked up). Default: none (required). */
    @Import(name = "network", required = true)
    private NetworkPlacementArgs network;

    /** IPv4 CIDRs the workers may reach on 443 besides S3 (interface endpoints). Set 0.0.0.0/0 only when AWS APIs are reached through a NAT gateway. Default: the VPC CIDR. */
    @Import(name = "httpsEgressCidrs")
    private List<String> httpsEgressCidrs;

    /** The database the worker records results in (Database's connection()): host, port, name and secret go into the user data (never the credentials; the worker reads the secret at run time); the role gets GetSecretValue on exactly the secret and kms:Decrypt on its key when given; with a security group the node adds an ingress rule on it and limits its database egress to it. sslMode: verify-full, verify-ca or require. Default: none (required). */
    @Import(name = "database", required = true)
    private DatabaseConnectionArgs database;

    /** EC2 instance type; its family decides the architecture of the AMI (t4g, m7g: arm64; t3, m7i: x86_64). Default: t4g.medium. */
    @Import(name = "instanceType")
    private String instanceType;

    /** AMI id to use instead of the latest Amazon Linux 2023 for the architecture (public SSM parameter). Default: none (SSM parameter). */
    @Import(name = "amiId")
    private String amiId;

    /** Replace the instances when the resolved AMI changes (a new AL2023 release). Off, a new AMI applies only to new instances. Default: false. */
    @Import(name = "replaceOnAmiChange")
    private Boolean replaceOnAmiChange;

    /** Number of worker instances (each with its own data volume), 1..20. Default: 1. */
    @Import(name = "workerCount")
    private Integer workerCount;

    /** Encrypted gp3 root volume size in GiB, 8..1024. Default: 16. */
    @Import(name = "rootVolumeSizeGib")
    private Integer rootVolumeSizeGib;

    /** Replace an instance when its user data changes. Off, a change (new jar key, new data volume) is applied by a stop and start, and the user data carries the data volume id; on, the user data omits the volume id so a new volume never replaces the instance, only a new jar or setting does. Default: false. */
    @Import(name = "userDataReplaceOnChange")
    private Boolean userDataReplaceOnChange;

    /** The per-instance EBS data volume. Default: see BatchDataVolumeArgs. */
    @Import(name = "dataVolume")
    private BatchDataVolumeArgs dataVolume;

    /** Tasks one worker runs at once (WORKER_CONCURRENCY), 1..64. Default: 2. */
    @Import(name = "workerConcurrency")
    private Integer workerConcurrency;

    /** Seconds without a task after which a worker powers its instance off (stop), 60..86400; with alwaysOn only 0 is allowed. Default: 900. */
    @Import(name = "idleShutdownSeconds")
    private Integer idleShutdownSeconds;

    /** Never power off when idle (IDLE_SHUTDOWN_SECONDS=0). Default: false. */
    @Import(name = "alwaysOn")
    private Boolean alwaysOn;

    /** Seconds between task heartbeats, 5..3600; keep it well below the workflow's HeartbeatSeconds. Default: 20. */
    @Import(name = "heartbeatIntervalSeconds")
    private Integer heartbeatIntervalSeconds;

    /** Path of a worker jar to deploy instead of the bundled one (its main class must be WorkerMain's contract). Default: the bundled batch-worker.jar. */
    @Import(name = "workerJarPath")
    private String workerJarPath;

    /** SQL file the workers run as their default job (one SELECT over the view input; result as Parquet): uploaded to the artifacts bucket under its sha256 and checked at boot. Mutually exclusive with sqlJobObjectKey. Default: none (the profile job). */
    @Import(name = "sqlJobPath")
    private String sqlJobPath;

    /** Key of a SQL file already in the artifacts bucket, run like sqlJobPath's (fetched at every boot, so a reboot picks up a new version). Default: none. */
    @Import(name = "sqlJobObjectKey")
    private String sqlJobObjectKey;

    /** JVM options of the worker service (letters, digits and -:=+._/%, spaces). Default: -XX:MaxRAMPercentage=25 -XX:+ExitOnOutOfMemoryError (DuckDB's memory lives outside the heap). */
    @Import(name = "workerJavaOptions")
    private String workerJavaOptions;

    /** Existing bucket to upload the worker jar to; mutually exclusive with the artifactBucket* settings for a new bucket. Default: a new private, encrypted, versioned bucket. */
    @Import(name = "artifactBucketName")
    private Output<String> artifactBucketName;

    /** KMS key of the artifacts bucket: a new bucket is encrypted with it, for an existing one it is the key its objects use; the role gets kms:Decrypt on it. Default: none (SSE-S3). */
    @Import(name = "artifactBucketKmsKeyArn")
    private Output<String> artifactBucketKmsKeyArn;

    /** Let pulumi destroy delete the new artifacts bucket with its objects (dev stacks). Default: false. */
    @Import(name = "artifactBucketForceDestroy")
    private Boolean artifactBucketForceDestroy;

    /** Bucket receiving the new artifacts bucket's server access logs. Default: none (no access log). */
    @Import(name = "artifactBucketAccessLogBucketName")
    private Output<String> artifactBucketAccessLogBucketName;

    /** Retention of the worker log group in days (a CloudWatch Logs retention value). Default: 30. */
    @Import(name = "logRetentionDays")
    private Integer logRetentionDays;

    /** Ship the worker's log lines to the log group (rsyslog + CloudWatch agent, installed by the user data). The VPC needs the logs interface endpoint (or a NAT route); the component cannot check that. Off, the role has no logs grant and the lines stay in journald. Default: false. */
    @Import(name = "shipLogs")
    private Boolean shipLogs;

    /** Actions (e.g. SNS topic ARNs) the recovery alarms notify besides recovering the instance. Default: none. */
    @Import(name = "alarmActionArns")
    private Output<List<String>> alarmActionArns;

    /** Grant the SSM agent what Session Manager needs (an inline policy, never AmazonSSMManagedInstanceCore). Turn it off when the VPC has neither the ssm, ssmmessages and ec2messages endpoints nor a NAT route: the agent could not reach SSM, so the grant would only widen the role. Default: true. */
    @Import(name = "sessionManager")
    private Boolean sessionManager;

    /** Tags for every taggable child, plus ingestpipeline:component. Default: none. */
    @Import(name = "tags")
    private List<TagArgs> tags;

    private BatchComputeNodeArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Null only when not set (the component refuses that). */
    public NetworkPlacementArgs network() { return network; }
    /** Empty when unset (the VPC CIDR); an empty list is an error, not "unset". */
    public Optional<List<String>> httpsEgressCidrs() { return Optional.ofNullable(httpsEgressCidrs); }
    /** Null only when not set (the component refuses that). */
    public DatabaseConnectionArgs database() { return database; }
    public Optional<String> instanceType() { return Optional.ofNullable(instanceType); }
    public Optional<String> amiId() { return Optional.ofNullable(amiId); }
    public Optional<Boolean> replaceOnAmiChange() { return Optional.ofNullable(replaceOnAmiChange); }
    public Optional<Integer> workerCount() { return Optional.ofNullable(workerCount); }
    public Optional<Integer> rootVolumeSizeGib() { return Optional.ofNullable(rootVolumeSizeGib); }
    public Optional<Boolean> userDataReplaceOnChange() { return Optional.ofNullable(userDataReplaceOnChange); }
    public Optional<BatchDataVolumeArgs> dataVolume() { return Optional.ofNullable(dataVolume); }
    public Optional<Integer> workerConcurrency() { return Optional.ofNullable(workerConcurrency); }
    public Optional<Integer> idleShutdownSeconds() { return Optional.ofNullable(idleShutdownSeconds); }
    public Optional<Boolean> alwaysOn() { return Optional.ofNullable(alwaysOn); }
    public Optional<Integer> heartbeatIntervalSeconds() { return Optional.ofNullable(heartbeatIntervalSeconds); }
    public Optional<String> workerJarPath() { return Optional.ofNullable(workerJarPath); }
    public Optional<String> sqlJobPath() { return Optional.ofNullable(sqlJobPath); }
    public Optional<String> sqlJobObjectKey() { return Optional.ofNullable(sqlJobObjectKey); }
    public Optional<String> workerJavaOptions() { return Optional.ofNullable(workerJavaOptions); }
    public Optional<Output<String>> artifactBucketName() { return Optional.ofNullable(artifactBucketName); }
    public Optional<Output<String>> artifactBucketKmsKeyArn() { return Optional.ofNullable(artifactBucketKmsKeyArn); }
    public Optional<Boolean> artifactBucketForceDestroy() { return Optional.ofNullable(artifactBucketForceDestroy); }
    public Optional<Output<String>> artifactBucketAccessLogBucketName() { return Optional.ofNullable(artifactBucketAccessLogBucketName); }
    public Optional<Integer> logRetentionDays() { return Optional.ofNullable(logRetentionDays); }
    public Optional<Boolean> shipLogs() { return Optional.ofNullable(shipLogs); }
    public Optional<Output<List<String>>> alarmActionArns() { return Optional.ofNullable(alarmActionArns); }
    public Optional<Boolean> sessionManager() { return Optional.ofNullable(sessionManager); }
    public List<TagArgs> tags() { return tags == null ? List.of() : tags; }

    /** Builds a {@link BatchComputeNodeArgs}; each build returns a new, independent object. */
    public static final class Builder {
        private final BatchComputeNodeArgs args = new BatchComputeNodeArgs();

        public Builder network(NetworkPlacementArgs value) {
            args.network = value;
            return this;
        }

        public Builder httpsEgressCidrs(List<String> value) {
            args.httpsEgressCidrs = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder database(DatabaseConnectionArgs value) {
            args.database = value;
            return this;
        }

        public Builder instanceType(String value) {
            args.instanceType = value;
            return this;
        }

        public Builder amiId(String value) {
            args.amiId = value;
            return this;
        }

        public Builder replaceOnAmiChange(Boolean value) {
            args.replaceOnAmiChange = value;
            return this;
        }

        public Builder workerCount(Integer value) {
            args.workerCount = value;
            return this;
        }

        public Builder rootVolumeSizeGib(Integer value) {
            args.rootVolumeSizeGib = value;
            return this;
        }

        public Builder userDataReplaceOnChange(Boolean value) {
            args.userDataReplaceOnChange = value;
            return this;
        }

        public Builder dataVolume(BatchDataVolumeArgs value) {
            args.dataVolume = value;
            return this;
        }

        public Builder workerConcurrency(Integer value) {
            args.workerConcurrency = value;
            return this;
        }

        public Builder idleShutdownSeconds(Integer value) {
            args.idleShutdownSeconds = value;
            return this;
        }

        public Builder alwaysOn(Boolean value) {
            args.alwaysOn = value;
            return this;
        }

        public Builder heartbeatIntervalSeconds(Integer value) {
            args.heartbeatIntervalSeconds = value;
            return this;
        }

        public Builder workerJarPath(String value) {
            args.workerJarPath = value;
            return this;
        }

        public Builder sqlJobPath(String value) {
            args.sqlJobPath = value;
            return this;
        }

        public Builder sqlJobObjectKey(String value) {
            args.sqlJobObjectKey = value;
            return this;
        }

        public Builder workerJavaOptions(String value) {
            args.workerJavaOptions = value;
            return this;
        }

        public Builder artifactBucketName(Output<String> value) {
            args.artifactBucketName = value;
            return this;
        }

        public Builder artifactBucketName(String value) {
            return artifactBucketName(value == null ? null : Output.of(value));
        }

        public Builder artifactBucketKmsKeyArn(Output<String> value) {
            args.artifactBucketKmsKeyArn = value;
            return this;
        }

        public Builder artifactBucketKmsKeyArn(String value) {
            return artifactBucketKmsKeyArn(value == null ? null : Output.of(value));
        }

        public Builder artifactBucketForceDestroy(Boolean value) {
            args.artifactBucketForceDestroy = value;
            return this;
        }

        public Builder artifactBucketAccessLogBucketName(Output<String> value) {
            args.artifactBucketAccessLogBucketName = value;
            return this;
        }

        public Builder artifactBucketAccessLogBucketName(String value) {
            return artifactBucketAccessLogBucketName(value == null ? null : Output.of(value));
        }

        public Builder logRetentionDays(Integer value) {
            args.logRetentionDays = value;
            return this;
        }

        public Builder shipLogs(Boolean value) {
            args.shipLogs = value;
            return this;
        }

        public Builder alarmActionArns(Output<List<String>> value) {
            args.alarmActionArns = value;
            return this;
        }

        public Builder sessionManager(Boolean value) {
            args.sessionManager = value;
            return this;
        }

        public Builder tags(List<TagArgs> value) {
            args.tags = value == null ? null : List.copyOf(value);
            return this;
        }

        public BatchComputeNodeArgs build() {
            BatchComputeNodeArgs out = new BatchComputeNodeArgs();
            out.network = args.network;
            out.httpsEgressCidrs = args.httpsEgressCidrs;
            out.database = args.database;
            out.instanceType = args.instanceType;
            out.amiId = args.amiId;
            out.replaceOnAmiChange = args.replaceOnAmiChange;
            out.workerCount = args.workerCount;
            out.rootVolumeSizeGib = args.rootVolumeSizeGib;
            out.userDataReplaceOnChange = args.userDataReplaceOnChange;
            out.dataVolume = args.dataVolume;
            out.workerConcurrency = args.workerConcurrency;
            out.idleShutdownSeconds = args.idleShutdownSeconds;
            out.alwaysOn = args.alwaysOn;
            out.heartbeatIntervalSeconds = args.heartbeatIntervalSeconds;
            out.workerJarPath = args.workerJarPath;
            out.sqlJobPath = args.sqlJobPath;
            out.sqlJobObjectKey = args.sqlJobObjectKey;
            out.workerJavaOptions = args.workerJavaOptions;
            out.artifactBucketName = args.artifactBucketName;
            out.artifactBucketKmsKeyArn = args.artifactBucketKmsKeyArn;
            out.artifactBucketForceDestroy = args.artifactBucketForceDestroy;
            out.artifactBucketAccessLogBucketName = args.artifactBucketAccessLogBucketName;
            out.logRetentionDays = args.logRetentionDays;
            out.shipLogs = args.shipLogs;
            out.alarmActionArns = args.alarmActionArns;
            out.sessionManager = args.sessionManager;
            out.tags = args.tags;
            return out;
        }
    }
}
