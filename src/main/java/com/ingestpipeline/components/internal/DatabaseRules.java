package com.ingestpipeline.components.internal;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules of an RDS for PostgreSQL instance, in one place: {@code Database} checks its Args with them and
 * the stack's settings reader checks its {@code db*} keys with them. Each returns what is wrong, without the
 * field name, so each caller names its own field or key.
 */
public final class DatabaseRules {
    public static final int MIN_STORAGE_GB = 20;
    public static final int MAX_STORAGE_GB = 65536;
    public static final int MIN_BACKUP_RETENTION_DAYS = 7;
    public static final int MAX_BACKUP_RETENTION_DAYS = 35;
    /** The default autoscaling ceiling when the storage is small: what the library shipped with. */
    public static final int DEFAULT_MAX_STORAGE_GB = 100;

    private static final Pattern ENGINE = Pattern.compile("(16|17)(\\.\\d+)?");
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.[a-z][a-z0-9-]*\\.[a-z0-9]+");
    /** PostgreSQL identifiers RDS accepts for the database and master user names. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    /** Names RDS reserves or attackers try first. */
    private static final Set<String> RESERVED_USERS = new TreeSet<>(Set.of("postgres", "admin", "rdsadmin", "root",
        "administrator"));

    private DatabaseRules() {
    }

    public static Optional<String> engineVersionProblem(String version) {
        return ENGINE.matcher(version).matches() ? Optional.empty()
            : Optional.of("must be PostgreSQL 16 or 17, e.g. 17 or 16.9 (got '" + version + "')");
    }

    /** The parameter group family of a valid engine version: {@code postgres17}. */
    public static String family(String version) {
        return "postgres" + version.split("\\.")[0];
    }

    public static Optional<String> instanceClassProblem(String instanceClass) {
        return INSTANCE_CLASS.matcher(instanceClass).matches() ? Optional.empty()
            : Optional.of("must be an RDS class like db.t4g.micro (got '" + instanceClass + "')");
    }

    public static Optional<String> databaseNameProblem(String name) {
        return IDENTIFIER.matcher(name).matches() ? Optional.empty()
            : Optional.of("must start with a letter and hold only letters, digits and _ (at most 63) (got '" + name + "')");
    }

    public static Optional<String> masterUsernameProblem(String user) {
        if (!IDENTIFIER.matcher(user).matches()) {
            return Optional.of("must start with a letter and hold only letters, digits and _ (got '" + user + "')");
        }
        if (RESERVED_USERS.contains(user.toLowerCase())) {
            return Optional.of("must not be a well-known admin name (" + String.join(", ", RESERVED_USERS)
                + ") (got '" + user + "')");
        }
        return Optional.empty();
    }

    /** The smallest storage-autoscaling ceiling RDS accepts: 10% above the allocated storage, rounded up. */
    public static int minAutoscalingCeiling(int allocatedGb) {
        return (allocatedGb * 11 + 9) / 10;
    }

    /**
     * The ceiling when none is given: {@link #DEFAULT_MAX_STORAGE_GB}, or AWS's recommended 26% headroom above a
     * larger storage, so raising only the storage keeps a valid ceiling.
     */
    public static int defaultMaxStorage(int allocatedGb) {
        return Math.max(DEFAULT_MAX_STORAGE_GB, (int) Math.ceil(allocatedGb * 1.26));
    }

    /**
     * RDS refuses a storage-autoscaling ceiling less than 10% above the allocated storage ("Invalid max storage
     * size"), so an equal ceiling would fail only at deploy time.
     *
     * @param storageField how the caller names the allocated storage, for the message
     */
    public static Optional<String> maxStorageProblem(int allocatedGb, int maxGb, String storageField) {
        int min = minAutoscalingCeiling(allocatedGb);
        if (maxGb == 0 || (maxGb >= min && maxGb <= MAX_STORAGE_GB)) {
            return Optional.empty();
        }
        return Optional.of("must be 0 (no autoscaling) or " + min + ".." + MAX_STORAGE_GB + ", at least 10% above "
            + storageField + " " + allocatedGb + " (got " + maxGb + ")");
    }
}
