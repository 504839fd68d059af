package com.ingestpipeline.components;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one place for the database connection figures: what an instance class allows, what the stack's other clients
 * hold, and so how many ingest execution environments (each with its own connection) fit. The stack settings use it
 * for the ingest function's default reserved concurrency and to reject combinations that could run out of
 * connections; the burst benchmark ({@code tools/bench burst}) takes its figures from {@link #main}.
 *
 * <p>{@code max_connections} comes from {@link DatabaseConnectionLimits} (RDS's default formula on the class's nominal
 * memory, an upper estimate: 112 for 1 GiB), so the budget below keeps headroom on top.
 */
public final class DatabaseConnections {
    /** Slots no application connection can take (superuser and RDS's own), from {@link DatabaseConnectionLimits}. */
    public static final int SUPERUSER_RESERVED = DatabaseConnectionLimits.RESERVED;
    /**
     * Connections kept for the status function (invoked by the workflow on failures; unreserved, so a burst of
     * failures can run several at once) and an operator's session.
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
    /** The RDS Proxy's share of {@code max_connections}; the rest stays for direct sessions and the reserved slots. */
    public static final int PROXY_MAX_CONNECTIONS_PERCENT = 90;


    private DatabaseConnections() {
    }

    /** RDS's default {@code max_connections} for the class, or empty when the class is unknown (one formula, in
     * {@link DatabaseConnectionLimits}). */
    public static OptionalInt maxConnections(String instanceClass) {
        return DatabaseConnectionLimits.maxConnections(instanceClass);
    }

    /** Connections the other clients and PostgreSQL itself keep: reserved slots, workers, status, migrate. */
    public static int headroom(int workerCount) {
        return SUPERUSER_RESERVED + workerCount * PER_WORKER + STATUS_AND_OPERATOR + MIGRATE;
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

    /**
     * Why this combination could exceed {@code max_connections}, or empty when it cannot (or the class is unknown).
     * {@code reservedConcurrency} empty means unreserved: up to the account's concurrency.
     */
    public static Optional<String> overBudget(String instanceClass, int workerCount, Optional<Integer> reservedConcurrency,
                                              boolean proxy) {
        OptionalInt max = maxConnections(instanceClass);
        if (max.isEmpty() || proxy) {
            return Optional.empty();
        }
        int environments = reservedConcurrency.orElse(UNRESERVED_ACCOUNT_DEFAULT);
        int budget = ingestBudget(max.getAsInt(), workerCount);
        if (environments <= budget) {
            return Optional.empty();
        }
        return Optional.of((reservedConcurrency.isPresent() ? environments + " ingest environments"
                : "an unreserved ingest function (up to " + UNRESERVED_ACCOUNT_DEFAULT + " environments, Lambda's default"
                    + " account concurrency)")
            + ", one connection each, plus " + headroom(workerCount) + " for " + workerCount + " worker(s), the status"
            + " and migrate functions and PostgreSQL's reserved slots, could exceed max_connections " + max.getAsInt()
            + " of " + instanceClass + "; use at most " + Math.max(budget, 0) + ", a larger class, or the RDS Proxy");
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
