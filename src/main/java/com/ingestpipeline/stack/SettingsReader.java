package com.ingestpipeline.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.internal.ArtifactRules;
import com.ingestpipeline.components.internal.Cidrs;
import com.ingestpipeline.components.internal.DatabaseRules;
import com.ingestpipeline.components.internal.EndpointRules;
import com.ingestpipeline.components.internal.Gp3Rules;
import com.ingestpipeline.components.internal.LogRetention;
import com.ingestpipeline.components.DatabaseConnections;
import com.ingestpipeline.components.NotificationDelivery;
import com.ingestpipeline.gate.ProdControls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses raw config into {@link StackSettings}. Every problem is collected (a bad value falls back to
 * its default so the remaining checks still run) and reported together, each naming the key.
 */
final class SettingsReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** Namespaces a stack file may use besides the project's: the providers this program configures. */
    private static final List<String> NAMESPACES = List.of(SettingsSchema.PROJECT, "aws", "pulumi");

    private final ConfigSource source;
    private final List<String> problems = new ArrayList<>();

    private SettingsReader(ConfigSource source) {
        this.source = source;
    }

    static StackSettings read(ConfigSource source) {
        return new SettingsReader(source).read();
    }

    private StackSettings read() {
        unknownNamespaces();
        unknownKeys();
        String environment = oneOf("environment", List.of(StackSettings.DEV, StackSettings.PROD));
        boolean prod = StackSettings.PROD.equals(environment);
        StackSettings.Network network = network();
        StackSettings.Database database = database(environment);
        StackSettings.Worker worker = worker();
        StackSettings.Ingest ingest = ingest(database, worker);
        StackSettings.Workflow workflow = workflow();
        connectionBudget(database, worker, ingest, workflow);
        StackSettings settings = new StackSettings(
            environment,
            source.get("aws", "region").filter(s -> !s.isBlank()),
            network,
            database,
            worker,
            ingest,
            workflow,
            logRetention(),
            kmsKeyArn(),
            tags(environment),
            waivers(prod),
            alarms(),
            s3AccessLogs(prod));
        // The workers have no NAT route: a created VPC reaches CloudWatch Logs only through its endpoint.
        // An existing VPC is the owner's to check.
        if (settings.worker().shipLogs() && !network.bringYourOwnVpc() && !network.interfaceEndpoints().contains("logs")) {
            problem("workerShipLogs", "needs the logs interface endpoint: add \"logs\" to interfaceEndpoints");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(source.describe(), problems);
        }
        return settings;
    }

    private StackSettings.Network network() {
        String cidr = string("vpcCidr");
        Cidrs.problem(cidr, 16, 24).ifPresent(p -> problem("vpcCidr", p));
        int azCount = integer("azCount", 2, 4);
        List<String> endpoints = list("interfaceEndpoints");
        EndpointRules.problems(endpoints).forEach(p -> problem("interfaceEndpoints", p));
        Optional<String> vpcId = optionalString("existingVpcId");
        List<String> subnetIds = list("existingSubnetIds");
        vpcId.filter(id -> !id.matches("vpc-[0-9a-z]{8,17}"))
            .ifPresent(id -> problem("existingVpcId", "must look like vpc-0123abcd (got '" + id + "')"));
        subnetIds.stream().filter(id -> !id.matches("subnet-[0-9a-z]{8,17}"))
            .forEach(id -> problem("existingSubnetIds", "must look like subnet-0123abcd (got '" + id + "')"));
        if (vpcId.isPresent() && subnetIds.size() < 2) {
            problem("existingSubnetIds", "needs at least 2 subnets in different AZs when existingVpcId is set (got "
                + subnetIds.size() + ")");
        }
        if (vpcId.isEmpty() && !subnetIds.isEmpty()) {
            problem("existingSubnetIds", "is only allowed together with existingVpcId");
        }
        noDuplicates("existingSubnetIds", subnetIds);
        return new StackSettings.Network(cidr, azCount, endpoints, bool("singleAzEndpoints"), bool("flowLogs"),
            vpcId, subnetIds);
    }

    private StackSettings.Database database(String environment) {
        String version = string("dbEngineVersion");
        DatabaseRules.engineVersionProblem(version).ifPresent(p -> problem("dbEngineVersion", p));
        String instanceClass = string("dbInstanceClass");
        DatabaseRules.instanceClassProblem(instanceClass).ifPresent(p -> problem("dbInstanceClass", p));
        int storage = integer("dbAllocatedStorageGb", DatabaseRules.MIN_STORAGE_GB, DatabaseRules.MAX_STORAGE_GB);
        // Left unset, the ceiling follows the storage (the Database component's default rule).
        int maxStorage = raw("dbMaxAllocatedStorageGb").isPresent()
            ? integer("dbMaxAllocatedStorageGb", 0, DatabaseRules.MAX_STORAGE_GB)
            : DatabaseRules.defaultMaxStorage(storage);
        DatabaseRules.maxStorageProblem(storage, maxStorage, "dbAllocatedStorageGb")
            .ifPresent(p -> problem("dbMaxAllocatedStorageGb", p));
        boolean multiAz = bool("dbMultiAz");
        boolean deletionProtection = bool("dbDeletionProtection");
        boolean finalSnapshot = bool("dbFinalSnapshot");
        // Each prod rule is its own problem, so one run names all of them (the gate's controls in brackets).
        if (StackSettings.PROD.equals(environment) && !multiAz) {
            problem("dbMultiAz", "must be true when environment is prod (RDS.5)");
        }
        if (StackSettings.PROD.equals(environment) && !deletionProtection) {
            problem("dbDeletionProtection", "must be true when environment is prod (RDS.8)");
        }
        if (StackSettings.PROD.equals(environment) && !finalSnapshot) {
            problem("dbFinalSnapshot", "must be true when environment is prod");
        }
        int backups = integer("dbBackupRetentionDays", DatabaseRules.MIN_BACKUP_RETENTION_DAYS,
            DatabaseRules.MAX_BACKUP_RETENTION_DAYS);
        String name = string("dbName");
        DatabaseRules.databaseNameProblem(name).ifPresent(p -> problem("dbName", p));
        String user = string("dbMasterUsername");
        DatabaseRules.masterUsernameProblem(user).ifPresent(p -> problem("dbMasterUsername", p));
        return new StackSettings.Database(version, instanceClass, storage, maxStorage, multiAz,
            deletionProtection, finalSnapshot, backups, bool("dbProxy"), name, user);
    }

    private StackSettings.Worker worker() {
        String type = string("workerInstanceType");
        Optional<String> arch = InstanceTypes.architecture(type);
        if (InstanceTypes.family(type).isEmpty()) {
            problem("workerInstanceType", "must be <family>.<size>, e.g. t4g.medium (got '" + type + "')");
        } else if (arch.isEmpty()) {
            problem("workerInstanceType", "unknown instance type family '" + InstanceTypes.family(type).get()
                + "' (known: " + String.join(", ", InstanceTypes.knownFamilies()) + ")");
        }
        int size = integer("workerVolumeSizeGb", Gp3Rules.MIN_SIZE_GIB, Gp3Rules.MAX_SIZE_GIB);
        int iops = integer("workerVolumeIops", Gp3Rules.BASELINE_IOPS, Gp3Rules.MAX_IOPS);
        Gp3Rules.iopsProblem(iops, size).ifPresent(p -> problem("workerVolumeIops", p));
        int throughput = integer("workerVolumeThroughputMbps", Gp3Rules.BASELINE_THROUGHPUT_MIBPS,
            Gp3Rules.MAX_THROUGHPUT_MIBPS);
        Gp3Rules.throughputProblem(throughput, iops).ifPresent(p -> problem("workerVolumeThroughputMbps", p));
        boolean alwaysOn = bool("workerAlwaysOn");
        int idle = integer("workerIdleShutdownSeconds", 60, 86400);
        Optional<String> sqlJob = optionalString("workerSqlJob");
        sqlJob.flatMap(ArtifactRules::fileProblem).ifPresent(p -> problem("workerSqlJob", p));
        return new StackSettings.Worker(type, arch.orElse(InstanceTypes.ARM64), integer("workerCount", 1, 20), size,
            iops, throughput, idle, alwaysOn, integer("workerConcurrency", 1, 64), bool("workerShipLogs"), sqlJob);
    }

    /**
     * The database's connection budget ({@link DatabaseConnections}: one rule for every client) mapped to the keys
     * that set each figure. Skipped when the reserved concurrency itself is invalid (already reported).
     */
    private void connectionBudget(StackSettings.Database database, StackSettings.Worker worker,
                                  StackSettings.Ingest ingest, StackSettings.Workflow workflow) {
        if (problems.stream().anyMatch(p -> p.contains(":lambdaReservedConcurrency:"))) {
            return;
        }
        DatabaseConnections.problems(new DatabaseConnections.Demand(database.instanceClass(), worker.count(),
                ingest.reservedConcurrency(), workflow.backfillMaxConcurrency(), database.proxy()))
            .forEach(p -> {
                switch (p.subject()) {
                    case INGEST_CONCURRENCY -> problem("lambdaReservedConcurrency", p.message()
                        + " (keys: lambdaReservedConcurrency, dbInstanceClass, workerCount, dbProxy)");
                    case BACKFILL_CONCURRENCY -> problem("backfillMaxConcurrency", p.message()
                        + " (keys: backfillMaxConcurrency, lambdaReservedConcurrency)");
                }
            });
    }

    /**
     * Reserved concurrency 0 (the default) follows the database: {@link DatabaseConnections#defaultReservedConcurrency}
     * for the class, the workers and the proxy; -1 leaves the function unreserved.
     */
    private StackSettings.Ingest ingest(StackSettings.Database database, StackSettings.Worker worker) {
        int memory = integer("lambdaMemoryMb", 128, 10240);
        int timeout = integer("lambdaTimeoutSeconds", 1, 900);
        int reserved = integer("lambdaReservedConcurrency", -1, 1000);
        int maxMb = integer("maxObjectMb", 1, 5 * 1024 * 1024);
        String input = prefix("inputPrefix");
        String results = prefix("resultsPrefix");
        if (!input.isEmpty() && !results.isEmpty() && (input.startsWith(results) || results.startsWith(input))) {
            problem("resultsPrefix", "must not overlap inputPrefix, or results would trigger ingestion again ("
                + "inputPrefix '" + input + "', resultsPrefix '" + results + "')");
        }
        List<String> suffixes = list("inputSuffixes");
        suffixes.stream().filter(s -> s.isBlank() || s.contains("*"))
            .forEach(s -> problem("inputSuffixes", "each must be a literal, non-empty suffix like .csv (got '" + s + "')"));
        Optional<String> bucket = optionalString("existingBucketName");
        bucket.filter(b -> !BUCKET_NAME.matcher(b).matches() || b.contains(".."))
            .ifPresent(b -> problem("existingBucketName", "must be an S3 bucket name: 3 to 63 lowercase letters, digits, "
                + "dots and hyphens, starting and ending with a letter or digit (got '" + b + "')"));
        Optional<String> delivery = optionalString("notificationDelivery");
        boolean own = bool("ownBucketNotifications");
        // The rule is the component's (NotificationDelivery); this only maps each problem to its key.
        NotificationDelivery.problems(bucket.isPresent(), delivery.orElse(null), own)
            .forEach(p -> problem(p.field(), p.message()));
        Optional<Integer> reservedConcurrency = reserved > 0 ? Optional.of(reserved) : reserved == 0
            ? Optional.of(DatabaseConnections.defaultReservedConcurrency(database.instanceClass(), worker.count(),
                database.proxy()))
            : Optional.empty();
        return new StackSettings.Ingest(memory, timeout, reservedConcurrency,
            maxMb, input, suffixes, results, bucket, delivery, own);
    }

    private StackSettings.Workflow workflow() {
        int timeout = integer("taskTimeoutSeconds", 60, 604800);
        int heartbeat = integer("heartbeatSeconds", 10, 604800);
        if (heartbeat >= timeout) {
            problem("heartbeatSeconds", "must be below taskTimeoutSeconds (" + timeout + ") (got " + heartbeat + ")");
        }
        return new StackSettings.Workflow(timeout, heartbeat, integer("maxWorkerRestarts", 0, 10),
            oneOf("workflowLogLevel", List.of("ALL", "ERROR", "FATAL", "OFF")),
            integer("backfillMaxConcurrency", 1, 10000), integer("backfillToleratedFailurePercentage", 0, 100),
            integer("backfillBatchSize", 1, 1000));
    }

    private int logRetention() {
        int days = integer("logRetentionDays", 1, 3653);
        LogRetention.problem(days).ifPresent(p -> problem("logRetentionDays", p));
        return days;
    }

    private Optional<String> kmsKeyArn() {
        Optional<String> arn = optionalString("kmsKeyArn");
        arn.filter(a -> !a.matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/.+"))
            .ifPresent(a -> problem("kmsKeyArn", "must be a KMS key or alias ARN (got '" + a + "')"));
        return arn;
    }

    private StackSettings.Alarms alarms() {
        Optional<String> email = optionalString("alarmEmail");
        Optional<String> topic = optionalString("alarmTopicArn");
        email.filter(e -> !e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))
            .ifPresent(e -> problem("alarmEmail", "must be an e-mail address (got '" + e + "')"));
        topic.filter(t -> !t.matches("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}"))
            .ifPresent(t -> problem("alarmTopicArn", "must be an SNS topic ARN (got '" + t + "')"));
        if (email.isPresent() && topic.isPresent()) {
            problem("alarmEmail", "subscribes to the topic the stack creates; with alarmTopicArn subscribe to that topic");
        }
        return new StackSettings.Alarms(email, topic);
    }

    private Map<String, String> tags(String environment) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String entry : list("tags")) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? entry : entry.substring(0, eq).trim();
            if (eq < 0 || key.isEmpty()) {
                problem("tags", "each must be \"key=value\" (got '" + entry + "')");
            } else if (key.toLowerCase().startsWith("aws:")) {
                problem("tags", "keys starting with aws: are reserved by AWS (got '" + key + "')");
            } else if (key.length() > 128 || entry.length() - eq - 1 > 256) {
                problem("tags", "key at most 128 and value at most 256 characters (got '" + key + "')");
            } else if (tags.put(key, entry.substring(eq + 1).trim()) != null) {
                problem("tags", "key '" + key + "' appears twice");
            }
        }
        tags.putIfAbsent("environment", environment);
        return Collections.unmodifiableMap(tags);
    }

    /** {@code auto} means on in prod only; prod refuses {@code false} (S3.9 is mandatory there). */
    private boolean s3AccessLogs(boolean prod) {
        String value = oneOf("s3AccessLogs", List.of("auto", "true", "false"));
        if (prod && value.equals("false")) {
            problem("s3AccessLogs", "must not be false when environment is prod (S3.9)");
        }
        return value.equals("auto") ? prod : value.equals("true");
    }

    private List<StackSettings.Waiver> waivers(boolean prod) {
        List<StackSettings.Waiver> waivers = new ArrayList<>();
        for (String entry : list("securityGateWaivers")) {
            int colon = entry.indexOf(':');
            String control = colon < 0 ? entry.trim() : entry.substring(0, colon).trim();
            String reason = colon < 0 ? "" : entry.substring(colon + 1).trim();
            if (!control.matches("[A-Za-z][A-Za-z0-9]*\\.\\d+")) {
                problem("securityGateWaivers", "each must start with a control id like S3.5 (got '" + entry + "')");
            } else if (reason.isEmpty()) {
                problem("securityGateWaivers", "waiver of " + control + " needs a reason: \"" + control + ": why\"");
            } else if (prod && ProdControls.waiverProblem(control).isPresent()) {
                problem("securityGateWaivers", ProdControls.waiverProblem(control).get() + " (got '" + entry + "')");
            } else {
                waivers.add(new StackSettings.Waiver(control, reason));
            }
        }
        return List.copyOf(waivers);
    }

    // --- typed access; each records a problem and returns the default on bad input ---

    /** A key under a namespace that is neither the project's nor a provider's would be ignored without a word. */
    private void unknownNamespaces() {
        source.allKeys().ifPresent(keys -> keys.stream().sorted().filter(k -> k.contains(":")).forEach(k -> {
            String namespace = k.substring(0, k.indexOf(':'));
            if (NAMESPACES.contains(namespace)) {
                return;
            }
            String key = k.substring(k.indexOf(':') + 1);
            problems.add(k + ": unknown namespace '" + namespace + "'" + Suggest.closest(namespace, NAMESPACES)
                .map(n -> " (did you mean " + n + ":" + key + "?)")
                .orElse(" (use " + SettingsSchema.PROJECT + ":, aws: or pulumi:)"));
        }));
    }

    private void unknownKeys() {
        source.projectKeys().ifPresent(keys -> keys.stream()
            .filter(k -> SettingsSchema.find(k).isEmpty())
            .forEach(k -> problems.add(SettingsSchema.PROJECT + ":" + k + ": unknown setting"
                + Suggest.closest(k, SettingsSchema.all().stream().map(SettingsSchema.Setting::key).toList())
                    .map(s -> " (did you mean " + s + "?)").orElse(""))));
    }

    private void problem(String key, String message) {
        problems.add(SettingsSchema.get(key).fullKey() + ": " + message);
    }

    private Optional<String> raw(String key) {
        return source.get(key);
    }

    private String string(String key) {
        return raw(key).orElse((String) SettingsSchema.get(key).defaultValue());
    }

    private Optional<String> optionalString(String key) {
        return Optional.of(string(key).trim()).filter(s -> !s.isEmpty());
    }

    private String oneOf(String key, List<String> allowed) {
        String value = string(key);
        if (!allowed.contains(value)) {
            problem(key, "must be one of " + String.join(", ", allowed) + " (got '" + value + "')");
            return (String) SettingsSchema.get(key).defaultValue();
        }
        return value;
    }

    private String prefix(String key) {
        String value = string(key);
        if (value.isEmpty() || !value.endsWith("/") || value.startsWith("/") || value.contains("*")) {
            problem(key, "must be a key prefix like incoming/ (not empty, ends with /, no leading /, no *) (got '"
                + value + "')");
        }
        return value;
    }

    private boolean bool(String key) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return (Boolean) SettingsSchema.get(key).defaultValue();
        }
        switch (value.get().trim().toLowerCase()) {
            case "true": return true;
            case "false": return false;
            default:
                problem(key, "must be true or false (got '" + value.get() + "')");
                return (Boolean) SettingsSchema.get(key).defaultValue();
        }
    }

    private int integer(String key, int min, int max) {
        return (int) longInteger(key, min, max);
    }

    private long longInteger(String key, long min, long max) {
        long fallback = (Long) SettingsSchema.get(key).defaultValue();
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.get().trim());
        } catch (NumberFormatException e) {
            problem(key, "must be a whole number " + min + ".." + max + " (got '" + value.get() + "')");
            return fallback;
        }
        if (parsed < min || parsed > max) {
            problem(key, "must be " + min + ".." + max + " (got " + parsed + ")");
            return fallback;
        }
        return parsed;
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String key) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return (List<String>) SettingsSchema.get(key).defaultValue();
        }
        try {
            JsonNode node = JSON.readTree(value.get());
            if (node != null && node.isArray()) {
                List<String> items = new ArrayList<>();
                boolean allText = true;
                for (JsonNode item : node) {
                    allText &= item.isTextual();
                    items.add(item.asText());
                }
                if (allText) {
                    return List.copyOf(items);
                }
            }
        } catch (java.io.IOException e) {
            // reported below
        }
        problem(key, "must be a list of strings, e.g. [\"a\", \"b\"] (got " + value.get() + ")");
        return (List<String>) SettingsSchema.get(key).defaultValue();
    }

    private void noDuplicates(String key, List<String> items) {
        Set<String> seen = new TreeSet<>();
        items.stream().filter(i -> !seen.add(i)).distinct().forEach(i -> problem(key, "'" + i + "' appears twice"));
    }
}
