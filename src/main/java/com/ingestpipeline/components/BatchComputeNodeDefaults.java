package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.Ranges;
import com.ingestpipeline.components.internal.LogRetention;
import com.ingestpipeline.components.internal.ArtifactRules;
import com.ingestpipeline.components.internal.Gp3Rules;
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

    static final int DATA_VOLUME_SIZE_GIB = 100;
    static final int DATA_VOLUME_IOPS = Gp3Rules.BASELINE_IOPS;
    static final int DATA_VOLUME_THROUGHPUT_MIBPS = Gp3Rules.BASELINE_THROUGHPUT_MIBPS;
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

    // EC2 system status check: two failed one-minute checks trigger the recover action, which moves
    // the instance to healthy hardware keeping its id, private IP, EBS volumes and metadata.
    static final int RECOVERY_PERIOD_SECONDS = 60;
    static final int RECOVERY_EVALUATION_PERIODS = 2;


    private static final Pattern AMI_ID = Pattern.compile("^ami-[0-9a-f]{8,17}$");
    private static final Pattern DEVICE_NAME = Pattern.compile("^/dev/sd[f-p]$");
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
        static Builder builder() {
            return new Builder();
        }
    }

    /** Names every field, so two swapped settings of one type cannot compile into the wrong place. */
    static final class Builder {
        private String instanceType;
        private String architecture;
        private String amiId;
        private boolean replaceOnAmiChange;
        private int workerCount;
        private int rootVolumeSizeGib;
        private boolean userDataReplaceOnChange;
        private DatabaseClient database;
        private Volume volume;
        private int workerConcurrency;
        private int idleShutdownSeconds;
        private int heartbeatIntervalSeconds;
        private WorkerJar workerJar;
        private String workerJavaOptions;
        private boolean artifactBucketForceDestroy;
        private int logRetentionDays;
        private List<String> httpsEgressCidrs;
        private boolean shipLogs;
        private boolean sessionManager;
        private SqlJob sqlJob;

        Builder instanceType(String v) { instanceType = v; return this; }
        Builder architecture(String v) { architecture = v; return this; }
        Builder amiId(String v) { amiId = v; return this; }
        Builder replaceOnAmiChange(boolean v) { replaceOnAmiChange = v; return this; }
        Builder workerCount(int v) { workerCount = v; return this; }
        Builder rootVolumeSizeGib(int v) { rootVolumeSizeGib = v; return this; }
        Builder userDataReplaceOnChange(boolean v) { userDataReplaceOnChange = v; return this; }
        Builder database(DatabaseClient v) { database = v; return this; }
        Builder volume(Volume v) { volume = v; return this; }
        Builder workerConcurrency(int v) { workerConcurrency = v; return this; }
        Builder idleShutdownSeconds(int v) { idleShutdownSeconds = v; return this; }
        Builder heartbeatIntervalSeconds(int v) { heartbeatIntervalSeconds = v; return this; }
        Builder workerJar(WorkerJar v) { workerJar = v; return this; }
        Builder workerJavaOptions(String v) { workerJavaOptions = v; return this; }
        Builder artifactBucketForceDestroy(boolean v) { artifactBucketForceDestroy = v; return this; }
        Builder logRetentionDays(int v) { logRetentionDays = v; return this; }
        Builder httpsEgressCidrs(List<String> v) { httpsEgressCidrs = v; return this; }
        Builder shipLogs(boolean v) { shipLogs = v; return this; }
        Builder sessionManager(boolean v) { sessionManager = v; return this; }
        Builder sqlJob(SqlJob v) { sqlJob = v; return this; }

        Settings build() {
            return new Settings(instanceType, architecture, amiId, replaceOnAmiChange, workerCount, rootVolumeSizeGib,
                userDataReplaceOnChange, database, volume, workerConcurrency, idleShutdownSeconds,
                heartbeatIntervalSeconds, workerJar, workerJavaOptions, artifactBucketForceDestroy, logRetentionDays,
                httpsEgressCidrs, shipLogs, sessionManager, sqlJob);
        }
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
        problems.addAll(DatabaseClient.problems(args.database()));

        String instanceType = args.instanceType().orElse(INSTANCE_TYPE);
        InstanceArchitecture.problem(instanceType).ifPresent(problems::add);
        args.amiId().filter(ami -> !AMI_ID.matcher(ami).matches()).ifPresent(ami ->
            problems.add("amiId must look like ami-0123456789abcdef0 (got " + ami + ")"));
        int workerCount = Ranges.within(problems, "workerCount",
            args.workerCount().orElse(null), WORKER_COUNT, 1, MAX_WORKER_COUNT);
        int rootSize = Ranges.within(problems, "rootVolumeSizeGib",
            args.rootVolumeSizeGib().orElse(null), ROOT_VOLUME_SIZE_GIB, 8, 1024);

        BatchDataVolumeArgs v = args.dataVolume().orElseGet(() -> BatchDataVolumeArgs.builder().build());
        int size = Ranges.within(problems, "dataVolume.sizeGib",
            v.sizeGib().orElse(null), DATA_VOLUME_SIZE_GIB, Gp3Rules.MIN_SIZE_GIB,
            Gp3Rules.MAX_SIZE_GIB);
        int iops = Ranges.within(problems, "dataVolume.iops",
            v.iops().orElse(null), DATA_VOLUME_IOPS, Gp3Rules.BASELINE_IOPS,
            Gp3Rules.MAX_IOPS);
        int throughput = Ranges.within(problems, "dataVolume.throughputMibps", v.throughputMibps().orElse(null),
            DATA_VOLUME_THROUGHPUT_MIBPS, Gp3Rules.BASELINE_THROUGHPUT_MIBPS, Gp3Rules.MAX_THROUGHPUT_MIBPS);
        Gp3Rules.iopsProblem(iops, size).ifPresent(p -> problems.add("dataVolume.iops " + p));
        Gp3Rules.throughputProblem(throughput, iops).ifPresent(p -> problems.add("dataVolume.throughputMibps " + p));
        String device = v.deviceName().orElse(DATA_DEVICE_NAME);
        if (!DEVICE_NAME.matcher(device).matches()) {
            problems.add("dataVolume.deviceName must be /dev/sdf to /dev/sdp (got " + device + ")");
        }
        String fileSystem = v.fileSystem().orElse(DATA_FILE_SYSTEM);
        if (!DATA_FILE_SYSTEMS.contains(fileSystem)) {
            problems.add("dataVolume.fileSystem must be one of " + DATA_FILE_SYSTEMS + " (got " + fileSystem + ")");
        }

        int concurrency = Ranges.within(problems, "workerConcurrency",
            args.workerConcurrency().orElse(null), WORKER_CONCURRENCY, 1, 64);
        boolean alwaysOn = args.alwaysOn().orElse(false);
        int idle = 0;
        if (alwaysOn) {
            // 0 is what IDLE_SHUTDOWN_SECONDS means for always-on, so it is accepted alongside alwaysOn.
            if (args.idleShutdownSeconds().filter(s -> s != 0).isPresent()) {
                problems.add("alwaysOn and idleShutdownSeconds are mutually exclusive (an always-on worker never "
                    + "powers off; got idleShutdownSeconds " + args.idleShutdownSeconds().get() + ")");
            }
        } else {
            idle = Ranges.within(problems, "idleShutdownSeconds",
                args.idleShutdownSeconds().orElse(null), IDLE_SHUTDOWN_SECONDS, 60, 86400);
        }
        int heartbeat = Ranges.within(problems, "heartbeatIntervalSeconds",
            args.heartbeatIntervalSeconds().orElse(null),
            HEARTBEAT_INTERVAL_SECONDS, 5, 3600);
        String javaOptions = args.workerJavaOptions().orElse(WORKER_JAVA_OPTIONS);
        if (!JAVA_OPTIONS.matcher(javaOptions).matches()) {
            problems.add("workerJavaOptions may contain only letters, digits, spaces and :=+._/%- (got " + javaOptions + ")");
        }
        Path jarPath = args.workerJarPath().map(Path::of).orElse(null);
        args.workerJarPath().flatMap(ArtifactRules::fileProblem).ifPresent(p -> problems.add("workerJarPath " + p));
        Path sqlPath = args.sqlJobPath().map(Path::of).orElse(null);
        String sqlKey = args.sqlJobObjectKey().orElse(null);
        if (sqlPath != null && sqlKey != null) {
            problems.add("sqlJobPath and sqlJobObjectKey are mutually exclusive (a file shipped with the stack, or one "
                + "already in the artifacts bucket)");
        } else {
            args.sqlJobPath().flatMap(ArtifactRules::fileProblem).ifPresent(p -> problems.add("sqlJobPath " + p));
            args.sqlJobObjectKey().flatMap(k -> ArtifactRules.objectKeyProblem(k, ARTIFACT_PREFIX))
                .ifPresent(p -> problems.add("sqlJobObjectKey " + p));
        }
        if (args.artifactBucketName().isPresent()
            && (args.artifactBucketForceDestroy().isPresent() || args.artifactBucketAccessLogBucketName().isPresent())) {
            problems.add("artifactBucketName and the new-bucket settings (artifactBucketForceDestroy, "
                + "artifactBucketAccessLogBucketName) are mutually exclusive");
        }
        int retention = args.logRetentionDays().orElse(LOG_RETENTION_DAYS);
        LogRetention.problem(retention).ifPresent(p -> problems.add("logRetentionDays " + p));
        List<String> cidrs = args.httpsEgressCidrs().orElse(null);
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

        Volume volume = new Volume(size, iops, throughput, v.kmsKeyArn().orElse(null),
            v.retainOnDelete().orElse(DATA_RETAIN_ON_DELETE), v.protect().orElse(DATA_PROTECT),
            v.finalSnapshot().orElse(DATA_FINAL_SNAPSHOT), device, fileSystem);
        WorkerJar jar = jarPath == null
            ? new WorkerJar(BundledArtifacts.batchWorker().path(), BundledArtifacts.batchWorker().sha256())
            : new WorkerJar(jarPath, sha256(jarPath));
        return Settings.builder()
            .instanceType(instanceType)
            .architecture(InstanceArchitecture.of(instanceType))
            .amiId(args.amiId().orElse(null))
            .replaceOnAmiChange(args.replaceOnAmiChange().orElse(false))
            .workerCount(workerCount)
            .rootVolumeSizeGib(rootSize)
            .userDataReplaceOnChange(args.userDataReplaceOnChange().orElse(false))
            .database(DatabaseClient.of(args.database()))
            .volume(volume)
            .workerConcurrency(concurrency)
            .idleShutdownSeconds(idle)
            .heartbeatIntervalSeconds(heartbeat)
            .workerJar(jar)
            .workerJavaOptions(javaOptions)
            .artifactBucketForceDestroy(args.artifactBucketForceDestroy().orElse(false))
            .logRetentionDays(retention)
            .httpsEgressCidrs(cidrs)
            .shipLogs(args.shipLogs().orElse(false))
            // On unless turned off: the stack turns it off where the VPC has no route to Session Manager.
            .sessionManager(args.sessionManager().orElse(true))
            .sqlJob(sqlPath != null ? SqlJob.shipped(sqlPath) : sqlKey != null ? new SqlJob(null, null, sqlKey) : null)
            .build();
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
