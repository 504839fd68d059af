package com.ingestpipeline.functions.common.db;

import com.ingestpipeline.functions.common.aws.AwsClients;
import com.ingestpipeline.functions.common.config.DbConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL connection, reused across Lambda invocations (or worker tasks) and re-established when it breaks.
 *
 * <ul>
 *   <li>Credentials come from a {@link CredentialsSource} (the RDS-managed secret in production). When the server
 *       rejects them (SQLSTATE 28P01/28000) they are refreshed once and the connection retried, so password rotation
 *       needs no redeploy.</li>
 *   <li>TLS follows {@link DbConfig#sslMode()}; for {@code verify-ca}/{@code verify-full} the RDS CA bundle shipped
 *       in this jar ({@code tls/rds-ca-bundle.pem}) is the trust root.</li>
 *   <li>Nothing connects at construction: the connection opens on first use. {@link #beforeCheckpoint} closes it, so a
 *       SnapStart snapshot never holds a socket that would be dead (and shared between clones) after restore.</li>
 * </ul>
 *
 * <p>Thread-safe; work is serialised on the single connection (a Lambda handles one event at a time; the worker
 * gives each task thread its own {@code Database} if it needs parallel queries).
 */
public final class Database implements AutoCloseable, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String CA_BUNDLE_RESOURCE = "tls/rds-ca-bundle.pem";

    private final DbConfig config;
    private final CredentialsSource credentials;
    private Connection connection;
    /** Statements prepared on {@link #connection}, by SQL text (see {@link #prepared}); emptied when it closes. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    public Database(DbConfig config, CredentialsSource credentials) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * From the {@code DB_*} environment variables, with credentials from Secrets Manager; registered for SnapStart
     * checkpoint/restore. Throws {@link com.ingestpipeline.functions.common.config.ConfigException} naming every
     * missing or invalid variable.
     */
    public static Database fromEnvironment() {
        DbConfig config = DbConfig.fromEnv(System.getenv());
        // The Secrets Manager client is built by the first connect (see SecretsManagerCredentials).
        Database db = new Database(config, new SecretsManagerCredentials(AwsClients::secretsManager, config.secretArn()));
        db.registerForCheckpoint();
        return db;
    }

    /** Closes the connection before a SnapStart snapshot (CRaC); no-op on JVMs without CRaC. */
    public void registerForCheckpoint() {
        Core.getGlobalContext().register(this);
    }

    public DbConfig config() {
        return config;
    }

    /**
     * Runs {@code work} on the shared connection. If the connection turns out to be broken (SQLSTATE class 08, or
     * the server shut it down), it is re-opened and {@code work} runs once more; any other failure propagates.
     */
    public synchronized <T> T withConnection(SqlWork<T> work) throws SQLException {
        Connection c = connection();
        try {
            return work.apply(c);
        } catch (SQLException e) {
            if (!isConnectionFailure(e) && !c.isClosed()) {
                throw e;
            }
            LOG.warn("database connection broken ({}: {}); reconnecting once", e.getSQLState(), e.getMessage());
            closeConnection();
            return work.apply(connection());
        }
    }

    /** The open connection, connecting (or reconnecting) first if needed. Prefer {@link #withConnection}. */
    public synchronized Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            statements.clear();
            connection = open();
        }
        return connection;
    }

    /**
     * {@code sql} prepared on {@code c}, the shared connection, once per connection. The ingest path runs the same two
     * statements for every record, and a new statement object per call was a measurable part of its CPU (pgjdbc
     * already reuses the server-side statement). The statement stays open until the connection closes: callers bind
     * every parameter and close only its result sets. Only for constant SQL texts, which bound the cache.
     */
    public synchronized PreparedStatement prepared(Connection c, String sql) throws SQLException {
        if (c != connection) {
            throw new IllegalArgumentException("prepared() is for the shared connection, inside withConnection");
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Opens a new connection (not the shared one), refreshing credentials once on an authentication failure. */
    public Connection open() throws SQLException {
        try {
            return DriverManager.getConnection(config.jdbcUrl(), connectionProperties(credentials.current()));
        } catch (SQLException e) {
            if (!isAuthFailure(e)) {
                throw e;
            }
            LOG.warn("database rejected the cached credentials ({}); re-reading the secret once", e.getSQLState());
            return DriverManager.getConnection(config.jdbcUrl(), connectionProperties(credentials.refresh()));
        }
    }

    /** Current credentials (cached); callers that open their own connections (Flyway) use this with {@link #refreshCredentials}. */
    public DbCredentials credentials() {
        return credentials.current();
    }

    public DbCredentials refreshCredentials() {
        return credentials.refresh();
    }

    /** pgjdbc properties for a connection with {@code creds}: TLS, timeouts, application name. */
    public Properties connectionProperties(DbCredentials creds) {
        Properties p = new Properties();
        p.setProperty("user", creds.username());
        p.setProperty("password", creds.password());
        p.setProperty("sslmode", config.sslMode());
        if (config.sslMode().startsWith("verify")) {
            p.setProperty("sslrootcert", caBundlePath().toString());
        }
        // Fail fast when the database is unreachable: the invocation errors and Lambda's async retry takes over,
        // instead of hanging until the function timeout.
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "60");
        p.setProperty("tcpKeepAlive", "true");
        // RDS authenticates with passwords over TLS; never probe for Kerberos (the Lambda jar leaves GSS code out).
        p.setProperty("gssEncMode", "disable");
        p.setProperty("reWriteBatchedInserts", "true");
        String app = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        p.setProperty("ApplicationName", app == null ? "ingest-pipeline" : app);
        return p;
    }

    /** True for SQLSTATEs that mean the server rejected the user name or password. */
    public static boolean isAuthFailure(SQLException e) {
        String state = e.getSQLState();
        return "28P01".equals(state) || "28000".equals(state);
    }

    /** True for SQLSTATEs that mean the connection itself is gone (network, server restart, failover). */
    public static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    /** Closes the shared connection; the next use reconnects. */
    public synchronized void closeConnection() {
        statements.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("ignoring error while closing a broken connection: {}", e.getMessage());
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        closeConnection();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to do: the next withConnection() opens a fresh connection.
    }

    /**
     * pgjdbc reads {@code sslrootcert} from a file, so the bundled PEM is copied once to the temp directory (the only
     * writable place in Lambda). The file name carries the content hash so an upgraded bundle never reuses a stale copy.
     */
    static Path caBundlePath() {
        try (InputStream in = Database.class.getClassLoader().getResourceAsStream(CA_BUNDLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CA_BUNDLE_RESOURCE + " is missing from the classpath");
            }
            byte[] pem = in.readAllBytes();
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "ingest-pipeline-tls");
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pem)).substring(0, 16);
            Path file = dir.resolve("rds-ca-bundle-" + hash + ".pem");
            if (!Files.exists(file) || Files.size(file) != pem.length) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "bundle", ".tmp");
                Files.write(tmp, pem);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return file;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the RDS CA bundle to the temp directory", e);
        }
    }
}
