package com.ingestpipeline.functions.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.db.FileStatus;
import com.ingestpipeline.functions.common.db.NewFile;
import com.ingestpipeline.functions.common.db.UpsertResult;
import com.ingestpipeline.functions.common.logging.LogContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * The ingest logic, independent of the Lambda plumbing: S3 event → object metadata and format → one row in
 * {@code ingest_file} → one Step Functions execution per accepted object version.
 *
 * <p>Only records for the stack's bucket ({@link IngestConfig#foreignBucket}) are read. Bad input ends as a log
 * line plus a recorded rejection or a no-op, and never stops the other records of the event. Transient faults
 * (database, S3 or Step Functions unavailable or throttling after the SDK's own retries) fail the invocation once
 * the other records are done, so Lambda's asynchronous retries, then the on-failure destination, take over; a
 * retry repeats nothing that already happened (upsert on the object version, deterministic execution name).
 */
final class IngestService {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final IngestConfig config;
    private final S3Client s3;
    private final SfnClient sfn;
    private final FileRepository files;
    private final S3EventParser parser;
    private final FormatDetector detector;
    private final Backfill backfill;

    IngestService(IngestConfig config, S3Client s3, SfnClient sfn, FileRepository files) {
        this.config = config;
        this.s3 = s3;
        this.sfn = sfn;
        this.files = files;
        this.parser = new S3EventParser();
        this.detector = new FormatDetector();
        this.backfill = new Backfill(this, files);
    }

    /** Handles one invocation's input. Throws only for transient faults (so Lambda retries). */
    IngestSummary handle(byte[] input) {
        Object root;
        List<ObjectEvent> events;
        List<String> skipped = new ArrayList<>();
        try {
            root = parser.readTree(input);
            if (parser.isTestEvent(root)) {
                LOG.info("S3 test event (sent when the notification was configured): nothing to do");
                return new IngestSummary();
            }
            if (BackfillBatch.isBatch(root)) {
                return backfill.handle(BackfillBatch.parse(root));
            }
            events = parser.records(root, skipped);
        } catch (S3EventParser.BadEventException e) {
            LOG.error("rejected the whole input: {}", e.getMessage());
            return IngestSummary.failed(e.getMessage());
        }
        IngestSummary summary = new IngestSummary();
        summary.records = events.size() + skipped.size();
        for (String s : skipped) {
            LOG.warn("skipped {}", s);
            summary.notes.add(s);
            summary.ignored++;
        }
        List<RuntimeException> failures = new ArrayList<>();
        for (ObjectEvent e : events) {
            try {
                ingest(e, summary);
            } catch (RuntimeException ex) {
                // Transient (database, throttling, S3 5xx): finish the other records first, then fail the invocation
                // so Lambda's retry redoes this one; the others are duplicates by then and start nothing again.
                LOG.error("record failed, the invocation will fail after the other records: {}", ex.toString());
                summary.failed++;
                summary.notes.add((e.key() != null ? e.key() : e.rawKey()) + ": failed (retried): " + ex.getMessage());
                failures.add(ex);
            }
        }
        LOG.atInfo().addKeyValue("records", summary.records).addKeyValue("started", summary.started)
                .addKeyValue("rejected", summary.rejected).addKeyValue("duplicates", summary.duplicates)
                .addKeyValue("ignored", summary.ignored).addKeyValue("foreignBucket", summary.foreignBucket)
                .addKeyValue("failed", summary.failed).log("invocation done");
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        return summary;
    }

    /** One object through the whole ingest path (also a backfilled object: {@link Backfill}). */
    void ingest(ObjectEvent e, IngestSummary summary) {
        try (var b = LogContext.put(LogContext.BUCKET, e.bucket());
             var k = LogContext.put(LogContext.OBJECT_KEY, e.key() != null ? e.key() : e.rawKey())) {
            process(e, summary);
        } finally {
            LogContext.put(LogContext.ROW_ID, null);
            LogContext.put(LogContext.EXECUTION_NAME, null);
        }
    }

    private void process(ObjectEvent e, IngestSummary summary) {
        String foreign = config.foreignBucket(e.bucket());
        if (foreign != null) {
            LOG.warn("skipped, never read: {}", foreign);
            summary.notes.add(e.rawKey() + ": skipped: " + foreign);
            summary.foreignBucket++;
            return;
        }
        String skip = skipReason(e);
        if (skip != null) {
            LOG.info("ignored: {}", skip);
            summary.notes.add(e.rawKey() + ": " + skip);
            summary.ignored++;
            return;
        }
        ObjectSample sample;
        try {
            sample = fetch(e);
        } catch (Unreadable ex) {
            reject(e, null, ex.getMessage(), summary);
            return;
        }
        if (sample == null) {
            reject(e, null, "object no longer exists (deleted before it could be read)", summary);
            return;
        }
        if (!e.eTag().isEmpty() && e.versionId() == null && !e.eTag().equals(sample.etag())) {
            String why = "object was overwritten since this event (ETag " + e.eTag() + " is now " + sample.etag()
                    + "); the newer event records it";
            LOG.info("ignored: {}", why);
            summary.notes.add(e.key() + ": " + why);
            summary.ignored++;
            return;
        }
        String problem = sample.size() == 0 ? "empty object (0 bytes)"
                : sample.size() > config.maxObjectBytes() ? "object is " + sample.size() + " bytes, over the maximum of "
                        + config.maxObjectBytes() : null;
        FormatDetector.Result format = problem != null ? null
                : detector.detect(e.key(), sample.contentType(), sample.bytes(), sample.bytes().length >= sample.size());
        if (problem == null && !format.accepted()) {
            problem = format.reason();
        }
        if (problem != null) {
            reject(e, sample, problem, summary);
            return;
        }
        NewFile file = new NewFile(e.bucket(), e.key(), e.versionId(), sample.etag(), e.sequencer(), sample.size(),
                sample.contentType(), format.format(), format.compression(), format.columns(), FileStatus.RECEIVED, null);
        UpsertResult result = upsert(file);
        FileRecord row = result.file();
        LogContext.put(LogContext.ROW_ID, row.id());
        switch (result.outcome()) {
            case STALE -> {
                LOG.info("ignored: an older event for a key already recorded from a newer one (sequencer {} < {})",
                        e.sequencer(), row.sequencer());
                summary.notes.add(e.key() + ": stale event");
                summary.ignored++;
            }
            case DUPLICATE -> {
                if (row.status() == FileStatus.RECEIVED && row.executionName() == null) {
                    // An earlier delivery recorded the row but failed before the execution started: finish its job.
                    startExecution(row, summary);
                } else {
                    LOG.info("duplicate delivery: row already {}", row.status().dbValue());
                    summary.duplicates++;
                }
            }
            case INSERTED, REPLACED -> startExecution(row, summary);
        }
    }

    private String skipReason(ObjectEvent e) {
        if (!e.isObjectCreated()) {
            return "not an object creation (" + e.eventName() + ")";
        }
        if (e.keyError() != null) {
            return e.keyError();
        }
        if (!e.key().startsWith(config.inputPrefix())) {
            return "outside the input prefix '" + config.inputPrefix() + "'";
        }
        if (e.key().startsWith(config.resultsPrefix())) {
            return "under the results prefix '" + config.resultsPrefix() + "' (worker output)";
        }
        return null;
    }

    /** Object metadata plus its first bytes, or null when the object (version) no longer exists. */
    record ObjectSample(long size, String etag, String contentType, byte[] bytes) {
    }

    /**
     * One ranged GET returns both the first {@link FormatDetector#SAMPLE_BYTES} and the metadata a HEAD would
     * (total size from Content-Range, ETag, content type), halving S3 requests. An empty object has no byte
     * range to return (S3 answers 416), so it falls back to HEAD.
     */
    private ObjectSample fetch(ObjectEvent e) {
        try {
            if (e.size() > 0) {
                ResponseBytes<GetObjectResponse> got = s3.getObject(r -> r.bucket(e.bucket()).key(e.key())
                        .versionId(e.versionId()).range("bytes=0-" + (FormatDetector.SAMPLE_BYTES - 1)),
                        ResponseTransformer.toBytes());
                GetObjectResponse m = got.response();
                return new ObjectSample(totalSize(m), unquote(m.eTag()), m.contentType(), got.asByteArray());
            }
        } catch (S3Exception ex) {
            if (ex.statusCode() == 404) {
                return null;
            }
            if (ex.statusCode() != 416) {
                throw permanentOrRethrow(ex);
            }
        }
        try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(e.bucket()).key(e.key()).versionId(e.versionId()));
            long size = h.contentLength() == null ? 0 : h.contentLength();
            return new ObjectSample(size, unquote(h.eTag()), h.contentType(), new byte[0]);
        } catch (S3Exception ex) {
            if (ex.statusCode() == 404) {
                return null;
            }
            throw permanentOrRethrow(ex);
        }
    }

    /**
     * S3's answer for this one object that no retry will change: a 403 (the role or the KMS key policy refuses it;
     * {@code s3:ListBucket} is granted, so a missing key is a 404, not a 403) or another 4xx that is not throttling
     * or a timeout. Anything else (5xx, 429, 408, SlowDown) is rethrown as transient.
     */
    private static RuntimeException permanentOrRethrow(S3Exception ex) {
        int status = ex.statusCode();
        boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429 && !ex.isThrottlingException();
        if (!permanent) {
            return ex;
        }
        String code = ex.awsErrorDetails() == null ? "" : " " + ex.awsErrorDetails().errorCode();
        String what = status == 403 ? "access denied reading the object" : "S3 refused to read the object";
        LOG.error("{} (S3 {}{}): the function's role, the bucket policy or the KMS key policy needs a look", what,
                status, code);
        return new Unreadable(what + " (S3 " + status + code + ")");
    }

    /** S3 refused this object for good (see {@link #permanentOrRethrow}); the record is rejected, the rest go on. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private static long totalSize(GetObjectResponse m) {
        String range = m.contentRange();
        if (range != null && range.lastIndexOf('/') > 0) {
            String total = range.substring(range.lastIndexOf('/') + 1).trim();
            if (!total.equals("*")) {
                return Long.parseLong(total);
            }
        }
        return m.contentLength() == null ? 0 : m.contentLength();
    }

    private static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    private void reject(ObjectEvent e, ObjectSample sample, String reason, IngestSummary summary) {
        NewFile file = new NewFile(e.bucket(), e.key(), e.versionId(), sample != null ? sample.etag() : e.eTag(),
                e.sequencer(), sample != null ? sample.size() : e.size(), sample != null ? sample.contentType() : null,
                null, null, null, FileStatus.REJECTED, reason);
        UpsertResult result = upsert(file);
        LogContext.put(LogContext.ROW_ID, result.file().id());
        switch (result.outcome()) {
            case INSERTED, REPLACED -> {
                LOG.warn("rejected: {}", reason);
                summary.rejected++;
                summary.notes.add(e.key() + ": rejected: " + reason);
            }
            case DUPLICATE -> {
                LOG.info("duplicate delivery of a rejected object ({})", reason);
                summary.duplicates++;
            }
            case STALE -> {
                LOG.info("ignored: stale event for a key already recorded from a newer one");
                summary.ignored++;
            }
        }
    }

    private UpsertResult upsert(NewFile file) {
        try {
            return files.upsert(file);
        } catch (SQLException ex) {
            throw new TransientFailure("database write failed for " + file.bucket() + "/" + file.key(), ex);
        }
    }

    /** Starts the row's execution under the name derived from its S3 event, and records the name. */
    void startExecution(FileRecord row, IngestSummary summary) {
        startExecution(row, ExecutionNames.of(row.bucket(), row.key(), row.versionId(), row.etag(), row.sequencer()),
                summary);
    }

    /** Starts the row's execution under {@code name} (idempotent: the name is deterministic), records the name. */
    void startExecution(FileRecord row, String name, IngestSummary summary) {
        LogContext.put(LogContext.EXECUTION_NAME, name);
        try {
            sfn.startExecution(StartExecutionRequest.builder()
                    .stateMachineArn(config.stateMachineArn()).name(name).input(executionInput(row)).build());
            LOG.info("started workflow execution");
        } catch (ExecutionAlreadyExistsException ex) {
            LOG.info("workflow execution already exists (earlier delivery started it)");
        }
        try {
            // Guarded by the sequencer: if a newer event replaced the row meanwhile, its own invocation records
            // its execution (a redelivery must not find this one's name and take the newer version as started).
            files.setExecutionName(row.id(), row.sequencer(), name);
        } catch (SQLException ex) {
            throw new TransientFailure("could not record execution " + name + " for row " + row.id(), ex);
        }
        summary.started++;
    }

    /** The workflow input (docs/design.md): the object reference and the row id. */
    private String executionInput(FileRecord row) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonTree.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("fileId", row.id());
            g.writeStringField("bucket", row.bucket());
            g.writeStringField("key", row.key());
            g.writeStringField("versionId", row.versionId().isEmpty() ? null : row.versionId());
            g.writeStringField("etag", row.etag());
            g.writeStringField("format", row.format());
            g.writeStringField("compression", row.compression());
            g.writeStringField("resultsPrefix", config.resultsPrefix());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toString();
    }

    /** A fault worth retrying the whole invocation for; Lambda's async retry and failure destination take over. */
    static final class TransientFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransientFailure(String message, Throwable cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
