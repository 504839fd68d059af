package com.ingestpipeline.components;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many connections an RDS for PostgreSQL instance class takes, in one place for every rule that spends them
 * (the backfill's concurrency, the ingest function's reserved concurrency, the workers).
 *
 * <p>RDS sets {@code max_connections} to {@code LEAST(DBInstanceClassMemory / 9531392, 5000)} by default (RDS User
 * Guide, "Maximum number of database connections"). DBInstanceClassMemory is the class's memory less what the OS
 * and RDS keep, so the nominal memory used here gives an upper bound: a budget over it certainly fails. Of those
 * connections, {@code superuser_reserved_connections} (3) and {@code rds.rds_superuser_reserved_connections} (2)
 * are never available to the application.
 */
public final class DatabaseConnectionLimits {
    /** Connections RDS for PostgreSQL keeps for superusers and its own agents. */
    public static final int RESERVED = 5;
    private static final long BYTES_PER_CONNECTION = 9_531_392L;
    private static final int CEILING = 5000;
    private static final Pattern CLASS = Pattern.compile("db\\.([a-z])[a-z0-9-]*\\.(micro|small|medium|large|(\\d*)xlarge)");

    private DatabaseConnectionLimits() {
    }

    /** The class's default max_connections (upper bound), or empty for a class whose memory is not known here. */
    public static OptionalInt maxConnections(String instanceClass) {
        OptionalInt gib = memoryGib(instanceClass);
        if (gib.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.min(CEILING, gib.getAsInt() * 1024L * 1024 * 1024 / BYTES_PER_CONNECTION));
    }

    /**
     * Why {@code consumers} (name → connections they may hold at once) do not fit in {@code instanceClass}, or empty
     * when they fit (or the class's memory is not known here).
     */
    public static Optional<String> overBudget(String instanceClass, Map<String, Integer> consumers) {
        OptionalInt max = maxConnections(instanceClass);
        int wanted = consumers.values().stream().mapToInt(Integer::intValue).sum();
        if (max.isEmpty() || wanted <= max.getAsInt() - RESERVED) {
            return Optional.empty();
        }
        Map<String, Integer> parts = new LinkedHashMap<>(consumers);
        return Optional.of(String.join(" + ", parts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .toList()) + " = " + wanted + " connections, over the " + (max.getAsInt() - RESERVED) + " that "
            + instanceClass + " leaves to applications (max_connections " + max.getAsInt() + " less " + RESERVED
            + " reserved)");
    }

    /** Nominal memory of the burstable (t), general purpose (m) and memory optimised (r) classes. */
    static OptionalInt memoryGib(String instanceClass) {
        Matcher m = CLASS.matcher(instanceClass == null ? "" : instanceClass);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        String family = m.group(1);
        String size = m.group(2);
        int t = switch (size) {
            case "micro" -> 1;
            case "small" -> 2;
            case "medium" -> 4;
            case "large" -> 8;
            default -> 16 * (m.group(3).isEmpty() ? 1 : Integer.parseInt(m.group(3)));
        };
        return switch (family) {
            case "t" -> OptionalInt.of(t);
            case "m" -> t >= 8 ? OptionalInt.of(t) : OptionalInt.empty();
            case "r" -> t >= 8 ? OptionalInt.of(2 * t) : OptionalInt.empty();
            default -> OptionalInt.empty();
        };
    }
}
