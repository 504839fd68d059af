package com.ingestpipeline.functions.worker.job.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.worker.TaskFailure;
import com.ingestpipeline.functions.worker.job.BatchJob;
import com.ingestpipeline.functions.worker.job.JobContext;
import com.ingestpipeline.functions.worker.job.JobResult;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import com.ingestpipeline.functions.worker.job.duckdb.DuckDbSession;
import com.ingestpipeline.functions.worker.job.duckdb.InputView;
import com.ingestpipeline.functions.worker.job.duckdb.ParquetOutputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The default job, on DuckDB: the input (CSV, TSV or JSON Lines, gzip or not) as Parquet (zstd),
 * its profile, and the rows DuckDB rejected, each with its line and reason.
 *
 * <p>Two scans: the input once into {@code data.parquet}, then the Parquet file (a quarter of the
 * input's size, columnar) for the statistics. Scanning the input a second time would cost more and
 * would record every rejected row twice.
 */
public final class ProfileJob implements BatchJob {
    public static final String NAME = "profile";
    public static final String DATA = "data";
    public static final String PROFILE = "profile";
    public static final String REJECTS = InputView.Rejects.OUTPUT;
    static final String DATA_FILE = "data.parquet";
    static final String PROFILE_FILE = "profile.json";
    /** Rejected rows quoted in profile.json (all of them are in rejects.parquet). */
    static final int SAMPLES = 5;
    private static final int SAMPLE_CHARS = 200;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobResult run(JobContext context) throws IOException, TaskFailure, InterruptedException {
        try (DuckDbSession db = DuckDbSession.forTask(context)) {
            InputView input = InputView.create(db, context.input(), context.format(), context.compression());
            Path data = ParquetOutputs.write(db, "SELECT * FROM input", context.outputs(), DATA_FILE);
            InputView.Rejects rejects = input.writeRejects(db, context.outputs());
            long malformed = rejects.malformedCount();
            long rows = ParquetOutputs.rowCount(db, data);
            ObjectNode profile = JsonNodeFactory.instance.objectNode();
            profile.put("job", NAME);
            profile.put("format", context.format());
            profile.put("compression", context.compression());
            profile.put("rowCount", rows);
            profile.put("malformedCount", malformed);
            profile.set("columns", ColumnProfile.of(db, data));
            profile.set("malformedSamples", db.query(InputView.REJECTS + " ORDER BY line LIMIT " + SAMPLES, rs -> {
                var samples = JsonNodeFactory.instance.arrayNode();
                while (rs.next()) {
                    String text = rs.getString("text");
                    samples.addObject().put("line", rs.getLong("line"))
                            .put("column", rs.getString("column_name"))
                            .put("errorType", rs.getString("error_type"))
                            .put("reason", firstLine(rs.getString("error_message")))
                            .put("text", text == null || text.length() <= SAMPLE_CHARS ? text
                                    : text.substring(0, SAMPLE_CHARS));
                }
                return samples;
            }));
            Path profileFile;
            try (OutputFiles.Output out = context.outputs().create(PROFILE_FILE)) {
                MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.stream(), profile);
                profileFile = out.commit();
            }
            return new JobResult(rows, malformed, profile,
                    Map.of(DATA, data, PROFILE, profileFile, REJECTS, rejects.file()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
