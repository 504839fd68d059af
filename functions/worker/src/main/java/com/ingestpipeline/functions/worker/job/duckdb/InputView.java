package com.ingestpipeline.functions.worker.job.duckdb;

import static com.ingestpipeline.functions.worker.job.duckdb.DuckDbSession.literal;

import com.ingestpipeline.functions.worker.TaskFailure;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The view {@code input} over the downloaded file, read by DuckDB with rejected rows kept in its
 * reject tables ({@code reject_errors}, {@code reject_scans}) instead of failing the task.
 *
 * <ul>
 *   <li>CSV and TSV: {@code read_csv} with a header row, types detected from a sample, and
 *       {@code store_rejects}: a row with the wrong number of fields, a value that does not fit its
 *       column's type, or bytes that are not UTF-8 lands in {@code reject_errors} with its line.</li>
 *   <li>JSON Lines: {@code read_json} has no reject tables, and with {@code ignore_errors} a bad line
 *       comes out as a row of nulls. So each line is first read as one {@code JSON} value by
 *       {@code read_csv} (a line that is not JSON is a cast error there, so it is rejected with its
 *       line number like a bad CSV row), the objects are staged next to the input, and {@code input}
 *       reads the staged file with {@code read_json}. A line holding JSON that is not an object
 *       (an array, a number) is counted as malformed too.</li>
 * </ul>
 */
public final class InputView {
    /** Relation of the rejected rows: line, column, error type, message, the line's text. */
    public static final String REJECTS = "SELECT line, column_name, error_type, error_message, csv_line AS text "
            + "FROM reject_errors WHERE scan_id = (SELECT min(scan_id) FROM reject_scans)";
    private static final String JSON_LINE_READER = "read_csv(%s, columns = {'j': 'JSON'}, header = false, "
            + "delim = E'\\x01', quote = '', escape = '', auto_detect = false, compression = %s, store_rejects = true)";

    private final Path staged;

    private InputView(Path staged) {
        this.staged = staged;
    }

    /** Creates {@code input}; for JSON Lines this already reads the whole file once. */
    public static InputView create(DuckDbSession db, Path file, String format, String compression)
            throws TaskFailure, IOException, InterruptedException {
        String codec = codec(file, compression);
        String path = literal(file.toAbsolutePath().toString());
        switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> db.execute("CREATE VIEW input AS SELECT * FROM read_csv(" + path
                    + ", header = true, delim = ',', quote = '\"', escape = '\"', compression = " + codec
                    + ", store_rejects = true)");
            case "tsv" -> db.execute("CREATE VIEW input AS SELECT * FROM read_csv(" + path
                    + ", header = true, delim = '\\t', quote = '', escape = '', compression = " + codec
                    + ", store_rejects = true)");
            case "jsonl" -> {
                Path staged = file.resolveSibling(file.getFileName() + ".objects.json");
                // One staged line per non-blank input line: {"object": <is it one>, "j": <the object or null>}
                // (null for the others, so read_json sees only objects when it derives the columns).
                db.execute("COPY (SELECT json_type(j) = 'OBJECT' AS object, "
                        + "CASE WHEN json_type(j) = 'OBJECT' THEN j END AS j FROM "
                        + String.format(JSON_LINE_READER, path, codec) + " WHERE j IS NOT NULL) TO "
                        + literal(staged.toAbsolutePath().toString()) + " (FORMAT json)");
                // sample_size = -1: every object's keys make the schema, not only the first ones'.
                db.execute("CREATE VIEW input AS SELECT unnest(j) FROM read_json("
                        + literal(staged.toAbsolutePath().toString())
                        + ", format = 'newline_delimited', sample_size = -1) WHERE object");
                return new InputView(staged);
            }
            default -> throw TaskFailure.permanent("unsupported format '" + format + "' (csv, tsv or jsonl)");
        }
        return new InputView(null);
    }

    /**
     * Rows rejected while {@code input} was read (count the lines after the statement that read it):
     * each line once, however many of its fields failed.
     */
    public long malformedCount(DuckDbSession db) throws TaskFailure, IOException, InterruptedException {
        long rejected = db.queryLong("SELECT count(DISTINCT line) FROM (" + REJECTS + ")");
        if (staged == null) {
            return rejected;
        }
        return rejected + db.queryLong("SELECT count(*) FROM read_json(" + literal(staged.toAbsolutePath().toString())
                + ", format = 'newline_delimited', columns = {'object': 'BOOLEAN'}) WHERE NOT object");
    }

    /** The rows that did not parse, as every job records them: counted, and written aside in line order. */
    public record Rejects(long malformedCount, Path file) {
        /** The output name of the rejects file in a job's result. */
        public static final String OUTPUT = "rejects";
        static final String FILE = "rejects.parquet";
    }

    /**
     * Counts the rows rejected while {@code input} was read ({@link #malformedCount}) and writes them to
     * {@code rejects.parquet} under the task's outputs: one rule for every job that reads through this view.
     */
    public Rejects writeRejects(DuckDbSession db, OutputFiles outputs)
            throws TaskFailure, IOException, InterruptedException {
        long malformed = malformedCount(db);
        return new Rejects(malformed, ParquetOutputs.write(db, REJECTS + " ORDER BY line", outputs, Rejects.FILE));
    }

    /**
     * DuckDB's codec for the declared compression, checked against the gzip magic bytes (RFC 1952):
     * a declared gzip file that is not gzip is refused, and an undeclared gzip file is read as gzip.
     */
    static String codec(Path file, String declared) throws IOException, TaskFailure {
        byte[] head = new byte[2];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 2);
        }
        boolean gzip = n == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        if ("gzip".equals(declared) && !gzip) {
            throw TaskFailure.permanent("the object is declared gzip but is not gzip data (no 1f 8b header)");
        }
        refuseUtf16Or32(file, gzip);
        return gzip ? "'gzip'" : "'none'";
    }

    /**
     * DuckDB reads UTF-8 only, and a UTF-16/32 file parses as one garbled column whose name holds NUL
     * bytes: refused up front with the fix, from its byte order mark or a NUL in the first bytes.
     */
    private static void refuseUtf16Or32(Path file, boolean gzip) throws IOException, TaskFailure {
        byte[] head;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new java.util.zip.GZIPInputStream(raw) : raw) {
            head = in.readNBytes(64);
        } catch (java.io.EOFException e) {
            return; // A truncated gzip: DuckDB's reader reports it with its own message.
        }
        boolean bom16 = head.length >= 2 && ((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe
                || (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff);
        boolean nul = false;
        for (byte b : head) {
            nul |= b == 0;
        }
        if (bom16 || nul) {
            throw TaskFailure.permanent("the file is UTF-16 or UTF-32 (" + (bom16 ? "byte order mark" : "NUL bytes")
                    + "); only UTF-8 is supported: convert it, e.g. iconv -f UTF-16 -t UTF-8");
        }
    }
}
