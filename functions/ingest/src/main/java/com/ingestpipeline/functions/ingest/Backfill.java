package com.ingestpipeline.functions.ingest;

import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.db.FileStatus;
import com.ingestpipeline.functions.common.logging.LogContext;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill batch (docs/backfill.md) through the same ingest path as an S3 event: each listed object that has no
 * row yet is handed to {@link IngestService#ingest} as if S3 had announced it (same checks, same row, same
 * deterministic execution name), so running a backfill twice starts nothing new. In {@code reprocess} mode an
 * object already recorded is reopened ({@code received} again) and gets one new execution, named from the backfill
 * run and the object, so a retried batch of the same run starts nothing twice.
 *
 * <p>An object already recorded is recognised by key and ETag (the listing carries no version id), before any S3
 * request: a backfill over millions of recorded objects costs one indexed query each.
 */
final class Backfill {
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

    private final IngestService ingest;
    private final FileRepository files;

    Backfill(IngestService ingest, FileRepository files) {
        this.ingest = ingest;
        this.files = files;
    }

    IngestSummary handle(BackfillBatch batch) {
        IngestSummary summary = new IngestSummary();
        summary.records = batch.items().size();
        for (BackfillBatch.Item item : batch.items()) {
            try (var b = LogContext.put(LogContext.BUCKET, batch.bucket());
                 var k = LogContext.put(LogContext.OBJECT_KEY, item.key())) {
                one(batch, item, summary);
            } finally {
                LogContext.put(LogContext.ROW_ID, null);
                LogContext.put(LogContext.EXECUTION_NAME, null);
            }
        }
        LOG.atInfo().addKeyValue("runId", batch.runId()).addKeyValue("mode", batch.mode())
                .addKeyValue("records", summary.records).addKeyValue("started", summary.started)
                .addKeyValue("rejected", summary.rejected).addKeyValue("duplicates", summary.duplicates)
                .addKeyValue("ignored", summary.ignored).log("backfill batch done");
        return summary;
    }

    private void one(BackfillBatch batch, BackfillBatch.Item item, IngestSummary summary) {
        if (item.problem() != null) {
            ignore(item, item.problem(), summary);
            return;
        }
        if (!item.key().startsWith(batch.prefix())) {
            ignore(item, "outside the backfill prefix '" + batch.prefix() + "'", summary);
            return;
        }
        if (batch.since() != null && item.lastModified() != null && item.lastModified().isBefore(batch.since())) {
            ignore(item, "last modified " + item.lastModified() + ", before since " + batch.since(), summary);
            return;
        }
        Optional<FileRecord> recorded = recorded(batch.bucket(), item);
        if (recorded.isEmpty()) {
            ingest.ingest(batch.event(item), summary);
        } else if (batch.mode() == BackfillBatch.Mode.REPROCESS) {
            reprocess(batch, recorded.get(), summary);
        } else {
            FileRecord row = recorded.get();
            LogContext.put(LogContext.ROW_ID, row.id());
            if (row.status() == FileStatus.RECEIVED && row.executionName() == null) {
                // Recorded, but its invocation failed before the execution started: finish that job (same name).
                ingest.startExecution(row, summary);
            } else {
                LOG.info("already recorded: row {} is {}", row.id(), row.status().dbValue());
                summary.duplicates++;
            }
        }
    }

    /** The row of this object's content: the newest row of the key, when it holds the listed ETag. */
    private Optional<FileRecord> recorded(String bucket, BackfillBatch.Item item) {
        try {
            return files.findLatest(bucket, item.key()).filter(row -> row.etag().equals(item.etag()));
        } catch (SQLException ex) {
            throw new IngestService.TransientFailure("database read failed for " + bucket + "/" + item.key(), ex);
        }
    }

    private void reprocess(BackfillBatch batch, FileRecord row, IngestSummary summary) {
        LogContext.put(LogContext.ROW_ID, row.id());
        String name = ExecutionNames.reprocess(batch.runId(), row.bucket(), row.key(), row.versionId(), row.etag());
        if (!name.equals(row.executionName())) {
            if (row.status() == FileStatus.REJECTED) {
                ignore(row.key(), "rejected (" + row.statusReason() + "): nothing to reprocess", summary);
                return;
            }
            boolean reopened;
            try {
                reopened = files.reopen(row.id(), row.etag(), name);
            } catch (SQLException ex) {
                throw new IngestService.TransientFailure("could not reopen row " + row.id(), ex);
            }
            if (!reopened) {
                // processing: a worker holds it now; reopening would let two executions race on one row.
                ignore(row.key(), "row is " + row.status().dbValue() + " (execution " + row.executionName()
                        + "): not reprocessed while it runs", summary);
                return;
            }
        }
        // Reopened by this run (now or by an earlier attempt of this batch): start, or find it started.
        ingest.startExecution(row, name, summary);
    }

    private void ignore(BackfillBatch.Item item, String why, IngestSummary summary) {
        ignore(item.key().isEmpty() ? "item " + item.index() : item.key(), why, summary);
    }

    private void ignore(String what, String why, IngestSummary summary) {
        LOG.info("ignored: {}", why);
        summary.notes.add(what + ": " + why);
        summary.ignored++;
    }
}
