package com.ingestpipeline.functions.worker.job.profile;

import com.ingestpipeline.functions.worker.job.JobContext;
import com.ingestpipeline.functions.worker.job.JobResult;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import com.ingestpipeline.functions.worker.job.SampleCsv;
import com.ingestpipeline.functions.worker.job.duckdb.DuckDbSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * {@code tools/bench worker}: the default job against the same DuckDB statements run bare (plain JDBC,
 * no session thread, no atomic outputs, no JSON) in the same JVM, alternating, median of N. A
 * program, not a test; lives in test sources so it never ships in the worker jar.
 *
 * <p>Arguments: a scratch directory outside the repo, the CSV size in MiB, the number of runs.
 */
public final class WorkerBenchmark {
    /** A t4g.medium (4 GiB, 2 vCPU) running one task with the stack's default heap (25 %). */
    static final DuckDbSettings INSTANCE = DuckDbSettings.derive(4L << 30, 1L << 30, 2, 1, Path.of("unused"));

    private WorkerBenchmark() {
    }

    record Run(double seconds, double cpuSeconds, long outputBytes, String load) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        long size = Long.parseLong(args[1]) << 20;
        int runs = Integer.parseInt(args[2]);
        Path csv = dir.resolve("bench.csv");
        Path gz = dir.resolve("bench.csv.gz");
        if (!Files.exists(csv) || Files.size(csv) < size) {
            System.out.println("generating " + csv + " (" + (size >> 20) + " MiB) and its gzip");
            SampleCsv.generate(csv, size);
            SampleCsv.gzip(csv, gz);
        }
        long input = Files.size(csv);
        System.out.printf("input %d bytes (%.1f MB), gzip %d bytes; DuckDB memory_limit %s, threads %d; load %s%n",
                input, input / 1e6, Files.size(gz), INSTANCE.memoryLimit(), INSTANCE.threads(), load());
        List<Run> job = new ArrayList<>();
        List<Run> bare = new ArrayList<>();
        List<Run> gzipJob = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            job.add(measure(() -> runJob(dir, csv, "none")));
            bare.add(measure(() -> runBare(dir, csv)));
            gzipJob.add(measure(() -> runJob(dir, gz, "gzip")));
            System.out.printf("run %d: job %.2f s, bare %.2f s, gzip job %.2f s (load %s)%n", i + 1,
                    job.get(i).seconds(), bare.get(i).seconds(), gzipJob.get(i).seconds(), load());
        }
        Run j = median(job);
        Run b = median(bare);
        Run g = median(gzipJob);
        double jobMbps = input / 1e6 / j.seconds();
        double bareMbps = input / 1e6 / b.seconds();
        double gzipMbps = input / 1e6 / g.seconds();
        long peakRss = LargeFileProbe.peakRssBytes();
        System.out.println();
        System.out.println("median of " + runs + "                 MB/s  cpu ms/MB  cores  output bytes/input byte  load");
        row("default job (plain CSV)", jobMbps, j, input);
        row("same statements, bare", bareMbps, b, input);
        row("default job (gzip CSV)", gzipMbps, g, input);
        System.out.printf("peak RSS %d MiB (heap max %d MiB, memory_limit %s)%n", peakRss >> 20,
                Runtime.getRuntime().maxMemory() >> 20, INSTANCE.memoryLimit());
        System.out.printf("bench worker: job_mbps=%.1f bare_mbps=%.1f ratio=%.2f output_bytes_per_input_byte=%.3f "
                        + "peak_rss_mb=%d gzip_job_mbps=%.1f%n", jobMbps, bareMbps, jobMbps / bareMbps,
                (double) j.outputBytes() / input, peakRss >> 20, gzipMbps);
    }

    private static void row(String name, double mbps, Run r, long input) {
        System.out.printf("  %-28s %7.1f %10.2f %6.2f %24.3f  %s%n", name, mbps, r.cpuSeconds() * 1000 / (input / 1e6),
                r.cpuSeconds() / r.seconds(), (double) r.outputBytes() / input, r.load());
    }

    /** The job as the worker calls it: a fresh task directory, outputs committed, profile written. */
    private static long runJob(Path dir, Path input, String compression) throws Exception {
        Path task = fresh(dir.resolve("task"));
        JobResult r = new ProfileJob().run(new JobContext(1, input, "csv", compression,
                new OutputFiles(task.resolve("out")),
                new DuckDbSettings(INSTANCE.memoryLimitBytes(), INSTANCE.threads(), task.resolve("tmp"))));
        long bytes = 0;
        for (Path p : r.outputs().values()) {
            bytes += Files.size(p);
        }
        return bytes;
    }

    /** The statements the job runs for a CSV, written out, on a plain connection with the same settings. */
    private static long runBare(Path dir, Path input) throws Exception {
        Path task = fresh(dir.resolve("bare"));
        Properties config = new Properties();
        config.setProperty("memory_limit", INSTANCE.memoryLimit());
        config.setProperty("threads", Integer.toString(INSTANCE.threads()));
        config.setProperty("temp_directory", task.resolve("tmp").toString());
        Path data = task.resolve("data.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", config); Statement st = c.createStatement()) {
            st.execute("CREATE VIEW input AS SELECT * FROM read_csv('" + input + "', header = true, delim = ',', "
                    + "quote = '\"', escape = '\"', compression = 'none', store_rejects = true)");
            st.execute("COPY (SELECT * FROM input) TO '" + data + "' (FORMAT parquet, COMPRESSION zstd)");
            st.execute("COPY (SELECT line, column_name, error_type, error_message, csv_line FROM reject_errors) TO '"
                    + task.resolve("rejects.parquet") + "' (FORMAT parquet, COMPRESSION zstd)");
            StringBuilder stats = new StringBuilder("SELECT count(*)");
            for (String col : List.of("id", "created_at", "\"user\"", "amount", "country", "score", "comment")) {
                stats.append(", count(").append(col).append("), approx_count_distinct(").append(col)
                        .append("), min(").append(col).append(")::VARCHAR, max(").append(col).append(")::VARCHAR");
            }
            for (String col : List.of("id", "amount", "score")) {
                stats.append(", avg(").append(col).append(")");
            }
            st.execute(stats.append(" FROM read_parquet('").append(data).append("')").toString());
        }
        return Files.size(data);
    }

    interface Step {
        long run() throws Exception;
    }

    private static Run measure(Step step) throws Exception {
        String load = load();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        long out = step.run();
        return new Run((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9, out, load);
    }

    private static Run median(List<Run> runs) {
        List<Run> sorted = runs.stream().sorted(Comparator.comparingDouble(Run::seconds)).toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The 1-minute load average (as uptime shows it): the machine is shared. */
    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
