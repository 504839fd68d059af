package com.ingestpipeline.functions.common.db;

import java.time.Instant;
import java.util.List;

/** One {@code ingest_file} row. Nullable: contentType, format, compression, columns, statusReason, executionName and the last two times. */
public record FileRecord(long id, String bucket, String key, String versionId, String etag, String sequencer,
                         long sizeBytes, String contentType, String format, String compression, List<String> columns,
                         FileStatus status, String statusReason, String executionName, Instant receivedAt,
                         Instant updatedAt, Instant processingStartedAt, Instant finishedAt) {
}
