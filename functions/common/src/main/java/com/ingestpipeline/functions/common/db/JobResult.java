package com.ingestpipeline.functions.common.db;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code file_result} row: what a batch job produced for a file.
 *
 * @param summary     job-specific JSON (for {@code profile}: per-column statistics)
 * @param outputs     output name to S3 key, e.g. {@code data -> results/42/data.parquet}
 * @param completedAt set by the database; null when passing a result in
 */
public record JobResult(String job, long rowCount, long malformedCount, JsonNode summary, Map<String, String> outputs,
                        Instant completedAt) {
    public JobResult {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(summary, "summary");
        outputs = Map.copyOf(Objects.requireNonNull(outputs, "outputs"));
        if (rowCount < 0 || malformedCount < 0) {
            throw new IllegalArgumentException("rowCount and malformedCount must be >= 0 (got " + rowCount + ", " + malformedCount + ")");
        }
    }

    public JobResult(String job, long rowCount, long malformedCount, JsonNode summary, Map<String, String> outputs) {
        this(job, rowCount, malformedCount, summary, outputs, null);
    }
}
