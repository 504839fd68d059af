package com.ingestpipeline.stack;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stack's settings, read once from config and validated ({@link #load}); the rest of the program
 * never touches raw config. See {@link SettingsSchema} for each key, its default and meaning.
 *
 * @param environment {@code dev} or {@code prod}
 * @param region      {@code aws:region} when set, for messages and the cost estimate
 * @param tags        tags for every taggable resource: the {@code tags} setting plus {@code environment}
 * @param waivers     security gate controls this stack waives, with the reason
 * @param s3AccessLogs both buckets send S3 server access logs to a log bucket the stack owns
 */
public record StackSettings(
    String environment,
    Optional<String> region,
    Network network,
    Database database,
    Worker worker,
    Ingest ingest,
    Workflow workflow,
    int logRetentionDays,
    Optional<String> kmsKeyArn,
    Map<String, String> tags,
    List<Waiver> waivers,
    Alarms alarms,
    boolean s3AccessLogs) {

    /** Who the alarms tell: an e-mail subscriber of the stack's topic, or an existing topic. */
    public record Alarms(Optional<String> email, Optional<String> topicArn) {
        /** True when an alarm reaches someone (an existing topic is assumed to have its subscribers). */
        public boolean notifiesSomeone() {
            return email.isPresent() || topicArn.isPresent();
        }
    }

    public static final String DEV = "dev";
    public static final String PROD = "prod";

    /** Reads and validates every setting; throws {@link InvalidSettingsException} listing every problem. */
    public static StackSettings load(ConfigSource source) {
        return SettingsReader.read(source);
    }

    /** True for the production environment. */
    public boolean isProd() {
        return PROD.equals(environment);
    }

    /** The VPC: created from a CIDR, or an existing one. */
    public record Network(
        String vpcCidr,
        int azCount,
        List<String> interfaceEndpoints,
        boolean singleAzEndpoints,
        boolean flowLogs,
        Optional<String> existingVpcId,
        List<String> existingSubnetIds) {

        /** True when the stack uses an existing VPC instead of creating one. */
        public boolean bringYourOwnVpc() {
            return existingVpcId.isPresent();
        }
    }

    /** RDS PostgreSQL. */
    public record Database(
        String engineVersion,
        String instanceClass,
        int allocatedStorageGb,
        int maxAllocatedStorageGb,
        boolean multiAz,
        boolean deletionProtection,
        boolean finalSnapshot,
        int backupRetentionDays,
        boolean proxy,
        String name,
        String masterUsername) {
    }

    /**
     * The EC2 batch workers.
     *
     * @param architecture {@code arm64} or {@code x86_64}, derived from the instance type family
     * @param sqlJobPath   the SQL file the workers run as their default job; empty: the profile job
     */
    public record Worker(
        String instanceType,
        String architecture,
        int count,
        int volumeSizeGb,
        int volumeIops,
        int volumeThroughputMbps,
        int idleShutdownSeconds,
        boolean alwaysOn,
        int concurrency,
        boolean shipLogs,
        Optional<String> sqlJobPath) {

        /** What the worker's IDLE_SHUTDOWN_SECONDS gets: 0 when always on, so it never powers off. */
        public int effectiveIdleShutdownSeconds() {
            return alwaysOn ? 0 : idleShutdownSeconds;
        }
    }

    /**
     * The ingest Lambda function, the bucket and the keys it reacts to.
     *
     * @param reservedConcurrency    empty when unreserved
     * @param existingBucketName     empty when the stack creates the bucket
     * @param notificationDelivery   empty for the component's default (s3 for a new bucket, eventbridge otherwise)
     * @param ownBucketNotifications with an existing bucket: the stack may write its notification configuration
     */
    public record Ingest(
        int memoryMb,
        int timeoutSeconds,
        Optional<Integer> reservedConcurrency,
        int maxObjectMb,
        String inputPrefix,
        List<String> inputSuffixes,
        String resultsPrefix,
        Optional<String> existingBucketName,
        Optional<String> notificationDelivery,
        boolean ownBucketNotifications) {
    }

    /**
     * The Step Functions workflows: the one that drives the workers, and the backfill.
     *
     * @param backfillMaxConcurrency batches (ingest function calls, each with a database connection) at once
     */
    public record Workflow(
        int taskTimeoutSeconds,
        int heartbeatSeconds,
        int maxWorkerRestarts,
        String logLevel,
        int backfillMaxConcurrency,
        int backfillToleratedFailurePercentage,
        int backfillBatchSize) {

        /**
         * How often the worker sends a heartbeat: a third of the deadline, so two heartbeats can be lost
         * before Step Functions declares the task dead. Kept within BatchComputeNode's 5..3600 s, which stays
         * below every deadline this stack accepts (heartbeatSeconds is at least 10).
         */
        public int workerHeartbeatIntervalSeconds() {
            return Math.min(3600, Math.max(5, heartbeatSeconds / 3));
        }
    }

    /** A security gate control the stack waives, and why. */
    public record Waiver(String control, String reason) {
    }
}
