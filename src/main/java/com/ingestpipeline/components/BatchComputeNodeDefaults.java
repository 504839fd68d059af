package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.BundledArtifacts;
import com.ingestpipeline.components.internal.DatabaseClient;
import com.ingestpipeline.components.internal.InstanceArchitecture;
import com.ingestpipeline.components.internal.NetworkPlacement;
import com.pulumi.core.Output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The secure, cheap-when-idle baseline of a {@link BatchComputeNode}, in one place. Caller settings apply
 * on top; the wiring (activity, role, artifact key, volume ids) is set by the component last.
 */
final class BatchComputeNodeDefaults {
    static final String INSTANCE_TYPE = "t4g.medium";
    static final int WORKER_COUNT = 1;
    static final int MAX_WORKER_COUNT = 20;
    static final int ROOT_VOLUME_SIZE_GIB = 16;
    /** The worker's traffic leaves the instance: only modes that encrypt. */
    static final List<String> DB_SSL_MODES = List.of("verify-full", "verify-ca", "require");

    // gp3 baseline: 3000 IOPS and 125 MiB/s come with every volume at no extra cost.
    static final int DATA_VOLUME_SIZE_GIB = 100;
    static final int DATA_VOLUME_IOPS = 3000;
    static final int DATA_VOLUME_THROUGHPUT_MIBPS = 125;
    static final String DATA_DEVICE_NAME = "/dev/sdf";
    static final String DATA_FILE_SYSTEM = "xfs";
    static final List<String> DATA_FILE_SYSTEMS = List.of("xfs", "ext4");
    static final boolean DATA_RETAIN_ON_DELETE = true;
    static final boolean DATA_PROTECT = false;
    static final boolean DATA_FINAL_SNAPSHOT = true;
    static final String MOUNT_POINT = "/data";
    static final String WORK_DIR = "/data/work";
    // Long enough for a first launch, where the attachment is created only after the instance exists.
    static final int VOLUME_WAIT_SECONDS = 600;

    static final int WORKER_CONCURRENCY = 2;
    static final int IDLE_SHUTDOWN_SECONDS = 900;
    static final int HEARTBEAT_INTERVAL_SECONDS = 20;
    static final String WORKER_JAVA_OPTIONS = "-XX:MaxRAMPercentage=25 -XX:+ExitOnOutOfMemoryError";
    static final String WORKER_MAIN_CLASS = "com.ingestpipeline.functions.worker.WorkerMain";
    static final String JAVA_PACKAGE = "java-21-amazon-corretto-headless";
    static final String ARTIFACT_PREFIX = "artifacts/batch-worker/";
    /**
     * The pointer object naming the current jar ("&lt;key&gt; &lt;sha256&gt;") and, on a second line, the SQL job
     * ("&lt;key&gt; &lt;sha256&gt;", or "&lt;key&gt; -" for a key of the user's, fetched unchecked), read by the boot
     * script on every boot. Neither key is in the user data: the provider stops, modifies and starts an instance whose
     * user data changes (terraform-provider-aws#27163), which would stop busy workers on every new jar or SQL file.
     */
    static final String JAR_POINTER_KEY = ARTIFACT_PREFIX + "current";

    static final int LOG_RETENTION_DAYS = 30;
    static final List<Integer> LOG_RETENTION_VALUES = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
        400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    // EC2 system status check: two failed one-minute checks trigger the recover action, which moves
    // the instance to healthy hardware keeping its id, private IP, EBS volumes and metadata.
    static final int RECOVERY_PERIOD_SECONDS = 60;
    static final int RECOVERY_EVALUATION_PERIODS = 2;


    private static final Pattern AMI_ID = Pattern.compile("^ami-[0-9a-f]{8,17}$");
    private static final Pattern DEVICE_NAME = Pattern.compile("^/dev/sd[f-p]$");
    // No whitespace: the key is a space-separated field of the pointer object.
    private static final Pattern OBJECT_KEY = Pattern.compile("^[^/\\s\\p{Cntrl}][^\\s\\p{Cntrl}]{0,1023}$");
    private static final Pattern JAVA_OPTIONS = Pattern.compile("^[A-Za-z0-9 :=+._/%-]*$");
    private static final Pattern IPV4_CIDR = Pattern.compile(
        "^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$");

    private BatchComputeNodeDefaults() {
    }

    /** The data volume after defaults. */
    record Volume(int sizeGib, int iops, int throughputMibps, Output<String> kmsKeyArn, boolean retainOnDelete,
                  boolean protect, boolean finalSnapshot, String deviceName, String fileSystem) {
    }

    /** The worker jar to upload: where it is and the sha256 that names its key. */
    record WorkerJar(Path path, String sha256) {
        String key() {
            return ARTIFACT_PREFIX + sha256 + ".jar";
        }
    }

    /**
     * The stack's SQL job: a file shipped with the stack ({@code path} and its {@code sha256}, uploaded beside the jar
     * under a content-addressed key) or an object the user put in the artifacts bucket ({@code path} null, no hash).
     */
    record SqlJob(Path path, String sha256, String key) {
        static SqlJob shipped(Path path) {
            String sha = BatchComputeNodeDefaults.sha256(path);
            return new SqlJob(path, sha, ARTIFACT_PREFIX + sha + ".sql");
        }

        boolean shipped() {
            return path != null;
        }
    }

    /** What the pointer object holds: the jar's line, then the SQL job's when the node has one. */
    static String pointerContent(WorkerJar jar, SqlJob sqlJob) {
        String jarLine = jar.key() + " " + jar.sha256() + "\n";
        return sqlJob == null ? jarLine : jarLine + sqlJob.key() + " " + (sqlJob.shipped() ? sqlJob.sha256() : "-") + "\n";
    }

    /** Every setting after defaults, the database connection included; the other wiring stays on the Args. */
    record Settings(String instanceType, String architecture, String amiId, boolean replaceOnAmiChange,
                    int workerCount, int rootVolumeSizeGib, boolean userDataReplaceOnChange,
                    DatabaseClient database, Volume volume, int workerConcurrency, int idleShutdownSeconds,
                    int heartbeatIntervalSeconds, WorkerJar workerJar, String workerJavaOptions,
                    boolean artifactBucketForceDestroy, int logRetentionDays, List<String> httpsEgressCidrs,
                    boolean shipLogs, boolean sessionManager, SqlJob sqlJob) {
    }

    /**
     * Validates every argument and applies the defaults. All problems are reported at once, each naming
     * its field, in one {@link IllegalArgumentException}.
     */
    static Settings resolve(BatchComputeNodeArgs args) {
        if (args == null) {
            throw new IllegalArgumentException("BatchComputeNodeArgs: args are required (network.vpcId, "
                + "network.subnetIds, database.host, database.name, database.secretArn)");
        }
        List<String> problems = new ArrayList<>(NetworkPlacement.problems(args.network()));
        problems.addAll(DatabaseClient.problems(args.database(), DB_SSL_MODES));

        String instanceType = or(args.instanceType(), INSTANCE_TYPE);
        InstanceArchitecture.problem(instanceType).ifPresent(problems::add);
        if (args.amiId() != null && !AMI_ID.matcher(args.amiId()).matches()) {
            problems.add("amiId must look like ami-0123456789abcdef0 (got " + args.amiId() + ")");
        }
        int workerCount = range(problems, "workerCount", args.workerCount(), WORKER_COUNT, 1, MAX_WORKER_COUNT);
        int rootSize = range(problems, "rootVolumeSizeGib", args.rootVolumeSizeGib(), ROOT_VOLUME_SIZE_GIB, 8, 1024);

        BatchDataVolumeArgs v = args.dataVolume() != null ? args.dataVolume() : BatchDataVolumeArgs.builder().build();
        int size = range(problems, "dataVolume.sizeGib", v.sizeGib(), DATA_VOLUME_SIZE_GIB, 1, 16384);
        int iops = range(problems, "dataVolume.iops", v.iops(), DATA_VOLUME_IOPS, 3000, 16000);
        int throughput = range(problems, "dataVolume.throughputMibps", v.throughputMibps(),
            DATA_VOLUME_THROUGHPUT_MIBPS, 125, 1000);
        // The 3000 IOPS baseline comes with any gp3 size; only IOPS provisioned above it need 500 per GiB.
        if (iops > DATA_VOLUME_IOPS && iops > 500L * size) {
            problems.add("dataVolume.iops above 3000 may be at most 500 per GiB on gp3 (" + iops + " IOPS on "
                + size + " GiB)");
        }
        if (throughput * 4L > iops) {
            problems.add("dataVolume.throughputMibps may be at most iops / 4 on gp3 (" + throughput + " MiB/s with "
                + iops + " IOPS)");
        }
        String device = or(v.deviceName(), DATA_DEVICE_NAME);
        if (!DEVICE_NAME.matcher(device).matches()) {
            problems.add("dataVolume.deviceName must be /dev/sdf to /dev/sdp (got " + device + ")");
        }
        String fileSystem = or(v.fileSystem(), DATA_FILE_SYSTEM);
        if (!DATA_FILE_SYSTEMS.contains(fileSystem)) {
            problems.add("dataVolume.fileSystem must be one of " + DATA_FILE_SYSTEMS + " (got " + fileSystem + ")");
        }

        int concurrency = range(problems, "workerConcurrency", args.workerConcurrency(), WORKER_CONCURRENCY, 1, 64);
        boolean alwaysOn = Boolean.TRUE.equals(args.alwaysOn());
        int idle = 0;
        if (alwaysOn) {
            // 0 is what IDLE_SHUTDOWN_SECONDS means for always-on, so it is accepted alongside alwaysOn.
            if (args.idleShutdownSeconds() != null && args.idleShutdownSeconds() != 0) {
                problems.add("alwaysOn and idleShutdownSeconds are mutually exclusive (an always-on worker never "
                    + "powers off; got idleShutdownSeconds " + args.idleShutdownSeconds() + ")");
            }
        } else {
            idle = range(problems, "idleShutdownSeconds", args.idleShutdownSeconds(), IDLE_SHUTDOWN_SECONDS, 60, 86400);
        }
        int heartbeat = range(problems, "heartbeatIntervalSeconds", args.heartbeatIntervalSeconds(),
            HEARTBEAT_INTERVAL_SECONDS, 5, 3600);
        String javaOptions = or(args.workerJavaOptions(), WORKER_JAVA_OPTIONS);
        if (!JAVA_OPTIONS.matcher(javaOptions).matches()) {
            problems.add("workerJavaOptions may contain only letters, digits, spaces and :=+._/%- (got " + javaOptions + ")");
        }
        Path jarPath = args.workerJarPath() == null ? null : Path.of(args.workerJarPath());
        if (jarPath != null && !(Files.isRegularFile(jarPath) && Files.isReadable(jarPath))) {
            problems.add("workerJarPath must be a readable file (got " + args.workerJarPath() + ")");
        }
        Path sqlPath = args.sqlJobPath() == null ? null : Path.of(args.sqlJobPath());
        if (sqlPath != null && args.sqlJobObjectKey() != null) {
            problems.add("sqlJobPath and sqlJobObjectKey are mutually exclusive (a file shipped with the stack, or one "
                + "already in the artifacts bucket)");
        } else if (sqlPath != null && !(Files.isRegularFile(sqlPath) && Files.isReadable(sqlPath))) {
            problems.add("sqlJobPath must be a readable file (got " + args.sqlJobPath() + ")");
        } else if (args.sqlJobObjectKey() != null && !OBJECT_KEY.matcher(args.sqlJobObjectKey()).matches()) {
            problems.add("sqlJobObjectKey must be an S3 key without a leading '/', whitespace or control characters (got '"
                + args.sqlJobObjectKey() + "')");
        } else if (args.sqlJobObjectKey() != null && args.sqlJobObjectKey().startsWith(ARTIFACT_PREFIX)) {
            problems.add("sqlJobObjectKey must not be under " + ARTIFACT_PREFIX + ", which the node owns (got '"
                + args.sqlJobObjectKey() + "'); use sqlJobPath to ship a file with the stack");
        }
        if (args.artifactBucketName() != null
            && (args.artifactBucketForceDestroy() != null || args.artifactBucketAccessLogBucketName() != null)) {
            problems.add("artifactBucketName and the new-bucket settings (artifactBucketForceDestroy, "
                + "artifactBucketAccessLogBucketName) are mutually exclusive");
        }
        int retention = or(args.logRetentionDays(), LOG_RETENTION_DAYS);
        if (!LOG_RETENTION_VALUES.contains(retention)) {
            problems.add("logRetentionDays must be one of " + LOG_RETENTION_VALUES + " (got " + retention + ")");
        }
        List<String> cidrs = args.httpsEgressCidrs();
        if (cidrs != null) {
            if (cidrs.isEmpty()) {
                problems.add("httpsEgressCidrs must not be empty (leave it unset for the VPC CIDR)");
            }
            cidrs.stream().filter(c -> c == null || !IPV4_CIDR.matcher(c).matches())
                .forEach(c -> problems.add("httpsEgressCidrs entries must be IPv4 CIDRs like 10.0.0.0/16 (got " + c + ")"));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("BatchComputeNodeArgs: " + String.join("; ", problems));
        }

        Volume volume = new Volume(size, iops, throughput, v.kmsKeyArn(),
            or(v.retainOnDelete(), DATA_RETAIN_ON_DELETE), or(v.protect(), DATA_PROTECT),
            or(v.finalSnapshot(), DATA_FINAL_SNAPSHOT), device, fileSystem);
        WorkerJar jar = jarPath == null
            ? new WorkerJar(BundledArtifacts.batchWorker().path(), BundledArtifacts.batchWorker().sha256())
            : new WorkerJar(jarPath, sha256(jarPath));
        return new Settings(instanceType, InstanceArchitecture.of(instanceType), args.amiId(),
            Boolean.TRUE.equals(args.replaceOnAmiChange()), workerCount, rootSize,
            Boolean.TRUE.equals(args.userDataReplaceOnChange()), DatabaseClient.of(args.database()), volume, concurrency,
            idle, heartbeat, jar, javaOptions, Boolean.TRUE.equals(args.artifactBucketForceDestroy()),
            retention, cidrs, Boolean.TRUE.equals(args.shipLogs()), !Boolean.FALSE.equals(args.sessionManager()),
            sqlPath != null ? SqlJob.shipped(sqlPath)
                : args.sqlJobObjectKey() != null ? new SqlJob(null, null, args.sqlJobObjectKey()) : null);
    }

    private static int range(List<String> problems, String field, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            problems.add(field + " must be " + min + ".." + max + " (got " + v + ")");
        }
        return v;
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
