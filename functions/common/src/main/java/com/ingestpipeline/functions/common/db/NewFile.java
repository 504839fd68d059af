package com.ingestpipeline.functions.common.db;

import java.util.List;
import java.util.Objects;

/**
 * What the ingest function learned about one S3 object version, to be upserted into {@code ingest_file}.
 *
 * @param versionId   {@code ""} for objects in an unversioned bucket
 * @param sequencer   the S3 event sequencer (hex), orders events for one key
 * @param format      {@code csv}, {@code tsv}, {@code jsonl}, or null when rejected before detection
 * @param compression {@code none}, {@code gzip}, or null when rejected before detection
 * @param columns     header column names (CSV/TSV) or first-object keys (JSON Lines); null when unknown
 * @param status      {@link FileStatus#RECEIVED} or {@link FileStatus#REJECTED}
 * @param reason      why it was rejected; null when received
 */
public record NewFile(String bucket, String key, String versionId, String etag, String sequencer, long sizeBytes,
                      String contentType, String format, String compression, List<String> columns,
                      FileStatus status, String reason) {
    public NewFile {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        versionId = versionId == null ? "" : versionId;
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(sequencer, "sequencer");
        Objects.requireNonNull(status, "status");
        columns = columns == null ? null : List.copyOf(columns);
        if (status != FileStatus.RECEIVED && status != FileStatus.REJECTED) {
            throw new IllegalArgumentException("a new file is received or rejected, not " + status.dbValue());
        }
        if (status == FileStatus.REJECTED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a rejected file needs a reason");
        }
    }
}
