package com.ingestpipeline.functions.worker.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.functions.worker.job.duckdb.DuckDbSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a job on bytes in a temporary directory, the way the worker does (input file, output
 * directory, a temp directory inside the task's), and reads its Parquet back with a second DuckDB.
 */
public final class JobRun {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** Tests' DuckDB share: DuckDB's floor, two threads. */
    public static final long MEMORY_LIMIT = 256L << 20;

    public final JobResult result;
    public final Path dir;

    private JobRun(JobResult result, Path dir) {
        this.result = result;
        this.dir = dir;
    }

    public static JobRun run(BatchJob job, Path tmp, String format, String compression, byte[] content)
            throws Exception {
        Path dir = Files.createTempDirectory(tmp, "task");
        Path input = dir.resolve("input");
        Files.write(input, content);
        return new JobRun(job.run(context(dir, input, format, compression)), dir);
    }

    public static JobContext context(Path dir, Path input, String format, String compression) throws Exception {
        return new JobContext(42, input, format, compression, new OutputFiles(dir.resolve("out")),
                new DuckDbSettings(MEMORY_LIMIT, 2, dir.resolve("tmp")));
    }

    public JsonNode json(String output) throws Exception {
        return MAPPER.readTree(result.outputs().get(output).toFile());
    }

    /** The rows of a Parquet output, each as the list of its values' text, read by a separate DuckDB. */
    public List<List<String>> rows(String output, String orderBy) throws SQLException {
        return query("SELECT * FROM read_parquet('" + result.outputs().get(output) + "') ORDER BY " + orderBy);
    }

    /** Column name and type of a Parquet output, as a second reader sees them. */
    public List<List<String>> schema(String output) throws SQLException {
        return query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('"
                + result.outputs().get(output) + "'))");
    }

    public static List<List<String>> query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
