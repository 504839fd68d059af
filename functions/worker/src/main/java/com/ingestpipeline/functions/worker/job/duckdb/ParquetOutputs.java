package com.ingestpipeline.functions.worker.job.duckdb;

import static com.ingestpipeline.functions.worker.job.duckdb.DuckDbSession.literal;

import com.ingestpipeline.functions.worker.TaskFailure;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Query results written as Parquet through {@link OutputFiles}, so only a complete file gets its name. */
public final class ParquetOutputs {
    /**
     * zstd: about 0.27 bytes per input byte on the benchmark's CSV, where snappy (DuckDB's default)
     * leaves more than the 0.3 the issue allows; row groups stay at DuckDB's default size.
     */
    private static final String OPTIONS = "(FORMAT parquet, COMPRESSION zstd)";

    private ParquetOutputs() {
    }

    /** {@code COPY (query) TO <file>}, committed only when DuckDB finished writing it; returns the final path. */
    public static Path write(DuckDbSession db, String query, OutputFiles outputs, String fileName)
            throws TaskFailure, IOException, InterruptedException {
        try (OutputFiles.Written out = outputs.createForWriter(fileName)) {
            db.execute("COPY (" + query + ") TO " + literal(out.path().toAbsolutePath().toString()) + " " + OPTIONS);
            return out.commit();
        }
    }

    /** Rows in a written Parquet file, from its footer (no scan). */
    public static long rowCount(DuckDbSession db, Path parquet) throws TaskFailure, IOException, InterruptedException {
        return db.queryLong("SELECT num_rows FROM parquet_file_metadata("
                + literal(parquet.toAbsolutePath().toString()) + ")");
    }
}
