package com.ingestpipeline.functions.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.db.FileStatus;
import com.ingestpipeline.functions.worker.job.BatchJob;
import com.ingestpipeline.functions.worker.job.JobContext;
import com.ingestpipeline.functions.worker.job.JobRegistry;
import com.ingestpipeline.functions.worker.job.JobResult;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import com.ingestpipeline.functions.worker.job.duckdb.DuckDbSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Runs one task end to end: marks the row processing, streams the object to the work volume, runs
 * the job, uploads its committed outputs, then records the result and marks the row processed in
 * one transaction. The order is what keeps a crash invisible: outputs reach S3 only when complete,
 * and the database points at them only after every upload succeeded. The task directory is always
 * deleted, whatever happened.
 */
public final class TaskProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(TaskProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final FileRepository files;
    private final JobRegistry jobs;
    private final Path workDir;
    private final DuckDbSettings duckdb;

    /** {@code duckdb}: one task's share of the instance; its temp directory is replaced by one inside each task's. */
    public TaskProcessor(S3Client s3, FileRepository files, JobRegistry jobs, Path workDir, DuckDbSettings duckdb) {
        this.s3 = s3;
        this.files = files;
        this.jobs = jobs;
        this.workDir = workDir;
        this.duckdb = duckdb;
    }

    /** Processes the task; returns the {@code SendTaskSuccess} output (docs/design.md, "Worker task output"). */
    public ObjectNode process(TaskInput task) throws Exception {
        BatchJob job = jobs.get(task.job());
        if (!files.markProcessing(task.fileId(), task.etag())) {
            return alreadyDone(task, job);
        }
        Path taskDir = workDir.resolve("task-" + task.fileId() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(taskDir);
            Path input = download(task, taskDir);
            JobResult result = job.run(new JobContext(task.fileId(), input, task.format(), task.compression(),
                    new OutputFiles(taskDir.resolve("out")),
                    new DuckDbSettings(duckdb.memoryLimitBytes(), duckdb.threads(), taskDir.resolve("tmp"))));
            if (superseded(task)) {
                // Uploading would overwrite the newer version's outputs (same keys).
                return supersededOutput(task, job);
            }
            Map<String, String> keys = upload(task, result);
            boolean recorded = files.completeWithResult(task.fileId(), task.etag(),
                    new com.ingestpipeline.functions.common.db.JobResult(job.name(), result.rowCount(),
                            result.malformedCount(), result.summary(), keys));
            if (!recorded) {
                // A newer version of the object reset the row while we worked; its own execution will process it.
                LOG.warn("file {} left 'processing' while the task ran; result not recorded", task.fileId());
            }
            return output(task.fileId(), job.name(), result.rowCount(), result.malformedCount(), keys);
        } catch (Exception e) {
            // A failure (typically the ETag precondition) would reach RecordFailure, which marks the row failed by
            // id: after an overwrite that row is the newer version's, which its own task is about to process.
            if (supersededQuietly(task)) {
                return supersededOutput(task, job);
            }
            throw e;
        } finally {
            deleteTree(taskDir);
        }
    }

    /**
     * True when the row now holds other content than this task's (the key was overwritten in an unversioned bucket
     * and the ingest function replaced the row in place, same id): the newer version's own task handles it.
     */
    private boolean superseded(TaskInput task) throws SQLException {
        return task.etag() != null && files.findById(task.fileId())
                .map(row -> !row.etag().equals(task.etag())).orElse(false);
    }

    private boolean supersededQuietly(TaskInput task) {
        try {
            return superseded(task);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Success, so the old execution ends without RecordFailure touching the row; nothing was written. */
    private ObjectNode supersededOutput(TaskInput task, BatchJob job) {
        LOG.warn("file {} was overwritten (row no longer has ETag {}); task of the old content dropped",
                task.fileId(), task.etag());
        ObjectNode out = output(task.fileId(), job.name(), 0, 0, Map.of());
        out.put("superseded", true);
        return out;
    }

    /** markProcessing refused: a re-delivered task of a finished file answers with the stored result. */
    private ObjectNode alreadyDone(TaskInput task, BatchJob job) throws SQLException, TaskFailure {
        FileRecord row = files.findById(task.fileId()).orElseThrow(
                () -> TaskFailure.permanent("file " + task.fileId() + " is not in the database"));
        if (task.etag() != null && !row.etag().equals(task.etag())) {
            return supersededOutput(task, job);
        }
        if (row.status() == FileStatus.PROCESSED) {
            for (var r : files.results(task.fileId())) {
                if (r.job().equals(job.name())) {
                    return output(task.fileId(), r.job(), r.rowCount(), r.malformedCount(), r.outputs());
                }
            }
        }
        throw TaskFailure.permanent("file " + task.fileId() + " is " + row.status().dbValue()
                + ", so it cannot be processed");
    }

    private Path download(TaskInput task, Path taskDir) throws IOException, TaskFailure {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(task.bucket()).key(task.key());
        if (task.versionId() != null) {
            req.versionId(task.versionId());
        } else if (task.etag() != null) {
            // Unversioned bucket: refuse content that was overwritten after ingest (a newer event handles that).
            req.ifMatch(task.etag());
        }
        Path input = taskDir.resolve("input");
        var response = s3.getObject(req.build(), ResponseTransformer.toFile(input));
        Long size = response.contentLength();
        if (size != null && Files.size(input) != size) {
            throw TaskFailure.transientFailure("download of s3://" + task.bucket() + "/" + task.key()
                    + " was cut short (" + Files.size(input) + " of " + size + " bytes)", null);
        }
        return input;
    }

    private Map<String, String> upload(TaskInput task, JobResult result) {
        Map<String, String> keys = new TreeMap<>();
        for (Map.Entry<String, Path> e : result.outputs().entrySet()) {
            Path file = e.getValue();
            String name = file.getFileName().toString();
            String key = task.resultKey(name);
            s3.putObject(b -> b.bucket(task.bucket()).key(key).contentType(contentType(name)),
                    RequestBody.fromFile(file));
            keys.put(e.getKey(), key);
        }
        return keys;
    }

    private static String contentType(String name) {
        if (name.endsWith(".gz")) {
            return "application/gzip";
        }
        if (name.endsWith(".parquet")) {
            return "application/vnd.apache.parquet";
        }
        return name.endsWith(".json") ? "application/json" : "application/octet-stream";
    }

    static ObjectNode output(long fileId, String job, long rows, long malformed, Map<String, String> keys) {
        ObjectNode out = JSON.createObjectNode();
        out.put("fileId", fileId);
        out.put("job", job);
        out.put("rowCount", rows);
        out.put("malformedCount", malformed);
        ObjectNode outputs = out.putObject("outputs");
        new TreeMap<>(keys).forEach(outputs::put);
        return out;
    }

    /** Deletes a directory tree, best effort: a leftover is swept at the next worker start. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not clean {}: {}", dir, e.getMessage());
        }
    }
}
