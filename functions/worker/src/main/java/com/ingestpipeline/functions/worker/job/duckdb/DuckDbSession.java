package com.ingestpipeline.functions.worker.job.duckdb;

import com.ingestpipeline.functions.worker.TaskFailure;
import com.ingestpipeline.functions.worker.job.JobContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One in-memory DuckDB database for one job, locked to the task's files.
 *
 * <p>Statements run on a thread of their own while the task's thread waits: the worker cancels a
 * task by interrupting its thread (SIGTERM after the grace, a heartbeat the workflow refused), and a
 * native query does not notice a Java interrupt, so the waiting thread turns it into
 * {@link Statement#cancel()}, which DuckDB honours between vectors.
 */
public final class DuckDbSession implements AutoCloseable {
    /** How long a cancelled statement gets to unwind before the task gives up waiting for it. */
    private static final long CANCEL_WAIT_SECONDS = 30;

    private final Connection connection;
    private final ExecutorService runner;

    private DuckDbSession(Connection connection) {
        this.connection = connection;
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "duckdb-" + Thread.currentThread().getName());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a database with the job's limits, then confines it: only {@code readableDirectories} (and
     * the temp directory) can be read or written, no extension is downloaded, and the SQL a job runs
     * cannot change any of this ({@code lock_configuration}).
     */
    public static DuckDbSession open(DuckDbSettings settings, List<Path> readableDirectories)
            throws IOException, SQLException {
        Files.createDirectories(settings.tempDirectory());
        Properties config = new Properties();
        config.setProperty("memory_limit", settings.memoryLimit());
        config.setProperty("threads", Integer.toString(settings.threads()));
        config.setProperty("temp_directory", settings.tempDirectory().toString());
        // Without internet access the install would hang until it times out; parquet and json are built in.
        config.setProperty("autoinstall_known_extensions", "false");
        config.setProperty("autoload_known_extensions", "false");
        DuckDbSession session = new DuckDbSession(DriverManager.getConnection("jdbc:duckdb:", config));
        try (Statement st = session.connection.createStatement()) {
            String allowed = java.util.stream.Stream.concat(readableDirectories.stream(),
                            java.util.stream.Stream.of(settings.tempDirectory()))
                    .map(p -> literal(p.toAbsolutePath().normalize() + "/"))
                    .collect(Collectors.joining(", ", "[", "]"));
            st.execute("SET allowed_directories = " + allowed);
            st.execute("SET enable_external_access = false");
            st.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** A session for one task: it may read and write the task's directory (input, outputs) and its temp directory. */
    public static DuckDbSession forTask(JobContext context) throws IOException, TaskFailure {
        try {
            return open(context.duckdb(), List.of(context.input().toAbsolutePath().getParent(),
                    context.outputs().directory().toAbsolutePath()));
        } catch (SQLException e) {
            throw TaskFailure.transientFailure("cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    /** Runs a statement that returns no rows we need. */
    public void execute(String sql) throws TaskFailure, IOException, InterruptedException {
        run(sql, st -> {
            st.execute(sql);
            return null;
        });
    }

    /** Runs a query and reads its result on the query thread. */
    public <T> T query(String sql, ResultReader<T> reader) throws TaskFailure, IOException, InterruptedException {
        return run(sql, st -> {
            try (ResultSet rs = st.executeQuery(sql)) {
                return reader.read(rs);
            }
        });
    }

    /** A single {@code BIGINT} result. */
    public long queryLong(String sql) throws TaskFailure, IOException, InterruptedException {
        return query(sql, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    private <T> T run(String sql, Work<T> work) throws TaskFailure, IOException, InterruptedException {
        Statement st;
        try {
            // A statement per call: DuckDB's JDBC driver closes a statement whose query failed.
            st = connection.createStatement();
        } catch (SQLException e) {
            throw TaskFailure.transientFailure("cannot create a DuckDB statement: " + e.getMessage(), e);
        }
        Future<T> future = runner.submit(() -> work.run(st));
        try {
            return future.get();
        } catch (InterruptedException e) {
            cancel(st, future);
            throw e;
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } finally {
            close(st);
        }
    }

    private static void cancel(Statement st, Future<?> future) {
        try {
            st.cancel();
            future.get(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (SQLException | ExecutionException | TimeoutException ignored) {
            // Cancelled (DuckDB reports "INTERRUPT Error") or stuck: the task is failing either way.
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * DuckDB's errors carry no SQLSTATE; apart from a full disk they depend only on the input and the
     * SQL (a parse, binder or conversion error, a file that is not what it says), so a retry would fail
     * the same way: permanent, with DuckDB's own message.
     */
    private static TaskFailure translate(Throwable t) throws IOException {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        if (message.contains("No space left on device")) {
            // FailureClassifier reports it as "work directory full".
            throw new IOException(message, t);
        }
        if (t instanceof Error error) {
            throw error;
        }
        return TaskFailure.permanent("DuckDB: " + message, t);
    }

    private static void close(Statement st) {
        try {
            st.close();
        } catch (SQLException ignored) {
            // Already closed by the driver after an error.
        }
    }

    /** A SQL string literal: single quotes doubled. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A SQL identifier: double quotes doubled. */
    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        runner.shutdownNow();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // In-memory database: nothing to persist; its temp files go with the task directory.
        }
    }

    /** Reads a result set on the query thread. */
    @FunctionalInterface
    public interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Statement st) throws SQLException;
    }
}
