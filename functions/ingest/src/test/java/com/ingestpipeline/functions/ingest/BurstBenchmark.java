package com.ingestpipeline.functions.ingest;

import com.ingestpipeline.functions.ingest.BurstSettings.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tools/bench burst}: 1,000 uploads at once through the burst harness ({@link BurstHarness}), once without
 * faults, once behind the RDS Proxy model, then once per fault, in Lambda's real timing (retries after 1 and 2 min,
 * Step Functions throttled for 30 s). Prints a table, then one {@code bench burst...:} line per run. Not a test.
 *
 * <p>Arguments, {@code key=value}: {@code environments} (the function's reserved concurrency), {@code maxConnections}
 * (the instance class's), {@code bound} (the function's share of them), {@code proxyPool} (the proxy's connections to
 * the instance; 0 skips that run), {@code events} (1000), {@code timeScale} (1.0), {@code runs} (comma-separated:
 * none, proxy, db-restart, sfn-throttle, s3-slowdown, env-kill; default all), {@code source} (where the figures came
 * from, printed with the table).
 */
public final class BurstBenchmark {
    private BurstBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
            // exit, not halt: S3Mock's non-daemon threads would keep the JVM alive, and the shutdown hooks stop the
            // embedded PostgreSQL (halt left one server running per benchmark run).
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int events = Integer.parseInt(a.getOrDefault("events", "1000"));
        int environments = Integer.parseInt(required(a, "environments"));
        int maxConnections = Integer.parseInt(required(a, "maxConnections"));
        int bound = Integer.parseInt(required(a, "bound"));
        int proxyPool = Integer.parseInt(a.getOrDefault("proxyPool", "0"));
        double timeScale = Double.parseDouble(a.getOrDefault("timeScale", "1.0"));
        List<String> runs = List.of(a.getOrDefault("runs", "none,proxy,db-restart,sfn-throttle,s3-slowdown,env-kill").split(","));
        BurstSettings base = new BurstSettings(events, environments, maxConnections, bound, 0, Fault.NONE, 0.3, timeScale,
                2, 0.1, Duration.ofSeconds(10));

        String loadBefore = loadAverage();
        List<BurstReport> reports = new ArrayList<>();
        try (BurstHarness.Fixture fixture = new BurstHarness.Fixture(events, maxConnections)) {
            for (String run : runs) {
                BurstSettings s = switch (run) {
                    case "none" -> base;
                    case "proxy" -> proxyPool > 0 ? base.withProxyPool(proxyPool, proxyPool) : null;
                    default -> base.withFault(fault(run));
                };
                if (s == null) {
                    continue;
                }
                System.out.println("running " + s.label() + " ...");
                System.out.flush();
                BurstReport r = BurstHarness.run(s, fixture);
                System.out.println(r.summaryLine());
                reports.add(r);
            }
        }
        System.out.println();
        System.out.println("Figures: " + a.getOrDefault("source", "given on the command line") + ".");
        System.out.println(BurstReport.tableHeader());
        reports.forEach(r -> System.out.println(r.tableRow()));
        System.out.println();
        System.out.println("load average (1/5/15 min) before: " + loadBefore + ", after: " + loadAverage() + ", cores: "
                + Runtime.getRuntime().availableProcessors());
        boolean allClean = reports.stream().allMatch(BurstReport::clean);
        System.out.println(allClean ? "every run: 0 lost, 0 duplicates, 0 stuck, peak within the bound"
                : "SOME RUN DID NOT END CLEAN (see the table)");
        reports.forEach(r -> System.out.println(r.summaryLine()));
        System.out.flush();
        if (!allClean) {
            throw new IllegalStateException("a burst run did not end clean");
        }
    }

    private static Fault fault(String label) {
        for (Fault f : Fault.values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown run '" + label + "' (none, proxy, db-restart, sfn-throttle, s3-slowdown, env-kill)");
    }

    private static String required(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return v;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
