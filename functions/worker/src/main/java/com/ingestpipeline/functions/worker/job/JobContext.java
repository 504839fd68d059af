package com.ingestpipeline.functions.worker.job;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a job gets: the downloaded file on the work volume, how the ingest function classified it,
 * and where to write outputs.
 *
 * @param fileId      {@code ingest_file.id}
 * @param input       the downloaded object, fully written before the job starts
 * @param format      {@code csv}, {@code tsv} or {@code jsonl}
 * @param compression {@code none} or {@code gzip}, as declared by the ingest function
 * @param outputs     atomic output files in this task's directory
 * @param parallelism threads the job may use for CPU work
 */
public record JobContext(long fileId, Path input, String format, String compression,
                         OutputFiles outputs, int parallelism) {
    public JobContext {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(outputs, "outputs");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1 (got " + parallelism + ")");
        }
    }
}
