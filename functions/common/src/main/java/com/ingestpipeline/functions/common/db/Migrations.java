package com.ingestpipeline.functions.common.db;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the Flyway migrations under {@code classpath:db/migration} (this module owns the schema; the ingest
 * function and the worker share it). Run once per deploy by the migrate Lambda, and by the test fixtures.
 */
public final class Migrations {
    /** Where the SQL migrations live inside the jar. */
    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /**
     * What {@link #migrate} did.
     *
     * @param version  schema version after the run (e.g. {@code "2"}), or null if there are no migrations
     * @param executed how many migrations this run applied (0 when already up to date)
     */
    public record Outcome(String version, int executed) {
    }

    /** Migrates the database behind {@code db}, with its TLS settings and credentials (refreshed once if rejected). */
    public static Outcome migrate(Database db) {
        try {
            return migrate(db.config().jdbcUrl(), db.connectionProperties(db.credentials()));
        } catch (FlywayException e) {
            if (!isAuthFailure(e)) {
                throw e;
            }
            return migrate(db.config().jdbcUrl(), db.connectionProperties(db.refreshCredentials()));
        }
    }

    /** Migrates the database at {@code jdbcUrl}; {@code props} must hold {@code user} and {@code password}. */
    public static Outcome migrate(String jdbcUrl, Properties props) {
        Map<String, String> jdbcProps = new HashMap<>();
        props.stringPropertyNames().forEach(n -> jdbcProps.put(n, props.getProperty(n)));
        String user = jdbcProps.remove("user");
        String password = jdbcProps.remove("password");
        Flyway flyway = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .jdbcProperties(jdbcProps)
                .locations(LOCATION)
                // Never let a deploy wipe the data: clean is for throwaway databases only.
                .cleanDisabled(true)
                .load();
        MigrateResult result = flyway.migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Outcome(version, result.migrationsExecuted);
    }

    private static boolean isAuthFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && Database.isAuthFailure(sql)) {
                return true;
            }
        }
        return false;
    }
}
