package com.ingestpipeline.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every stack setting: its key, Pulumi config type, default and description. Pulumi.yaml declares the
 * same keys under {@code config:} (a test keeps the two and the README table equal), so a setting has
 * one meaning whether it comes from {@code pulumi up} or from the offline plan.
 */
public final class SettingsSchema {
    /** The project name, which is also the config namespace of every key here. */
    public static final String PROJECT = "ingest-pipeline";

    /** Pulumi project config types (Pulumi.yaml allows exactly these). */
    public enum Type { STRING, INTEGER, BOOLEAN, ARRAY;

        /** The spelling Pulumi.yaml uses. */
        public String yamlName() {
            return name().toLowerCase();
        }
    }

    /** One setting. {@code defaultValue} is a String, Long, Boolean or List of String. */
    public record Setting(String key, Type type, Object defaultValue, String description) {
        /** {@code ingest-pipeline:<key>}, as written in Pulumi.&lt;stack&gt;.yaml. */
        public String fullKey() {
            return PROJECT + ":" + key;
        }
    }

    private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

    static {
        add("environment", Type.STRING, "dev", "Deployment environment: dev or prod. prod requires Multi-AZ, deletion protection, a final snapshot and S3 access logs.");

        add("vpcCidr", Type.STRING, "10.0.0.0/16", "IPv4 CIDR of the VPC (/16 to /24); private subnets are carved from it.");
        add("azCount", Type.INTEGER, 2L, "Availability zones (2 to 4) with a private subnet each.");
        add("interfaceEndpoints", Type.ARRAY, List.of("states", "secretsmanager", "ssm", "ssmmessages", "ec2messages"),
            "AWS services reached through interface VPC endpoints with private DNS.");
        add("singleAzEndpoints", Type.BOOLEAN, false, "Place interface endpoints in the first AZ only (cheaper, less available).");
        add("flowLogs", Type.BOOLEAN, true, "Send VPC flow logs to CloudWatch Logs.");
        add("existingVpcId", Type.STRING, "", "Use this VPC instead of creating one (with existingSubnetIds); the VPC settings above are then ignored.");
        add("existingSubnetIds", Type.ARRAY, List.of(), "Private subnets of existingVpcId, at least 2, in different AZs.");

        add("dbEngineVersion", Type.STRING, "17", "PostgreSQL engine version: 16 or 17, optionally with a minor (17.5).");
        add("dbInstanceClass", Type.STRING, "db.t4g.micro", "RDS instance class, e.g. db.t4g.micro, db.m7g.large.");
        add("dbAllocatedStorageGb", Type.INTEGER, 20L, "gp3 storage in GiB (20 to 65536).");
        add("dbMaxAllocatedStorageGb", Type.INTEGER, 100L, "Storage autoscaling ceiling in GiB (at least 10% above the storage); 0 turns autoscaling off; unset: the larger of 100 and 1.26 x storage.");
        add("dbMultiAz", Type.BOOLEAN, false, "Run a standby in a second AZ.");
        add("dbDeletionProtection", Type.BOOLEAN, true, "Refuse to delete the database (must be true in prod).");
        add("dbFinalSnapshot", Type.BOOLEAN, true, "Take a final snapshot when the database is deleted (must be true in prod).");
        add("dbBackupRetentionDays", Type.INTEGER, 7L, "Automated backup retention in days (7 to 35).");
        add("dbProxy", Type.BOOLEAN, false, "Put an RDS Proxy (TLS required) in front of the database.");
        add("dbName", Type.STRING, "ingest", "Database name.");
        add("dbMasterUsername", Type.STRING, "ingest_admin", "Master user name (not postgres, admin or rdsadmin).");

        add("workerInstanceType", Type.STRING, "t4g.medium", "EC2 worker instance type; the family decides the architecture (t4g → arm64).");
        add("workerCount", Type.INTEGER, 1L, "Worker instances polling the activity, each with its own data volume (1 to 20).");
        add("workerVolumeSizeGb", Type.INTEGER, 50L, "gp3 data volume size per worker in GiB (1 to 16384).");
        add("workerVolumeIops", Type.INTEGER, 3000L, "gp3 data volume IOPS (3000 to 16000, at most 500 per GiB).");
        add("workerVolumeThroughputMbps", Type.INTEGER, 125L, "gp3 data volume throughput in MiB/s (125 to 1000, at most IOPS/4).");
        add("workerIdleShutdownSeconds", Type.INTEGER, 900L, "Idle time after which a worker powers itself off (60 to 86400).");
        add("workerAlwaysOn", Type.BOOLEAN, false, "Keep workers running; they never power themselves off.");
        add("workerConcurrency", Type.INTEGER, 2L, "Tasks one worker runs at once (1 to 64).");
        add("workerSqlJob", Type.STRING, "",
            "SQL file (path from the project directory) the workers run as their default job: one SELECT over the view input, result written as Parquet; empty: the profile job.");
        add("workerShipLogs", Type.BOOLEAN, false,
            "Ship worker logs to CloudWatch Logs (rsyslog + CloudWatch agent); needs \"logs\" in interfaceEndpoints.");

        add("lambdaMemoryMb", Type.INTEGER, 1024L, "Ingest function memory in MB (128 to 10240).");
        add("lambdaTimeoutSeconds", Type.INTEGER, 60L, "Ingest function timeout in seconds (1 to 900).");
        add("lambdaReservedConcurrency", Type.INTEGER, 0L, "Reserved concurrency of the ingest function; 0 follows dbInstanceClass (at most 50, within max_connections); -1 leaves it unreserved (needs dbProxy or a large class).");
        add("maxObjectMb", Type.INTEGER, 5120L, "Largest upload in MiB the ingest function accepts (1 to 5242880); larger objects are rejected.");
        add("existingBucketName", Type.STRING, "", "Use this existing bucket instead of creating one; its notification configuration stays its owner's (see notificationDelivery).");
        add("notificationDelivery", Type.STRING, "",
            "How new objects reach the ingest function: s3 (a bucket notification) or eventbridge (a rule on the default bus; the bucket owner turns EventBridge on). Empty: s3 for a new bucket, eventbridge with existingBucketName.");
        add("ownBucketNotifications", Type.BOOLEAN, false,
            "With existingBucketName: let the stack write, and own, the bucket's whole notification configuration (required for s3 delivery on it).");
        add("inputPrefix", Type.STRING, "incoming/", "Key prefix whose uploads trigger ingestion.");
        add("inputSuffixes", Type.ARRAY, List.of(), "Key suffixes that trigger ingestion (empty: any key under inputPrefix).");
        add("resultsPrefix", Type.STRING, "results/", "Key prefix the worker writes results under; never overlaps inputPrefix.");

        add("logRetentionDays", Type.INTEGER, 30L, "Retention of every log group the stack creates (a CloudWatch Logs value).");
        add("s3AccessLogs", Type.STRING, "auto",
            "S3 server access logs of both buckets into a log bucket the stack owns (S3.9): auto (on in prod, off elsewhere), true or false; prod requires them.");
        add("kmsKeyArn", Type.STRING, "", "Customer-managed KMS key for the database and its secret, both buckets and the worker volumes; empty uses AWS-managed keys.");

        add("taskTimeoutSeconds", Type.INTEGER, 3600L, "Longest a batch task may run before the workflow restarts the worker (60 to 604800).");
        add("heartbeatSeconds", Type.INTEGER, 300L, "Worker heartbeat deadline in seconds (10 to taskTimeoutSeconds - 1).");
        add("maxWorkerRestarts", Type.INTEGER, 3L, "Times the workflow restarts a worker for one task before recording a failure (0 to 10).");
        add("workflowLogLevel", Type.STRING, "ALL", "State machine log level: ALL, ERROR, FATAL or OFF.");
        add("backfillMaxConcurrency", Type.INTEGER, 10L,
            "Backfill batches running at once (1 to 10000); each is an ingest function invocation, so at most the reserved concurrency (lambdaReservedConcurrency) and inside its connection budget.");
        add("backfillToleratedFailurePercentage", Type.INTEGER, 5L, "Share of backfill batches that may fail before the run fails (0 to 100).");
        add("backfillBatchSize", Type.INTEGER, 100L, "Objects per backfill batch, one ingest function call (1 to 1000).");

        add("alarmEmail", Type.STRING, "", "E-mail address subscribed to the stack's alarm topic (confirm the mail AWS sends); empty: no subscriber.");
        add("alarmTopicArn", Type.STRING, "", "Existing SNS topic every alarm notifies instead of a topic the stack creates; its policy must let CloudWatch publish.");

        add("tags", Type.ARRAY, List.of(), "Extra tags on every taggable resource, each \"key=value\".");
        add("securityGateWaivers", Type.ARRAY, List.of(),
            "Security gate controls this stack waives, each \"CONTROL: reason\" (e.g. \"EC2.6: flow logs off in dev\").");
    }

    private SettingsSchema() {
    }

    private static void add(String key, Type type, Object defaultValue, String description) {
        SETTINGS.put(key, new Setting(key, type, defaultValue, description));
    }

    /** All settings, in the order Pulumi.yaml and the README list them. */
    public static List<Setting> all() {
        return List.copyOf(SETTINGS.values());
    }

    /** A setting by its key (without namespace). */
    public static Optional<Setting> find(String key) {
        return Optional.ofNullable(SETTINGS.get(key));
    }

    /** The setting for a key this class declares; fails loudly on a typo in the reader. */
    static Setting get(String key) {
        Setting setting = SETTINGS.get(key);
        if (setting == null) {
            throw new IllegalStateException("no setting '" + key + "' in SettingsSchema");
        }
        return setting;
    }
}
