package com.ingestpipeline.components;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one connection budget of the stack: what an RDS for PostgreSQL instance class allows, what each client holds at
 * its peak, and so how many ingest execution environments fit. The stack settings use it for the ingest function's
 * default reserved concurrency and to reject combinations that could run out of connections; the {@link Database}
 * proxy takes its pool share from here; the burst benchmark ({@code tools/bench burst}) takes its bound from
 * {@link #main}.
 *
 * <p>{@code max_connections}: RDS sets it to {@code LEAST(DBInstanceClassMemory / 9531392, 5000)} by default (RDS User
 * Guide, "Maximum number of database connections"). DBInstanceClassMemory is the class's memory less what the OS and
 * RDS keep, so the nominal memory used here gives an upper bound (112 for 1 GiB): a budget over it certainly fails.
 * Of those, {@code superuser_reserved_connections} (3) and {@code rds.rds_superuser_reserved_connections} (2) are never
 * available to the application.
 *
 * <p>Who holds a connection at the peak, without a proxy:
 * <ul>
 *   <li>each ingest execution environment, one (Lambda runs one event at a time per environment, and the handler keeps
 *       one connection). Backfill batches are invocations of the same function (the backfill Map invokes its alias),
 *       so they run inside the ingest function's environments and its reserved concurrency, not beside them;</li>
 *   <li>each worker process, one: {@code WorkerMain} opens one {@code Database} whose connection its task threads
 *       share, however many tasks it runs at once;</li>
 *   <li>the status function and an operator's session ({@link #STATUS_AND_OPERATOR}) and the migrate function
 *       ({@link #MIGRATE}).</li>
 * </ul>
 * With the RDS Proxy every client but the migrate function (which talks to the instance) goes through a pool of
 * {@link #PROXY_MAX_CONNECTIONS_PERCENT}% of {@code max_connections}, so the class no longer limits concurrency.
 */
public final class DatabaseConnections {
    /** Connections RDS for PostgreSQL keeps for superusers and its own agents. */
    public static final int RESERVED = 5;
    /**
     * Connections kept for the status function (invoked on failures and unreserved, so a burst of failures can run
     * several at once) and an operator's session.
     */
    public static final int STATUS_AND_OPERATOR = 5;
    /** The migrate function's Flyway connection (one deploy at a time). */
    public static final int MIGRATE = 1;
    /** Each worker process holds one connection, shared by its task threads. */
    public static final int PER_WORKER = 1;
    /** The ingest function's default reserved concurrency where the database allows it (the prod figure). */
    public static final int INGEST_CONCURRENCY_CAP = 50;
    /** Lambda's default account concurrency, what an unreserved function may reach (Lambda quotas). */
    public static final int UNRESERVED_ACCOUNT_DEFAULT = 1000;
    /**
     * The RDS Proxy's share of {@code max_connections}: the rest stays for the migrate function (direct), an operator
     * and the reserved slots.
     */
    public static final int PROXY_MAX_CONNECTIONS_PERCENT = 90;

    private static final long BYTES_PER_CONNECTION = 9_531_392L;
    private static final int CEILING = 5000;
    private static final Pattern CLASS = Pattern.compile("db\\.([a-z])[a-z0-9-]*\\.(micro|small|medium|large|(\\d*)xlarge)");

    /** Which figure a problem is about, so a caller can name its own setting. */
    public enum Subject {
        /** The ingest function's reserved concurrency (or its absence). */
        INGEST_CONCURRENCY,
        /** How many backfill batches run at once. */
        BACKFILL_CONCURRENCY
    }

    /** One reason the combination does not fit. */
    public record Problem(Subject subject, String message) {
    }

    /**
     * What spends connections: the instance class, the worker processes, the ingest function's reserved concurrency
     * (empty: unreserved), the backfill's width and whether the RDS Proxy is on.
     */
    public record Demand(String instanceClass, int workerCount, Optional<Integer> ingestConcurrency,
                         int backfillConcurrency, boolean proxy) {
    }

    private DatabaseConnections() {
    }

    /** The class's default max_connections (upper bound), or empty for a class whose memory is not known here. */
    public static OptionalInt maxConnections(String instanceClass) {
        OptionalInt gib = memoryGib(instanceClass);
        if (gib.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.min(CEILING, gib.getAsInt() * 1024L * 1024 * 1024 / BYTES_PER_CONNECTION));
    }

    /** Connections PostgreSQL and the clients other than the ingest function keep: reserved slots, workers, status, migrate. */
    public static int headroom(int workerCount) {
        return RESERVED + workerCount * PER_WORKER + STATUS_AND_OPERATOR + MIGRATE;
    }

    /** Without a proxy each ingest environment holds one connection: this many environments fit next to the others. */
    public static int ingestBudget(int maxConnections, int workerCount) {
        return maxConnections - headroom(workerCount);
    }

    /** Database connections behind an RDS Proxy: its pool, shared by every client that goes through it. */
    public static int proxyPool(int maxConnections) {
        return maxConnections * PROXY_MAX_CONNECTIONS_PERCENT / 100;
    }

    /**
     * The ingest function's reserved concurrency when the stack does not set one: {@link #INGEST_CONCURRENCY_CAP}, or
     * the class's {@link #ingestBudget} when that is smaller (at least 1). With a proxy the pool bounds connections, so
     * the cap alone applies.
     */
    public static int defaultReservedConcurrency(String instanceClass, int workerCount, boolean proxy) {
        OptionalInt max = maxConnections(instanceClass);
        if (proxy || max.isEmpty()) {
            return INGEST_CONCURRENCY_CAP;
        }
        return Math.max(1, Math.min(INGEST_CONCURRENCY_CAP, ingestBudget(max.getAsInt(), workerCount)));
    }

    /** Every reason {@code demand} could exceed {@code max_connections} or its own function's concurrency; empty when it fits. */
    public static List<Problem> problems(Demand demand) {
        List<Problem> problems = new ArrayList<>();
        demand.ingestConcurrency().filter(n -> demand.backfillConcurrency() > n).ifPresent(n -> problems.add(new Problem(
            Subject.BACKFILL_CONCURRENCY, demand.backfillConcurrency() + " backfill batches at once cannot run: each is an"
                + " invocation of the ingest function, whose reserved concurrency is " + n + "; Lambda would throttle the"
                + " rest and new uploads would wait behind them. Use at most " + n + ", better fewer")));
        OptionalInt max = maxConnections(demand.instanceClass());
        if (max.isEmpty() || demand.proxy()) {
            return problems;
        }
        int budget = ingestBudget(max.getAsInt(), demand.workerCount());
        int environments = demand.ingestConcurrency().orElse(UNRESERVED_ACCOUNT_DEFAULT);
        if (environments > budget) {
            problems.add(new Problem(Subject.INGEST_CONCURRENCY, (demand.ingestConcurrency().isPresent()
                ? environments + " ingest environments (backfill batches included)"
                : "an unreserved ingest function (up to " + UNRESERVED_ACCOUNT_DEFAULT + " environments, Lambda's default"
                    + " account concurrency)")
                + ", one connection each, plus " + headroom(demand.workerCount()) + " for " + demand.workerCount()
                + " worker(s), the status and migrate functions, an operator and PostgreSQL's " + RESERVED
                + " reserved slots, could exceed max_connections " + max.getAsInt() + " of " + demand.instanceClass()
                + "; use at most " + Math.max(budget, 0) + ", a larger class, or the RDS Proxy"));
        }
        return problems;
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

    /** {@code instanceClass workerCount reservedConcurrency(0: the default) proxy}: prints the figures as key=value (for tools/bench). */
    public static void main(String[] args) {
        String instanceClass = args[0];
        int workers = Integer.parseInt(args[1]);
        boolean proxy = Boolean.parseBoolean(args[3]);
        int environments = args[2].equals("0") ? defaultReservedConcurrency(instanceClass, workers, proxy)
            : Integer.parseInt(args[2]);
        int max = maxConnections(instanceClass).orElseThrow(
            () -> new IllegalArgumentException("no memory figure for " + instanceClass));
        System.out.println("environments=" + environments + " maxConnections=" + max + " bound=" + ingestBudget(max, workers));
    }
}
