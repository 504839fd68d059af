package com.ingestpipeline.functions.worker.job;

import com.ingestpipeline.functions.worker.job.duckdb.DuckDbSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a job gets: the downloaded file on the work volume, how the ingest function classified it,
 * where to write outputs, and its share of the instance.
 *
 * @param fileId      {@code ingest_file.id}
 * @param input       the downloaded object, fully written before the job starts
 * @param format      {@code csv}, {@code tsv} or {@code jsonl}
 * @param compression {@code none} or {@code gzip}, as declared by the ingest function
 * @param outputs     atomic output files in this task's directory
 * @param duckdb      this task's DuckDB limits (memory, threads, a temp directory inside the task's
 *                    directory); a job that does not use DuckDB keeps to the same share
 */
public record JobContext(long fileId, Path input, String format, String compression,
                         OutputFiles outputs, DuckDbSettings duckdb) {
    public JobContext {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(duckdb, "duckdb");
    }

    /** Threads the job may use for CPU work. */
    public int parallelism() {
        return duckdb.threads();
    }
}
