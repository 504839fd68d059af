package com.ingestpipeline.functions.common.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes {@code ingest_file} and {@code file_result} (schema: {@code db/migration}).
 *
 * <p>Status transitions (each method returns false when the row is not in a state it may leave):
 * <pre>
 *   (new) --upsert--> received | rejected
 *   received --markProcessing--> processing      processing --markProcessing--> processing (task re-delivered)
 *   processing --completeWithResult--> processed      received|processing|failed --markFailed--> failed
 *   received|processed|failed --reopen--> received (a backfill reprocess run)
 * </pre>
 * A newer S3 event for the same key and version (higher sequencer; an overwrite in an unversioned bucket) resets the
 * row to the new content whatever its state, and drops its old results.
 */
public final class FileRepository {
    /**
     * The {@code columns} list is written and read with the streaming generator and parser: it is on the ingest
     * function's path, and an ObjectMapper costs a cold start well over 100 ms of class loading. Only job results (JSON
     * documents and maps, read by the status function and written by the worker) use jackson-databind, initialised on
     * first use.
     */
    private static final JsonFactory STREAMING = new JsonFactory();

    private static final class Databind {
        static final ObjectMapper JSON = new ObjectMapper();
        static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    }

    private static final String COLUMNS = "id, bucket, object_key, version_id, etag, sequencer, size_bytes, content_type,"
            + " format, compression, columns::text AS columns_json, status, status_reason, execution_name, received_at,"
            + " updated_at, processing_started_at, finished_at";

    /** S3 sequencers are hex strings of varying length: right-pad before comparing, byte-wise (not locale) order. */
    private static final String SEQ_OLD = "rpad(upper(f.sequencer), 128, '0') COLLATE \"C\"";
    private static final String SEQ_NEW = "rpad(upper(EXCLUDED.sequencer), 128, '0') COLLATE \"C\"";

    /**
     * Returns only what the database decides (id, times, insert or replace): every other field of the written row is
     * the {@link NewFile} itself. The times come back as epoch microseconds (PostgreSQL's own precision) and the
     * column list goes as a small JSON array written with the streaming generator: parsing timestamps and building
     * an SQL array cost the function more CPU than the statement. A replaced row's results are dropped by the
     * schema (trigger {@code ingest_file_content_replaced}, migration V2), not here. Public, with {@link #bindUpsert}
     * and {@link #SET_EXECUTION_NAME}, so the benchmark's raw loop makes exactly the function's calls.
     */
    public static final String UPSERT = "INSERT INTO ingest_file AS f (bucket, object_key, version_id, etag, sequencer,"
            + "   size_bytes, content_type, format, compression, columns, status, status_reason)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT ingest_file_object_version DO UPDATE SET"
            + "   etag = EXCLUDED.etag, sequencer = EXCLUDED.sequencer, size_bytes = EXCLUDED.size_bytes,"
            + "   content_type = EXCLUDED.content_type, format = EXCLUDED.format, compression = EXCLUDED.compression,"
            + "   columns = EXCLUDED.columns, status = EXCLUDED.status, status_reason = EXCLUDED.status_reason,"
            + "   execution_name = NULL, received_at = now(), updated_at = now(), processing_started_at = NULL,"
            + "   finished_at = NULL"
            + " WHERE " + SEQ_OLD + " < " + SEQ_NEW
            + " RETURNING f.id, " + micros("f.received_at") + ", " + micros("f.updated_at") + ", (f.xmax = 0)";

    /** Records the execution started for a row; see {@link #setExecutionName}. */
    public static final String SET_EXECUTION_NAME =
            "UPDATE ingest_file SET execution_name = ?, updated_at = now() WHERE id = ? AND sequencer = ?";

    private final Database db;

    /** {@code column} as a bigint of microseconds since the epoch. */
    private static String micros(String column) {
        return "(extract(epoch FROM " + column + ") * 1000000)::bigint";
    }

    public FileRepository(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Records an object version, idempotently: the first event inserts, a repeat of the same event (same sequencer)
     * changes nothing, an older event is ignored, a newer one replaces the row.
     */
    public UpsertResult upsert(NewFile f) throws SQLException {
        return db.withConnection(c -> {
            PreparedStatement ps = db.prepared(c, UPSERT);
            bindUpsert(ps, f);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new UpsertResult(rs.getBoolean(4) ? UpsertResult.Outcome.INSERTED
                            : UpsertResult.Outcome.REPLACED, written(f, rs));
                }
            }
            FileRecord existing = findByVersion(c, f.bucket(), f.key(), f.versionId()).orElseThrow(
                    () -> new SQLException("upsert of " + f.bucket() + "/" + f.key() + " neither wrote nor found a row"));
            boolean same = Sequencers.compare(existing.sequencer(), f.sequencer()) == 0;
            return new UpsertResult(same ? UpsertResult.Outcome.DUPLICATE : UpsertResult.Outcome.STALE, existing);
        });
    }

    /** Binds {@code f} to {@link #UPSERT}'s parameters. */
    public static void bindUpsert(PreparedStatement ps, NewFile f) throws SQLException {
        ps.setString(1, f.bucket());
        ps.setString(2, f.key());
        ps.setString(3, f.versionId());
        ps.setString(4, f.etag());
        ps.setString(5, f.sequencer());
        ps.setLong(6, f.sizeBytes());
        ps.setString(7, f.contentType());
        ps.setString(8, f.format());
        ps.setString(9, f.compression());
        ps.setString(10, f.columns() == null ? null : toJsonArray(f.columns()));
        ps.setString(11, f.status().dbValue());
        ps.setString(12, f.reason());
    }

    /**
     * Stores the Step Functions execution name started for a received row, only while the row still records the event with {@code sequencer}: a newer event
     * replaces the row in place, and the older invocation's name there would make a redelivery of the newer event
     * look already started.
     */
    public boolean setExecutionName(long id, String sequencer, String executionName) throws SQLException {
        return update(SET_EXECUTION_NAME, executionName, id, sequencer);
    }

    /**
     * received, processed or failed → received with a new execution name (a backfill's reprocess run), while the row
     * still holds content {@code etag}. Not while processing: a worker holds the row and a second execution would race
     * it. Results stay until the new run overwrites them (one row per file and job).
     */
    public boolean reopen(long id, String etag, String executionName) throws SQLException {
        return update("UPDATE ingest_file SET status = 'received', status_reason = NULL, execution_name = ?,"
                + " updated_at = now(), processing_started_at = NULL, finished_at = NULL"
                + " WHERE id = ? AND etag = ? AND status IN ('received', 'processed', 'failed')",
                Objects.requireNonNull(executionName, "executionName"), id, etag);
    }

    /**
     * received or processing → processing (the latter when a task is re-delivered after a worker restart), only
     * while the row still holds content {@code etag} (null: any). An overwrite of
     * the key replaces the row in place (same id), so a task of the old content must not claim the new version.
     */
    public boolean markProcessing(long id, String etag) throws SQLException {
        return update("UPDATE ingest_file SET status = 'processing', updated_at = now(),"
                + " processing_started_at = coalesce(processing_started_at, now())"
                + " WHERE id = ? AND status IN ('received', 'processing') AND etag = coalesce(?::text, etag)", id, etag);
    }

    /** received, processing or failed → failed with {@code reason} (repeating it updates the reason). */
    public boolean markFailed(long id, String reason) throws SQLException {
        return update("UPDATE ingest_file SET status = 'failed', status_reason = ?, updated_at = now(),"
                + " finished_at = now() WHERE id = ? AND status IN ('received', 'processing', 'failed')",
                Objects.requireNonNull(reason, "reason"), id);
    }

    /**
     * received or processing → failed, for the row whose workflow execution is {@code executionName}: an
     * execution that stopped without recording its outcome (timed out, aborted). A row already failed keeps the
     * reason its workflow recorded; a row whose key was overwritten since carries the newer execution's name
     * and is not touched.
     */
    public boolean markExecutionFailed(String executionName, String reason) throws SQLException {
        return update("UPDATE ingest_file SET status = 'failed', status_reason = ?, updated_at = now(),"
                + " finished_at = now() WHERE execution_name = ? AND status IN ('received', 'processing')",
                Objects.requireNonNull(reason, "reason"), Objects.requireNonNull(executionName, "executionName"));
    }

    /**
     * Writes the job's result (overwriting an earlier one of the same job) and moves processing → processed, in one
     * transaction; false (nothing written) unless the row is processing and still holds content {@code etag}
     * (null: any): the result of an overwritten version must not be recorded as the newer version's.
     */
    public boolean completeWithResult(long fileId, String etag, JobResult result) throws SQLException {
        return db.withConnection(c -> {
            c.setAutoCommit(false);
            try {
                writeResult(c, fileId, result);
                boolean moved;
                try (PreparedStatement ps = c.prepareStatement("UPDATE ingest_file SET status = 'processed',"
                        + " status_reason = NULL, updated_at = now(), finished_at = now()"
                        + " WHERE id = ? AND status = 'processing' AND etag = coalesce(?::text, etag)")) {
                    ps.setLong(1, fileId);
                    ps.setString(2, etag);
                    moved = ps.executeUpdate() == 1;
                }
                if (moved) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return moved;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    public Optional<FileRecord> findById(long id) throws SQLException {
        return db.withConnection(c -> findById(c, id));
    }

    /** The newest version (highest sequencer) recorded for a key. */
    public Optional<FileRecord> findLatest(String bucket, String key) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ingest_file f"
                    + " WHERE bucket = ? AND object_key = ? ORDER BY " + SEQ_OLD + " DESC, id DESC LIMIT 1")) {
                ps.setString(1, bucket);
                ps.setString(2, key);
                return one(ps);
            }
        });
    }

    public List<JobResult> results(long fileId) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT job, row_count, malformed_count, summary::text,"
                    + " output_keys::text, completed_at FROM file_result WHERE file_id = ? ORDER BY job")) {
                ps.setLong(1, fileId);
                List<JobResult> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new JobResult(rs.getString(1), rs.getLong(2), rs.getLong(3),
                                Databind.JSON.readTree(rs.getString(4)),
                                Databind.JSON.readValue(rs.getString(5), Databind.STRING_MAP), instant(rs, "completed_at")));
                    }
                } catch (JsonProcessingException e) {
                    throw new SQLException("file_result " + fileId + " holds invalid JSON", e);
                }
                return out;
            }
        });
    }

    private static void writeResult(Connection c, long fileId, JobResult r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_result (file_id, job, row_count,"
                + " malformed_count, summary, output_keys) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)"
                + " ON CONFLICT (file_id, job) DO UPDATE SET row_count = EXCLUDED.row_count,"
                + " malformed_count = EXCLUDED.malformed_count, summary = EXCLUDED.summary,"
                + " output_keys = EXCLUDED.output_keys, completed_at = now()")) {
            ps.setLong(1, fileId);
            ps.setString(2, r.job());
            ps.setLong(3, r.rowCount());
            ps.setLong(4, r.malformedCount());
            ps.setString(5, toJson(r.summary()));
            ps.setString(6, toJson(r.outputs()));
            ps.executeUpdate();
        }
    }

    /** One row updated by {@code sql}, a constant text, on a statement prepared once per connection. */
    private boolean update(String sql, Object... params) throws SQLException {
        return db.withConnection(c -> {
            PreparedStatement ps = db.prepared(c, sql);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate() == 1;
        });
    }

    private static Optional<FileRecord> findById(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ingest_file WHERE id = ?")) {
            ps.setLong(1, id);
            return one(ps);
        }
    }

    private static Optional<FileRecord> findByVersion(Connection c, String bucket, String key, String versionId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ingest_file"
                + " WHERE bucket = ? AND object_key = ? AND version_id = ?")) {
            ps.setString(1, bucket);
            ps.setString(2, key);
            ps.setString(3, versionId);
            return one(ps);
        }
    }

    private static Optional<FileRecord> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    /** The row {@code f} just wrote, from the upsert's RETURNING: new or replaced, so not started and not finished. */
    private static FileRecord written(NewFile f, ResultSet rs) throws SQLException {
        return new FileRecord(rs.getLong(1), f.bucket(), f.key(), f.versionId(), f.etag(), f.sequencer(),
                f.sizeBytes(), f.contentType(), f.format(), f.compression(), f.columns(), f.status(), f.reason(), null,
                micros(rs, 2), micros(rs, 3), null, null);
    }

    private static FileRecord read(ResultSet rs) throws SQLException {
        String columnsJson = rs.getString("columns_json");
        List<String> columns = columnsJson == null ? null : parseStringArray(columnsJson);
        return new FileRecord(rs.getLong("id"), rs.getString("bucket"), rs.getString("object_key"),
                rs.getString("version_id"), rs.getString("etag"), rs.getString("sequencer"), rs.getLong("size_bytes"),
                rs.getString("content_type"), rs.getString("format"), rs.getString("compression"), columns,
                FileStatus.fromDb(rs.getString("status")), rs.getString("status_reason"),
                rs.getString("execution_name"), instant(rs, "received_at"), instant(rs, "updated_at"),
                instant(rs, "processing_started_at"), instant(rs, "finished_at"));
    }

    private static Instant micros(ResultSet rs, int column) throws SQLException {
        return Instant.EPOCH.plus(rs.getLong(column), ChronoUnit.MICROS);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String toJson(Object value) throws SQLException {
        try {
            return Databind.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot serialise " + value.getClass().getSimpleName() + " to JSON", e);
        }
    }

    /** {@code values} as a JSON array of strings. */
    private static String toJsonArray(List<String> values) throws SQLException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = STREAMING.createGenerator(out)) {
            g.writeStartArray();
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new SQLException("cannot write the column list as JSON", e);
        }
        return out.toString();
    }

    /** A JSON array of scalars as strings (numbers and booleans as their text, as jackson-databind would coerce). */
    private static List<String> parseStringArray(String json) throws SQLException {
        try (JsonParser p = STREAMING.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new SQLException("ingest_file.columns is not a JSON array of strings: " + json);
            }
            List<String> out = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null || t.isStructStart()) {
                    throw new SQLException("ingest_file.columns is not a JSON array of strings: " + json);
                }
                out.add(t == JsonToken.VALUE_NULL ? null : p.getText());
            }
            return out;
        } catch (IOException e) {
            throw new SQLException("ingest_file.columns is not a JSON array of strings", e);
        }
    }
}
