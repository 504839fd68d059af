package com.ingestpipeline.functions.worker.job.sql;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.worker.TaskFailure;
import com.ingestpipeline.functions.worker.job.BatchJob;
import com.ingestpipeline.functions.worker.job.JobContext;
import com.ingestpipeline.functions.worker.job.JobResult;
import com.ingestpipeline.functions.worker.job.duckdb.DuckDbSession;
import com.ingestpipeline.functions.worker.job.duckdb.InputView;
import com.ingestpipeline.functions.worker.job.duckdb.ParquetOutputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

/**
 * The stack's SQL job ({@code SQL_JOB_FILE}): one {@code SELECT} over the view {@code input} (the
 * uploaded file, read as the {@code profile} job reads it), whose result becomes {@code result.parquet}.
 * Rows the reader rejected are counted and written to {@code rejects.parquet} as in the profile job.
 *
 * <p>SQL that DuckDB refuses fails the task permanently with DuckDB's message; the result file is
 * written under a hidden name and renamed only when complete, and the worker uploads only after the
 * job succeeded, so a failed query leaves nothing under {@code results/}.
 */
public final class SqlJob implements BatchJob {
    public static final String NAME = "sql";
    public static final String RESULT = "result";
    public static final String REJECTS = InputView.Rejects.OUTPUT;
    static final String RESULT_FILE = "result.parquet";

    private final String sql;
    private final String source;
    private final String sha256;

    SqlJob(String sql, String source) {
        if (sql.replace(";", "").isBlank()) {
            throw new IllegalArgumentException("SQL job " + source + " is empty: write one SELECT over the view input");
        }
        this.sql = sql;
        this.source = source;
        this.sha256 = sha256(sql);
    }

    /** Reads the SQL file the user data installed (UTF-8): one SELECT, comments and a trailing {@code ;} allowed. */
    public static SqlJob fromFile(Path file) throws IOException {
        return new SqlJob(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobResult run(JobContext context) throws IOException, TaskFailure, InterruptedException {
        try (DuckDbSession db = DuckDbSession.forTask(context)) {
            InputView input = InputView.create(db, context.input(), context.format(), context.compression());
            Path result;
            try {
                // DuckDB's query() takes the file as written (comments, a trailing semicolon) and accepts exactly
                // one SELECT, so a second statement (a SET, a COPY elsewhere) is refused by DuckDB itself.
                result = ParquetOutputs.write(db, "SELECT * FROM query(" + DuckDbSession.literal(sql) + ")",
                        context.outputs(), RESULT_FILE);
            } catch (TaskFailure e) {
                throw TaskFailure.permanent("SQL job " + source + " failed: " + e.getMessage(), e);
            }
            InputView.Rejects rejects = input.writeRejects(db, context.outputs());
            long malformed = rejects.malformedCount();
            long rows = ParquetOutputs.rowCount(db, result);
            ObjectNode summary = JsonNodeFactory.instance.objectNode();
            summary.put("job", NAME);
            summary.put("sqlFile", source);
            summary.put("sqlSha256", sha256);
            summary.put("rowCount", rows);
            summary.put("malformedCount", malformed);
            return new JobResult(rows, malformed, summary, Map.of(RESULT, result, REJECTS, rejects.file()));
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
