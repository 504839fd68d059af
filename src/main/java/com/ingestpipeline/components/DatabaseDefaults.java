package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.Ranges;
import com.ingestpipeline.components.internal.LogRetention;
import com.ingestpipeline.components.internal.NetworkPlacement;
import com.ingestpipeline.components.internal.DatabaseRules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The database's secure defaults in one place, the parameter-group merge (defaults, then the caller's
 * entries, then the values the component owns), and the validation of {@link DatabaseArgs}.
 */
final class DatabaseDefaults {
    static final int PORT = 5432;
    static final String ENGINE_VERSION = "17";
    static final String INSTANCE_CLASS = "db.t4g.micro";
    static final int ALLOCATED_STORAGE_GB = 20;
    static final String DATABASE_NAME = "ingest";
    static final String MASTER_USERNAME = "ingest_admin";
    static final int BACKUP_RETENTION_DAYS = 7;
    static final int PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
    static final int PROXY_IDLE_CLIENT_TIMEOUT_SECONDS = 1800;
    static final int MIGRATE_MEMORY_MB = 512;
    /** Flyway on a fresh database takes seconds; the slack covers a cold start plus a long migration. */
    static final int MIGRATE_TIMEOUT_SECONDS = 300;
    static final int LOG_RETENTION_DAYS = 30;
    /** The RSA 2048 CA the functions' bundled trust store holds (verify-full needs the exact chain). */
    static final String CA_CERT_IDENTIFIER = "rds-ca-rsa2048-g1";
    static final List<String> LOG_EXPORTS = List.of("postgresql", "upgrade");
    static final String MIGRATE_HANDLER = "com.ingestpipeline.functions.ingest.MigrateHandler::handleRequest";

    private static final Set<Integer> MONITORING_INTERVALS = Set.of(0, 1, 5, 10, 15, 30, 60);

    private DatabaseDefaults() {
    }

    /** Logging that makes incidents diagnosable without logging statement text or parameters. */
    static Map<String, DatabaseParameterArgs> defaultParameters() {
        Map<String, DatabaseParameterArgs> p = new LinkedHashMap<>();
        put(p, DatabaseParameterArgs.of("log_connections", "1"));
        put(p, DatabaseParameterArgs.of("log_disconnections", "1"));
        put(p, DatabaseParameterArgs.of("log_lock_waits", "1"));
        put(p, DatabaseParameterArgs.of("log_min_duration_statement", "1000"));
        put(p, DatabaseParameterArgs.of("log_statement", "ddl"));
        return p;
    }

    /** Values the component owns: set last, so no override can turn TLS enforcement off. */
    static List<DatabaseParameterArgs> ownedParameters() {
        return List.of(DatabaseParameterArgs.of("rds.force_ssl", "1"));
    }

    /** Defaults, then the caller's entries by name, then the owned ones. */
    static List<DatabaseParameterArgs> parameters(List<DatabaseParameterArgs> overrides) {
        Map<String, DatabaseParameterArgs> p = defaultParameters();
        overrides.forEach(o -> put(p, o));
        ownedParameters().forEach(o -> put(p, o));
        return List.copyOf(p.values());
    }

    private static void put(Map<String, DatabaseParameterArgs> map, DatabaseParameterArgs p) {
        map.remove(p.name());
        map.put(p.name(), p);
    }

    /** RDS identifiers: lowercase letters, digits and single hyphens, starting with a letter. */
    /** The instance identifier: fixed, because the export log groups are named after it before it exists. */
    static String instanceIdentifier(String componentName) {
        return rdsName(componentName + "-instance");
    }

    /** Where RDS writes an exported log type: {@code /aws/rds/instance/<identifier>/<type>}. */
    static String exportLogGroupName(String identifier, String logType) {
        return "/aws/rds/instance/" + identifier + "/" + logType;
    }

    /** {@code <identifier>-final-<8 hex>}: the suffix is a hash of what makes this database this one. */
    static String finalSnapshotIdentifier(String identifier, String identity) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest((identifier + "|" + identity).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return identifier + "-final-" + java.util.HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rdsName(String name) {
        String s = name.toLowerCase().replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        if (s.isEmpty()) {
            return "db";
        }
        return Character.isLetter(s.charAt(0)) ? s : "db-" + s;
    }

    /** Resolved settings: a new instance's, or an existing database's. Built by name ({@link #builder()}). */
    record Settings(boolean existing, int port, String databaseName, String engineVersion, String family,
                    String instanceClass, int allocatedStorageGb, int maxAllocatedStorageGb, String masterUsername,
                    boolean multiAz, int backupRetentionDays, boolean deletionProtection, boolean finalSnapshot,
                    boolean applyImmediately, int performanceInsightsRetentionDays, int monitoringIntervalSeconds,
                    List<DatabaseParameterArgs> parameters, boolean proxy, int proxyIdleClientTimeoutSeconds,
                    boolean runMigrations, int logRetentionDays) {
        static Builder builder() {
            return new Builder();
        }
    }

    /** Names every field, so two swapped settings of one type cannot compile into the wrong place. */
    static final class Builder {
        private boolean existing;
        private int port;
        private String databaseName;
        private String engineVersion;
        private String family;
        private String instanceClass;
        private int allocatedStorageGb;
        private int maxAllocatedStorageGb;
        private String masterUsername;
        private boolean multiAz;
        private int backupRetentionDays;
        private boolean deletionProtection;
        private boolean finalSnapshot;
        private boolean applyImmediately;
        private int performanceInsightsRetentionDays;
        private int monitoringIntervalSeconds;
        private List<DatabaseParameterArgs> parameters;
        private boolean proxy;
        private int proxyIdleClientTimeoutSeconds;
        private boolean runMigrations;
        private int logRetentionDays;

        Builder existing(boolean v) { existing = v; return this; }
        Builder port(int v) { port = v; return this; }
        Builder databaseName(String v) { databaseName = v; return this; }
        Builder engineVersion(String v) { engineVersion = v; return this; }
        Builder family(String v) { family = v; return this; }
        Builder instanceClass(String v) { instanceClass = v; return this; }
        Builder allocatedStorageGb(int v) { allocatedStorageGb = v; return this; }
        Builder maxAllocatedStorageGb(int v) { maxAllocatedStorageGb = v; return this; }
        Builder masterUsername(String v) { masterUsername = v; return this; }
        Builder multiAz(boolean v) { multiAz = v; return this; }
        Builder backupRetentionDays(int v) { backupRetentionDays = v; return this; }
        Builder deletionProtection(boolean v) { deletionProtection = v; return this; }
        Builder finalSnapshot(boolean v) { finalSnapshot = v; return this; }
        Builder applyImmediately(boolean v) { applyImmediately = v; return this; }
        Builder performanceInsightsRetentionDays(int v) { performanceInsightsRetentionDays = v; return this; }
        Builder monitoringIntervalSeconds(int v) { monitoringIntervalSeconds = v; return this; }
        Builder parameters(List<DatabaseParameterArgs> v) { parameters = v; return this; }
        Builder proxy(boolean v) { proxy = v; return this; }
        Builder proxyIdleClientTimeoutSeconds(int v) { proxyIdleClientTimeoutSeconds = v; return this; }
        Builder runMigrations(boolean v) { runMigrations = v; return this; }
        Builder logRetentionDays(int v) { logRetentionDays = v; return this; }

        Settings build() {
            return new Settings(existing, port, databaseName, engineVersion, family, instanceClass, allocatedStorageGb,
                maxAllocatedStorageGb, masterUsername, multiAz, backupRetentionDays, deletionProtection,
                finalSnapshot, applyImmediately, performanceInsightsRetentionDays, monitoringIntervalSeconds,
                parameters, proxy, proxyIdleClientTimeoutSeconds, runMigrations, logRetentionDays);
        }
    }

    static Settings resolve(DatabaseArgs args) {
        if (args == null) {
            throw new IllegalArgumentException("DatabaseArgs: args are required (at least network)");
        }
        List<String> problems = new ArrayList<>();
        boolean existing = args.existingHost().isPresent() || args.existingDatabaseName().isPresent()
            || args.existingSecretArn().isPresent() || args.existingSecurityGroupId().isPresent()
            || args.existingPort().isPresent();
        boolean runMigrations = args.runMigrations().orElse(true);
        int logRetention = args.logRetentionDays().orElse(LOG_RETENTION_DAYS);
        LogRetention.problem(logRetention).ifPresent(p -> problems.add("logRetentionDays " + p));
        Settings settings = existing
            ? resolveExisting(args, runMigrations, logRetention, problems)
            : resolveNew(args, runMigrations, logRetention, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("DatabaseArgs: " + String.join("; ", problems));
        }
        return settings;
    }

    private static Settings resolveExisting(DatabaseArgs args, boolean runMigrations, int logRetention,
                                            List<String> problems) {
        List<String> missing = new ArrayList<>();
        if (args.existingHost().isEmpty()) missing.add("existingHost");
        if (args.existingDatabaseName().isEmpty()) missing.add("existingDatabaseName");
        if (args.existingSecretArn().isEmpty()) missing.add("existingSecretArn");
        if (args.existingSecurityGroupId().isEmpty()) missing.add("existingSecurityGroupId");
        if (!missing.isEmpty()) {
            problems.add("an existing database needs " + String.join(", ", missing) + " as well");
        }
        int port = args.existingPort().orElse(PORT);
        if (port < 1150 || port > 65535) {
            problems.add("existingPort must be 1150..65535 (got " + port + ")");
        }
        args.existingDatabaseName().flatMap(DatabaseRules::databaseNameProblem)
            .ifPresent(p -> problems.add("existingDatabaseName " + p));
        List<String> createSettings = new ArrayList<>();
        args.engineVersion().ifPresent(v -> createSettings.add("engineVersion"));
        args.instanceClass().ifPresent(v -> createSettings.add("instanceClass"));
        args.allocatedStorageGb().ifPresent(v -> createSettings.add("allocatedStorageGb"));
        args.maxAllocatedStorageGb().ifPresent(v -> createSettings.add("maxAllocatedStorageGb"));
        args.databaseName().ifPresent(v -> createSettings.add("databaseName"));
        args.masterUsername().ifPresent(v -> createSettings.add("masterUsername"));
        args.kmsKeyArn().ifPresent(v -> createSettings.add("kmsKeyArn"));
        args.multiAz().ifPresent(v -> createSettings.add("multiAz"));
        args.backupRetentionDays().ifPresent(v -> createSettings.add("backupRetentionDays"));
        args.deletionProtection().ifPresent(v -> createSettings.add("deletionProtection"));
        args.finalSnapshot().ifPresent(v -> createSettings.add("finalSnapshot"));
        args.applyImmediately().ifPresent(v -> createSettings.add("applyImmediately"));
        args.performanceInsightsRetentionDays().ifPresent(v -> createSettings.add("performanceInsightsRetentionDays"));
        args.monitoringIntervalSeconds().ifPresent(v -> createSettings.add("monitoringIntervalSeconds"));
        if (!args.parameters().isEmpty()) createSettings.add("parameters");
        args.proxy().ifPresent(v -> createSettings.add("proxy"));
        args.proxyIdleClientTimeoutSeconds().ifPresent(v -> createSettings.add("proxyIdleClientTimeoutSeconds"));
        if (!createSettings.isEmpty()) {
            problems.add("the existing* fields and the settings for a new instance are mutually exclusive (remove "
                + String.join(", ", createSettings) + ")");
        }
        if (runMigrations && !NetworkPlacement.problems(args.network().orElse(null)).isEmpty()) {
            problems.add("runMigrations needs network (vpcId and subnetIds) to place the migrate function "
                + "(or set runMigrations=false)");
        }
        return Settings.builder().existing(true).port(port).databaseName(args.existingDatabaseName().orElse(null))
            .parameters(List.of()).runMigrations(runMigrations).logRetentionDays(logRetention).build();
    }

    private static Settings resolveNew(DatabaseArgs args, boolean runMigrations, int logRetention, List<String> problems) {
        problems.addAll(NetworkPlacement.problems(args.network().orElse(null)));
        String version = args.engineVersion().orElse(ENGINE_VERSION);
        DatabaseRules.engineVersionProblem(version).ifPresent(p -> problems.add("engineVersion " + p));
        String family = DatabaseRules.family(version);
        String instanceClass = args.instanceClass().orElse(INSTANCE_CLASS);
        DatabaseRules.instanceClassProblem(instanceClass).ifPresent(p -> problems.add("instanceClass " + p));
        int storage = Ranges.within(problems, "allocatedStorageGb", args.allocatedStorageGb().orElse(null),
            ALLOCATED_STORAGE_GB, DatabaseRules.MIN_STORAGE_GB, DatabaseRules.MAX_STORAGE_GB);
        int maxStorage = args.maxAllocatedStorageGb().orElse(DatabaseRules.defaultMaxStorage(storage));
        DatabaseRules.maxStorageProblem(storage, maxStorage, "allocatedStorageGb")
            .ifPresent(p -> problems.add("maxAllocatedStorageGb " + p));
        String dbName = args.databaseName().orElse(DATABASE_NAME);
        DatabaseRules.databaseNameProblem(dbName).ifPresent(p -> problems.add("databaseName " + p));
        String user = args.masterUsername().orElse(MASTER_USERNAME);
        DatabaseRules.masterUsernameProblem(user).ifPresent(p -> problems.add("masterUsername " + p));
        int backups = Ranges.within(problems, "backupRetentionDays", args.backupRetentionDays().orElse(null),
            BACKUP_RETENTION_DAYS, DatabaseRules.MIN_BACKUP_RETENTION_DAYS, DatabaseRules.MAX_BACKUP_RETENTION_DAYS);
        int pi = args.performanceInsightsRetentionDays().orElse(PERFORMANCE_INSIGHTS_RETENTION_DAYS);
        if (!(pi == 7 || pi == 731 || (pi % 31 == 0 && pi >= 31 && pi <= 713))) {
            problems.add("performanceInsightsRetentionDays must be 7, a multiple of 31 up to 713, or 731 (got " + pi + ")");
        }
        int monitoring = args.monitoringIntervalSeconds().orElse(0);
        if (!MONITORING_INTERVALS.contains(monitoring)) {
            problems.add("monitoringIntervalSeconds must be one of 0, 1, 5, 10, 15, 30, 60 (got " + monitoring + ")");
        }
        for (DatabaseParameterArgs p : args.parameters()) {
            if (!"immediate".equals(p.applyMethod()) && !"pending-reboot".equals(p.applyMethod())) {
                problems.add("parameters: " + p.name() + " applyMethod must be immediate or pending-reboot (got '"
                    + p.applyMethod() + "')");
            }
            if (ownedParameters().stream().anyMatch(o -> o.name().equals(p.name()) && !o.value().equals(p.value()))) {
                problems.add("parameters: " + p.name() + " is fixed at 1 (TLS is required) and cannot be overridden");
            }
        }
        int idle = args.proxyIdleClientTimeoutSeconds().orElse(PROXY_IDLE_CLIENT_TIMEOUT_SECONDS);
        if (idle < 1 || idle > 28800) {
            problems.add("proxyIdleClientTimeoutSeconds must be 1..28800 (got " + idle + ")");
        }
        return Settings.builder().existing(false).port(PORT).databaseName(dbName).engineVersion(version).family(family)
            .instanceClass(instanceClass).allocatedStorageGb(storage).maxAllocatedStorageGb(maxStorage)
            .masterUsername(user).multiAz(args.multiAz().orElse(false)).backupRetentionDays(backups)
            .deletionProtection(args.deletionProtection().orElse(true)).finalSnapshot(args.finalSnapshot().orElse(true))
            .applyImmediately(args.applyImmediately().orElse(false)).performanceInsightsRetentionDays(pi)
            .monitoringIntervalSeconds(monitoring).parameters(parameters(args.parameters()))
            .proxy(args.proxy().orElse(false)).proxyIdleClientTimeoutSeconds(idle).runMigrations(runMigrations)
            .logRetentionDays(logRetention).build();
    }
}
