package com.ingestpipeline.functions.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.db.FileStatus;
import com.ingestpipeline.functions.common.db.NewFile;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import com.ingestpipeline.functions.common.testing.TestS3;
import com.ingestpipeline.functions.worker.job.JobRegistry;
import com.ingestpipeline.functions.worker.job.JobRun;
import com.ingestpipeline.functions.worker.job.duckdb.DuckDbSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Real PostgreSQL and S3 (common's fixtures), a fake activity, and a worker running on its own
 * thread. One per test.
 */
final class WorkerHarness implements AutoCloseable {
    /** A bucket per harness: ids restart at 1 after each truncate, so result keys must not collide across tests. */
    final String bucket;
    static final ObjectMapper JSON = new ObjectMapper();

    final TestDatabase db = TestDatabase.get();
    final TestS3 s3 = TestS3.get();
    final FileRepository files;
    final FakeActivity activity = new FakeActivity();
    final AtomicInteger powerOffs = new AtomicInteger();
    final Path workDir;
    ActivityWorker worker;
    /** The jobs the worker gets; a test may add the SQL job before {@link #start}. */
    JobRegistry jobs = JobRegistry.discover();
    private Thread thread;
    volatile Boolean runResult;
    /** Power-off calls that throw before this many have been made, like a sudo rule that is missing. */
    volatile int failingPowerOffs;

    WorkerHarness(Path workDir) {
        this.workDir = workDir;
        this.bucket = "worker-it-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        db.truncate();
        s3.createBucket(bucket);
        files = new FileRepository(db.newDatabase());
    }

    /** A second worker on the same database, bucket and work directory: the instance after a restart. */
    WorkerHarness(WorkerHarness before) {
        this.workDir = before.workDir;
        this.bucket = before.bucket;
        this.files = new FileRepository(db.newDatabase());
    }

    static WorkerSettings settings(Path workDir, int concurrency, Duration idle, Duration heartbeat, Duration grace) {
        return new WorkerSettings("arn:aws:states:us-east-1:000000000000:activity:batch", "i-0123456789abcdef0",
                workDir, concurrency, idle, heartbeat, grace);
    }

    WorkerHarness start() {
        return start(settings(workDir, 1, Duration.ZERO, Duration.ofMillis(50), Duration.ofSeconds(5)));
    }

    WorkerHarness start(WorkerSettings settings) {
        return start(settings, files);
    }

    boolean stopped() {
        return thread != null && !thread.isAlive();
    }

    WorkerHarness start(WorkerSettings settings, FileRepository repository) {
        TaskProcessor processor = new TaskProcessor(s3.client(), repository, jobs, settings.workDir(),
                new DuckDbSettings(JobRun.MEMORY_LIMIT, 2, settings.workDir()));
        worker = new ActivityWorker(activity.sfn, processor, settings, () -> {
            if (powerOffs.incrementAndGet() <= failingPowerOffs) {
                throw new java.io.IOException("power-off command [sudo -n systemctl poweroff] exited with 1");
            }
        }, Clock.systemUTC());
        thread = new Thread(() -> {
            try {
                runResult = worker.run();
            } catch (InterruptedException e) {
                runResult = false;
            }
        }, "worker-under-test");
        thread.start();
        return this;
    }

    /** Uploads an object and records it as the ingest function would; returns the task input. */
    ObjectNode ingest(String key, byte[] content, String format, String compression) throws SQLException {
        String etag = s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content)).eTag()
                .replace("\"", "");
        FileRecord row = files.upsert(new NewFile(bucket, key, "", etag, "00A1", content.length, null, format,
                compression, null, FileStatus.RECEIVED, null)).file();
        ObjectNode input = JSON.createObjectNode();
        input.put("fileId", row.id()).put("bucket", bucket).put("key", key).put("versionId", "").put("etag", etag)
                .put("format", format).put("compression", compression).put("resultsPrefix", "results/");
        return input;
    }

    void submit(JsonNode input) {
        activity.pending.add(input.toString());
    }

    JsonNode awaitSuccess(int n) throws Exception {
        FakeActivity.await(n + " success(es); failures so far " + activity.failures, () -> activity.successes.size() >= n);
        return JSON.readTree(activity.successes.get(n - 1).output());
    }

    void awaitAnswers(int n) throws InterruptedException {
        FakeActivity.await(n + " answer(s)", () -> activity.answers() >= n);
    }

    void awaitStopped() throws InterruptedException {
        FakeActivity.await("the poll loop to end", this::stopped);
    }

    /**
     * Is the poll loop parked waiting for a free task slot? Read from the thread's stack rather than
     * inferred from a pause, so "stops polling while full" is shown however slow the machine is.
     */
    boolean pollerWaitingForSlot() {
        Thread t = thread;
        if (t == null || t.getState() != Thread.State.WAITING) {
            return false;
        }
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals(java.util.concurrent.Semaphore.class.getName()) && f.getMethodName().startsWith("acquire")) {
                return true;
            }
        }
        return false;
    }

    List<String> resultKeys(long fileId) {
        return s3.client().listObjectsV2(b -> b.bucket(bucket).prefix("results/" + fileId + "/")).contents().stream()
                .map(o -> o.key()).sorted().toList();
    }

    String status(long fileId) throws SQLException {
        return files.findById(fileId).orElseThrow().status().dbValue();
    }

    long count(String sql) throws SQLException {
        try (Connection c = db.adminConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        if (worker != null) {
            worker.shutdown();
            thread.join(10_000);
        }
    }

    /** A Parquet output downloaded from the bucket and read back by a separate DuckDB: rows as text. */
    List<List<String>> parquetRows(long fileId, String fileName, String orderBy) throws Exception {
        Path local = java.nio.file.Files.createTempFile("result-", ".parquet");
        try {
            java.nio.file.Files.write(local, s3.client().getObjectAsBytes(b -> b.bucket(bucket)
                    .key("results/" + fileId + "/" + fileName)).asByteArray());
            return JobRun.query("SELECT * FROM read_parquet('" + local + "') ORDER BY " + orderBy);
        } finally {
            java.nio.file.Files.deleteIfExists(local);
        }
    }
}
